"""Who may read and write what evaluation keeps of a partnership: its members read and write, its programme's
coordinators (the agency's, as everywhere on the platform) read; nobody else learns more than that it is not theirs.
A partnership that ended keeps what it had: read, never changed."""

from evaluation.domain.partnership import Partnership
from mentoring_runtime.errors import Conflict, Forbidden


def readable_by(partnership: Partnership, person_id: str, coordinator: bool, what: str) -> None:
    if not coordinator and not partnership.is_member(person_id):
        raise Forbidden(f"only the {partnership.noun}'s members or the programme's coordinator can {what}")


def writable_by(partnership: Partnership, person_id: str, what: str) -> None:
    if not partnership.is_member(person_id):
        raise Forbidden(f"only the {partnership.noun}'s members can {what}")


def still_going(partnership: Partnership, what: str) -> None:
    if partnership.ended is not None:
        raise Conflict(
            f"the {partnership.noun} has {partnership.ended.status} ({partnership.ended.at:%Y-%m-%d}): {what}"
        )
