"""Every status, kind and role of the platform, named once and used on both sides of the wire.

A value the producer writes and the reader checks must come from the same enum, or one side drifts: a match run
stored as `failed` that the response model did not allow answered 500 until both sides read this module.
"""

from enum import StrEnum


class Service(StrEnum):
    """The deployables. Each owns its data, publishes on its own topic and answers a part of the public API."""

    ENROLMENT = "enrolment"
    MATCHING = "matching"
    SCHEDULING = "scheduling"
    EVALUATION = "evaluation"
    GATEWAY = "gateway"


class Role(StrEnum):
    """Roles a token grants (its `roles` claim)."""

    COORDINATOR = "coordinator"
    MENTOR = "mentor"
    MENTEE = "mentee"


class ParticipantRole(StrEnum):
    """The part a person takes in one programme."""

    MENTOR = "mentor"
    MENTEE = "mentee"


class ProgramKind(StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"  # one mentor for a batch of mentees
    PEER = "peer"


class ProgramStatus(StrEnum):
    """draft → open → running → closed. Only a draft is edited freely; people enrol while open or running."""

    DRAFT = "draft"
    OPEN = "open"
    RUNNING = "running"
    CLOSED = "closed"

    @property
    def enrolling(self) -> bool:
        return self in (ProgramStatus.OPEN, ProgramStatus.RUNNING)


class ApplicationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def decided(self) -> bool:
        return self is not ApplicationStatus.PENDING


class EligibilityRule(StrEnum):
    """The rules a programme can set; an application names each one it does not meet."""

    MONTHS_OF_SERVICE = "months_of_service"
    GOOD_STANDING = "good_standing"
    GRADE = "grade"
    INFO_SESSION = "info_session"


class ImportStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class MatchRunStatus(StrEnum):
    REQUESTED = "requested"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (MatchRunStatus.COMPLETED, MatchRunStatus.FAILED)
