from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from mentoring_contracts import Cadence, MeetingOverdue, PartnershipInactive
from mentoring_contracts.names import CadenceStanding, MeetingFrequency, PartnershipStatus
from scheduling.domain.cadence import CadenceRecord, due, expected_meetings
from scheduling.domain.cadence import record_standing as standing
from scheduling.domain.partnership import CadenceReported

pytestmark = pytest.mark.unit

SINCE = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday morning
WEEK = timedelta(days=7)
DAY = timedelta(days=1)
WEEKLY_ONCE = Cadence(meetings_per_month=4, hours_per_month=4)


def record(*met_at: datetime, frequency=MeetingFrequency.WEEKLY, cadence=WEEKLY_ONCE, **changes) -> CadenceRecord:
    return replace(
        CadenceRecord(
            pair_id="p1",
            program_id="g1",
            status=PartnershipStatus.ACTIVE,
            active_since=SINCE,
            frequency=frequency,
            cadence=cadence,
            met_at=met_at,
        ),
        **changes,
    )


def reported(partnership: CadenceRecord, *reports) -> CadenceRecord:
    """The partnership as its fold has it once `reports` are recorded."""
    marks = partnership.reported
    for report in reports:
        marks = marks.after(report, partnership.active_since)
    return replace(partnership, reported=marks)


def overdue_periods(reports) -> list[tuple[datetime, datetime]]:
    return [(r.period_start, r.period_end) for r in reports if isinstance(r, MeetingOverdue)]


@pytest.mark.parametrize(
    ("per_month", "frequency", "expected"),
    [
        (2, MeetingFrequency.WEEKLY, 1),  # 0.47 a week, but the pair agreed to meet weekly
        (4, MeetingFrequency.WEEKLY, 1),
        (8, MeetingFrequency.WEEKLY, 2),  # 1.87
        (15, MeetingFrequency.WEEKLY, 4),  # 3.5, rounded half up
        (1, MeetingFrequency.FORTNIGHTLY, 1),
        (5, MeetingFrequency.FORTNIGHTLY, 2),  # 2.33
        (4, MeetingFrequency.MONTHLY, 4),
        (1, MeetingFrequency.MONTHLY, 1),
    ],
)
def test_a_period_expects_the_monthly_number_spread_over_it_and_at_least_one(per_month, frequency, expected) -> None:
    assert expected_meetings(Cadence(meetings_per_month=per_month, hours_per_month=1), frequency) == expected


@pytest.mark.parametrize("status", [PartnershipStatus.PENDING_AGREEMENT, PartnershipStatus.DISSOLVED, "closed"])
def test_a_partnership_that_is_not_active_is_not_watched(status) -> None:
    quiet = record(status=PartnershipStatus(status), active_since=None if status == "pending_agreement" else SINCE)
    assert due(quiet, SINCE + 200 * DAY) == []
    assert standing(quiet, SINCE + 200 * DAY) is None


def test_a_period_is_missed_once_it_settled_two_days_after_its_end_without_its_meeting() -> None:
    quiet = record()
    assert due(quiet, SINCE + WEEK) == []
    assert due(quiet, SINCE + WEEK + 2 * DAY - timedelta(seconds=1)) == []
    [report] = due(quiet, SINCE + WEEK + 2 * DAY)
    assert isinstance(report, MeetingOverdue)
    assert (report.pair_id, report.program_id) == ("p1", "g1")
    assert (report.period_start, report.period_end) == (SINCE, SINCE + WEEK)
    assert (report.expected_meetings, report.held_meetings, report.days_overdue) == (1, 0, 2.0)


def test_a_meeting_held_in_the_period_and_logged_in_the_grace_keeps_it_met() -> None:
    on_the_last_evening = SINCE + WEEK - timedelta(hours=1)
    assert due(record(on_the_last_evening), SINCE + WEEK + 2 * DAY) == []


def test_a_meeting_at_the_very_end_of_a_period_counts_for_the_next_one() -> None:
    reports = due(record(SINCE + WEEK), SINCE + 2 * WEEK + 2 * DAY)
    assert overdue_periods(reports) == [(SINCE, SINCE + WEEK)]


def test_meetings_before_the_partnership_became_active_or_after_now_count_for_nothing() -> None:
    before = SINCE - DAY
    later = SINCE + 3 * DAY
    assert overdue_periods(due(record(before, later), SINCE + 2 * DAY + WEEK - DAY)) == []  # not settled yet
    now = SINCE + WEEK + 2 * DAY
    assert overdue_periods(due(record(before), now)) == [(SINCE, SINCE + WEEK)]
    assert due(record(before, later), now) == []
    assert standing(record(before), SINCE + 90 * DAY - timedelta(seconds=1)) is CadenceStanding.OVERDUE
    inactive = due(record(before), SINCE + 90 * DAY)[-1]
    assert isinstance(inactive, PartnershipInactive)
    assert (inactive.last_met_at, inactive.days_without_meeting) == (None, 90.0)


def test_a_monthly_schedule_of_a_programme_asking_four_a_month_misses_with_three() -> None:
    cadence = Cadence(meetings_per_month=4, hours_per_month=6)
    three = [SINCE + n * WEEK for n in range(3)]
    [report] = due(record(*three, frequency=MeetingFrequency.MONTHLY, cadence=cadence), SINCE + 32 * DAY)
    assert (report.period_end, report.expected_meetings, report.held_meetings) == (SINCE + 30 * DAY, 4, 3)
    four = record(*three, SINCE + 29 * DAY, frequency=MeetingFrequency.MONTHLY, cadence=cadence)
    assert due(four, SINCE + 32 * DAY) == []


