"""Evaluation's rules, free of I/O: what each event counts as, and how per-kind totals become metrics."""

from collections.abc import Mapping
from dataclasses import dataclass

from mentoring_contracts.api import ProgramMetrics

# Each counted event is one fact of one kind; meetings also carry their minutes.
KIND_OF_EVENT = {
    "ProgramOpened": "program",
    "MentorEnrolled": "mentor",
    "MenteeEnrolled": "mentee",
    "PairMatched": "pair",
    "MeetingLogged": "meeting",
}


@dataclass(frozen=True)
class KindTotal:
    count: int
    minutes: int = 0


class UnknownProgram(Exception):
    """Evaluation has not seen the programme opened in this agency."""


def program_metrics(totals: Mapping[str, KindTotal]) -> ProgramMetrics:
    if "program" not in totals:
        raise UnknownProgram
    none = KindTotal(0)
    return ProgramMetrics(
        mentors=totals.get("mentor", none).count,
        mentees=totals.get("mentee", none).count,
        pairs=totals.get("pair", none).count,
        meetings_logged=totals.get("meeting", none).count,
        meeting_hours=round(totals.get("meeting", none).minutes / 60, 2),
    )
