import pytest

from evaluation.domain import (
    COUNTED_EVENTS,
    Counted,
    FactKind,
    KindTotal,
    counted,
    left,
    program_metrics,
    withdrawal,
)
from mentoring_contracts import EVENTS
from mentoring_contracts.api import ProgramMetrics
from mentoring_runtime.errors import NotFound
from tests.support.factories import (
    meeting_logged,
    mentee_enrolled,
    mentor_enrolled,
    pair_matched,
    participant_withdrawn,
)

pytestmark = pytest.mark.unit


def test_totals_per_kind_become_the_programme_metrics() -> None:
    totals = {
        FactKind.PROGRAM: KindTotal(1),
        FactKind.MENTOR: KindTotal(3),
        FactKind.MENTEE: KindTotal(4),
        FactKind.PAIR: KindTotal(2),
        FactKind.MEETING: KindTotal(3, minutes=135),
    }
    expected = ProgramMetrics(mentors=3, mentees=4, pairs=2, meetings_logged=3, meeting_hours=2.25)
    assert program_metrics("g1", totals) == expected


def test_kinds_nobody_has_counted_yet_are_zero() -> None:
    assert program_metrics("g1", {FactKind.PROGRAM: KindTotal(1)}) == ProgramMetrics(
        mentors=0, mentees=0, pairs=0, meetings_logged=0, meeting_hours=0
    )


def test_meeting_hours_are_rounded_to_two_decimals() -> None:
    totals = {FactKind.PROGRAM: KindTotal(1), FactKind.MEETING: KindTotal(1, minutes=50)}
    assert program_metrics("g1", totals).meeting_hours == 0.83


def test_a_programme_never_seen_opened_has_no_metrics() -> None:
    with pytest.raises(NotFound, match="no program 'g1'"):
        program_metrics("g1", {FactKind.MENTOR: KindTotal(2)})


def test_each_event_counts_as_its_kind_and_meetings_bring_their_minutes() -> None:
    assert counted(meeting_logged(minutes=45, program_id="g2")) == Counted("g2", FactKind.MEETING, 45)
    assert counted(pair_matched(program_id="g2")) == Counted("g2", FactKind.PAIR)
    enrolled = mentor_enrolled("m1", program_id="g2")
    assert counted(enrolled) == Counted("g2", FactKind.MENTOR, participant_id=enrolled.participant_id)


def test_participants_who_left_are_taken_off_the_mentor_and_mentee_figures() -> None:
    totals = {
        FactKind.PROGRAM: KindTotal(1),
        FactKind.MENTOR: KindTotal(3),
        FactKind.MENTEE: KindTotal(4),
        FactKind.MENTOR_LEFT: KindTotal(1),
        FactKind.MENTEE_LEFT: KindTotal(2),
    }
    assert (program_metrics("g1", totals).mentors, program_metrics("g1", totals).mentees) == (2, 2)


def test_a_withdrawal_leaves_once_per_participant_as_their_role() -> None:
    mentor, mentee = mentor_enrolled("m1", program_id="g2"), mentee_enrolled("e1", program_id="g2")
    told_twice = [left(withdrawal(participant_withdrawn(mentor, by_coordinator=flag))) for flag in (False, True)]
    assert told_twice[0] == told_twice[1] == (f"left:{mentor.participant_id}", Counted("g2", FactKind.MENTOR_LEFT))
    assert left(withdrawal(participant_withdrawn(mentee)))[1] == Counted("g2", FactKind.MENTEE_LEFT)


def test_every_counted_event_is_a_published_event() -> None:
    assert set(COUNTED_EVENTS) <= set(EVENTS.values())
