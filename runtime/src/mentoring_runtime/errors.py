"""The kinds of refusal a domain can raise, each mapped to one HTTP status in one place (`web.py`).

Domain packages raise these and import nothing else from the runtime, so they stay free of I/O: this module imports
only the standard library, which a contract test checks. A message names what is wrong and what to do next; it is
shown to the caller as it is, so it never carries another agency's data.
"""


class DomainError(Exception):
    """A request the domain refuses. Subclasses say why; the message says what to do about it."""


class NotFound(DomainError):
    """No such thing in the caller's agency. Another agency's resource is reported exactly like a missing one."""


class Forbidden(DomainError):
    """The caller may not do this to this resource (their role was fine, their relation to it is not)."""


class Conflict(DomainError):
    """The resource's current state does not allow this, or another writer got there first."""


class Invalid(DomainError):
    """The request has the right shape but breaks a domain rule; `field` names the offending field."""

    def __init__(self, message: str, field: str = "body") -> None:
        super().__init__(message)
        self.field = field


class NotReady(Exception):
    """The service cannot take writes yet: it is still connecting to what it depends on. Answered 503."""
