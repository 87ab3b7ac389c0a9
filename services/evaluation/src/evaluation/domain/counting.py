"""Every counting rule of evaluation in one place: which events count, as what, and what the totals mean.

Each counted event is one fact of one kind; meetings also carry their minutes. A programme evaluation has not
seen opened (in the caller's agency) has no metrics: it is reported as not found, like another agency's.

A withdrawal takes an enrolled participant off the mentor or mentee figure, once. Every figure is a count of facts
each stored once under a unique key, so the decrement is a fact too: a `left` fact of the participant's role, keyed
by their participant id, and `mentors` is mentors enrolled less mentors left. It is counted only for a participant
whose enrolment was counted: a pending application can be withdrawn too, and was never a mentor or a mentee here.
Keyed by participant, the decrement counts once however often, and by however many events, the withdrawal comes.
Enrolments counted by an earlier version of evaluation carry no participant id: withdrawing someone they counted
changes no figure. Counting withdrawals as a figure of their own was the other way; it was not taken, as it would
leave `mentors` and `mentees` counting people who have left.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from mentoring_contracts import (
    Event,
    MeetingLogged,
    MenteeEnrolled,
    MentorEnrolled,
    PairMatched,
    ParticipantWithdrawn,
    ProgramOpened,
)
from mentoring_contracts.api import ProgramMetrics
from mentoring_contracts.names import ParticipantRole
from mentoring_runtime.errors import NotFound


class FactKind(StrEnum):
    PROGRAM = "program"
    MENTOR = "mentor"
    MENTEE = "mentee"
    PAIR = "pair"
    MEETING = "meeting"
    MENTOR_LEFT = "mentor_left"
    MENTEE_LEFT = "mentee_left"


COUNTED_EVENTS: dict[type[Event], FactKind] = {
    ProgramOpened: FactKind.PROGRAM,
    MentorEnrolled: FactKind.MENTOR,
    MenteeEnrolled: FactKind.MENTEE,
    PairMatched: FactKind.PAIR,
    MeetingLogged: FactKind.MEETING,
}
LEFT = {ParticipantRole.MENTOR: FactKind.MENTOR_LEFT, ParticipantRole.MENTEE: FactKind.MENTEE_LEFT}


@dataclass(frozen=True)
class Counted:
    program_id: str
    kind: FactKind
    minutes: int = 0
    participant_id: str | None = None  # an enrolment's, so that a withdrawal can find it


@dataclass(frozen=True)
class KindTotal:
    count: int
    minutes: int = 0


@dataclass(frozen=True)
class Withdrawal:
    participant_id: str
    program_id: str
    role: ParticipantRole


def counted(event: Event) -> Counted:
    """What one event adds to its programme's figures."""
    minutes = event.duration_minutes if isinstance(event, MeetingLogged) else 0
    participant = event.participant_id if isinstance(event, MentorEnrolled | MenteeEnrolled) else None
    return Counted(event.program_id, COUNTED_EVENTS[type(event)], minutes, participant)  # type: ignore[attr-defined]


def withdrawal(event: ParticipantWithdrawn) -> Withdrawal:
    return Withdrawal(event.participant_id, event.program_id, event.role)


def left(withdrawal: Withdrawal) -> tuple[str, Counted]:
    """The key and the fact of an enrolled participant's withdrawal: one per participant, however often told."""
    return f"left:{withdrawal.participant_id}", Counted(withdrawal.program_id, LEFT[withdrawal.role])


def with_fact(totals: Mapping[FactKind, KindTotal], fact: Counted) -> dict[FactKind, KindTotal]:
    """The totals after one more fact."""
    so_far = totals.get(fact.kind, KindTotal(0))
    return {**totals, fact.kind: KindTotal(so_far.count + 1, so_far.minutes + fact.minutes)}


def program_metrics(program_id: str, totals: Mapping[FactKind, KindTotal]) -> ProgramMetrics:
    if FactKind.PROGRAM not in totals:
        raise NotFound(f"no program {program_id!r} in your agency")
    none = KindTotal(0)

    def count(kind: FactKind) -> int:
        return totals.get(kind, none).count

    return ProgramMetrics(
        mentors=count(FactKind.MENTOR) - count(FactKind.MENTOR_LEFT),
        mentees=count(FactKind.MENTEE) - count(FactKind.MENTEE_LEFT),
        pairs=count(FactKind.PAIR),
        meetings_logged=count(FactKind.MEETING),
        meeting_hours=round(totals.get(FactKind.MEETING, none).minutes / 60, 2),
    )
