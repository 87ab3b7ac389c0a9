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


class MatchRunStatus(StrEnum):
    REQUESTED = "requested"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (MatchRunStatus.COMPLETED, MatchRunStatus.FAILED)
