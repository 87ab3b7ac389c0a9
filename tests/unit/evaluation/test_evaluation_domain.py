import pytest

from evaluation.domain import KIND_OF_EVENT, KindTotal, UnknownProgram, program_metrics
from mentoring_contracts import EVENTS
from mentoring_contracts.api import ProgramMetrics

pytestmark = pytest.mark.unit


def test_totals_per_kind_become_the_programme_metrics() -> None:
    totals = {
        "program": KindTotal(1),
        "mentor": KindTotal(3),
        "mentee": KindTotal(4),
        "pair": KindTotal(2),
        "meeting": KindTotal(3, minutes=135),
    }
    expected = ProgramMetrics(mentors=3, mentees=4, pairs=2, meetings_logged=3, meeting_hours=2.25)
    assert program_metrics(totals) == expected


def test_kinds_nobody_has_counted_yet_are_zero() -> None:
    assert program_metrics({"program": KindTotal(1)}) == ProgramMetrics(
        mentors=0, mentees=0, pairs=0, meetings_logged=0, meeting_hours=0
    )


def test_meeting_hours_are_rounded_to_two_decimals() -> None:
    totals = {"program": KindTotal(1), "meeting": KindTotal(1, minutes=50)}
    assert program_metrics(totals).meeting_hours == 0.83


def test_a_programme_never_seen_opened_has_no_metrics() -> None:
    with pytest.raises(UnknownProgram):
        program_metrics({"mentor": KindTotal(2)})


def test_every_counted_event_is_a_published_event() -> None:
    published = {event_type for event_type, _ in EVENTS}
    assert set(KIND_OF_EVENT) <= published