def test_each_missed_period_is_reported_once_oldest_first_and_a_met_one_never() -> None:
    met_in_the_second = record(SINCE + WEEK + DAY)
    now = SINCE + 4 * WEEK + 2 * DAY
    reports = due(met_in_the_second, now)
    assert overdue_periods(reports) == [
        (SINCE, SINCE + WEEK),
        (SINCE + 2 * WEEK, SINCE + 3 * WEEK),
        (SINCE + 3 * WEEK, SINCE + 4 * WEEK),
    ]
    assert [r.days_overdue for r in reports] == [23.0, 9.0, 2.0]
    first = reported(met_in_the_second, reports[0])
    assert due(first, now) == reports[1:]
    assert due(reported(met_in_the_second, *reports), now) == []
    assert due(reported(met_in_the_second, *reports), now + 4 * DAY) == []  # the next period has not settled


def test_what_was_reported_stays_reported_whatever_order_it_is_folded_in() -> None:
    now = SINCE + 3 * WEEK + 2 * DAY
    older, newer, newest = due(record(), now)
    assert reported(record(), newest, older).reported.overdue_through == SINCE + 3 * WEEK
    assert due(reported(record(), newer, older), now) == [newest]


def test_a_missed_period_filled_by_a_meeting_logged_late_is_not_reported() -> None:
    now = SINCE + 2 * WEEK + 2 * DAY
    assert overdue_periods(due(record(SINCE + 2 * DAY), now)) == [(SINCE + WEEK, SINCE + 2 * WEEK)]


def test_after_a_long_absence_only_the_last_thirty_days_of_missed_periods_are_reported() -> None:
    now = SINCE + 20 * WEEK + 2 * DAY
    met_every_week = record(*(SINCE + n * WEEK + DAY for n in range(15)))
    reports = due(met_every_week, now)
    assert overdue_periods(reports) == [(SINCE + n * WEEK, SINCE + (n + 1) * WEEK) for n in (16, 17, 18, 19)]
    assert all(r.days_overdue < 30 for r in reports)
    later = now + 10 * WEEK
    assert overdue_periods(due(reported(met_every_week, *reports), later)) == [
        (SINCE + n * WEEK, SINCE + (n + 1) * WEEK) for n in (26, 27, 28, 29)
    ]


def test_a_stretch_without_meetings_is_inactive_at_the_programmes_threshold_and_reported_once() -> None:
    cadence = Cadence(meetings_per_month=1, hours_per_month=1, inactive_after_days=30)
    quiet = record(frequency=MeetingFrequency.MONTHLY, cadence=cadence)
    assert not [r for r in due(quiet, SINCE + 30 * DAY - timedelta(seconds=1)) if isinstance(r, PartnershipInactive)]
    [inactive] = due(quiet, SINCE + 30 * DAY)
    assert inactive == PartnershipInactive(
        pair_id="p1", program_id="g1", last_met_at=None, days_without_meeting=30.0, inactive_after_days=30
    )
    overdue_then_inactive = due(quiet, SINCE + 32 * DAY)
    assert [type(r) for r in overdue_then_inactive] == [MeetingOverdue, PartnershipInactive]
    assert due(reported(quiet, *overdue_then_inactive), SINCE + 59 * DAY) == []


def test_a_meeting_after_the_reported_stretch_opens_a_new_one() -> None:
    quiet = reported(record(), *due(record(), SINCE + 90 * DAY))
    met = SINCE + 95 * DAY
    again = replace(quiet, met_at=(met,))
    assert [r for r in due(again, SINCE + 185 * DAY - DAY) if isinstance(r, PartnershipInactive)] == []
    inactive = [r for r in due(again, SINCE + 185 * DAY) if isinstance(r, PartnershipInactive)]
    assert [(r.last_met_at, r.days_without_meeting) for r in inactive] == [(met, 90.0)]
    assert reported(again, *inactive).reported == CadenceReported(quiet.reported.overdue_through, met)


def test_standing_is_on_track_until_a_settled_period_is_missed_and_again_once_the_pair_meets() -> None:
    quiet = record()
    assert standing(quiet, SINCE + WEEK + DAY) is CadenceStanding.ON_TRACK
    assert standing(quiet, SINCE + WEEK + 2 * DAY) is CadenceStanding.OVERDUE
    met_again = record(SINCE + WEEK + 3 * DAY)
    assert standing(met_again, SINCE + WEEK + 2 * DAY) is CadenceStanding.OVERDUE  # not yet held as of then
    assert standing(met_again, SINCE + WEEK + 3 * DAY) is CadenceStanding.ON_TRACK
    assert standing(met_again, SINCE + 2 * WEEK + 2 * DAY) is CadenceStanding.ON_TRACK  # the second week held one
    assert standing(met_again, SINCE + 3 * WEEK + 2 * DAY) is CadenceStanding.OVERDUE


def test_standing_does_not_depend_on_what_was_reported() -> None:
    now = SINCE + WEEK + 2 * DAY
    assert standing(reported(record(), *due(record(), now)), now) is CadenceStanding.OVERDUE


def test_standing_is_inactive_from_the_programmes_threshold_whatever_the_periods_say() -> None:
    met_once = record(SINCE + DAY)
    assert standing(met_once, SINCE + 91 * DAY - timedelta(minutes=1)) is CadenceStanding.OVERDUE
    assert standing(met_once, SINCE + 91 * DAY) is CadenceStanding.INACTIVE
    met_monthly = record(
        SINCE + DAY,
        frequency=MeetingFrequency.MONTHLY,
        cadence=Cadence(meetings_per_month=1, hours_per_month=1, inactive_after_days=7),
    )
    assert standing(met_monthly, SINCE + 8 * DAY) is CadenceStanding.INACTIVE
