"""Every counting rule of evaluation in one place: which events count, as what, and what the totals mean.

Each counted event is one fact of one kind; meetings also carry their minutes. A programme evaluation has not
seen opened (in the caller's agency) has no metrics: it is reported as not found, like another agency's.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from mentoring_contracts import Event, MeetingLogged, MenteeEnrolled, MentorEnrolled, PairMatched, ProgramOpened
from mentoring_contracts.api import ProgramMetrics
from mentoring_runtime.errors import NotFound


class FactKind(StrEnum):
    PROGRAM = "program"
    MENTOR = "mentor"
    MENTEE = "mentee"
    PAIR = "pair"
    MEETING = "meeting"


COUNTED_EVENTS: dict[type[Event], FactKind] = {
    ProgramOpened: FactKind.PROGRAM,
    MentorEnrolled: FactKind.MENTOR,
    MenteeEnrolled: FactKind.MENTEE,
    PairMatched: FactKind.PAIR,
    MeetingLogged: FactKind.MEETING,
}


@dataclass(frozen=True)
class Counted:
    program_id: str
    kind: FactKind
    minutes: int = 0


@dataclass(frozen=True)
class KindTotal:
    count: int
    minutes: int = 0


def counted(event: Event) -> Counted:
    """What one event adds to its programme's figures."""
    minutes = event.duration_minutes if isinstance(event, MeetingLogged) else 0
    return Counted(event.program_id, COUNTED_EVENTS[type(event)], minutes)  # type: ignore[attr-defined]


def with_fact(totals: Mapping[FactKind, KindTotal], fact: Counted) -> dict[FactKind, KindTotal]:
    """The totals after one more fact."""
    so_far = totals.get(fact.kind, KindTotal(0))
    return {**totals, fact.kind: KindTotal(so_far.count + 1, so_far.minutes + fact.minutes)}


def program_metrics(program_id: str, totals: Mapping[FactKind, KindTotal]) -> ProgramMetrics:
    if FactKind.PROGRAM not in totals:
        raise NotFound(f"no program {program_id!r} in your agency")
    none = KindTotal(0)
    return ProgramMetrics(
        mentors=totals.get(FactKind.MENTOR, none).count,
        mentees=totals.get(FactKind.MENTEE, none).count,
        pairs=totals.get(FactKind.PAIR, none).count,
        meetings_logged=totals.get(FactKind.MEETING, none).count,
        meeting_hours=round(totals.get(FactKind.MEETING, none).minutes / 60, 2),
    )
