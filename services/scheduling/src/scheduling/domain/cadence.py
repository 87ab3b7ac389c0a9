"""Cadence: when an active partnership fell behind the meetings its schedule expects, and when it went quiet.

Invariant: a missed period, and a stretch without meetings, is reported at most once per partnership, and what is
reported follows from the partnership's own stream alone (its meetings, its schedule, what it already reported) and
the time asked about. The checker decides on the held partnership and records at the version it decided on, so two
instances, or one restarted, never report the same thing twice: the loser of the race reads the stream again and
finds it reported. Nothing here reads a clock; `now` is always given.

The rules, as a coordinator would expect them (the issue leaves them open):

- Only an active partnership is watched. Pending its agreement, dissolved or closed, nothing is due and it has no
  standing.
- Periods are consecutive windows of the agreed schedule's frequency (7, 14 or 30 days) from the moment the
  partnership became active: period k is [active_since + k·days, active_since + (k+1)·days).
- A period expects max(1, the programme's meetings per month × days / 30, rounded half up) meetings: the monthly
  number spread over the period, and at least one, because the pair agreed to meet that often (2 a month on a weekly
  schedule expects 1 a week; 4 a month on a monthly schedule expects 4). Hours per month do not make a period missed:
  a short meeting is still a meeting, and the nudge an integrator sends asks a pair to meet.
- A meeting counts for the period its `held_at` falls in. One held before the partnership became active, or later
  than `now`, counts for none (as of `now` it has not happened while the cadence applied).
- A period is settled GRACE (2 days) after it ends, because people log a meeting after it took place: a pair who met
  on the period's last evening and logs it the next day is not nudged. A settled period that held fewer meetings than
  it expects is missed.
- Each missed period is reported once, oldest first, as `MeetingOverdue` (days_overdue counts from the period's end),
  but only if it ended within the last STALE_AFTER (30 days): after the checker was away for long (an outage, a
  restored backup), integrators get at most a month of catching up, not a nudge about every week of last year. A
  partnership silent for that long is what `PartnershipInactive` is for. An older missed period is never reported:
  the window only moves forward.
- What was reported is remembered as a watermark, the end of the latest period reported (the fold's
  `CadenceReported.overdue_through`): periods are reported in order and a period that was met stays met (meetings
  are only ever added), so nothing before the watermark is pending. It stays one value however long the
  partnership runs.
- A stretch without meetings starts at the latest meeting held (as above) or, before any, when the partnership became
  active. Once it has lasted the programme's `inactive_after_days`, `PartnershipInactive` is reported, once per
  stretch: the fold remembers the stretch's start (`CadenceReported.inactive_since`), and only a meeting held after
  it opens a new stretch to be reported.
- Standing, for the coordinator's list: `inactive` while the current stretch has lasted the threshold (reported or
  not); else `overdue` when the latest settled period was missed and no meeting was held since it ended; else
  `on_track`. So a pair that meets again is back on track at once, without waiting for a period to end.

The rules work on plain values (`CadenceRecord`: `due`, `record_standing`); `reports_due` and `standing` apply them
to a partnership as held, under its programme's terms.
"""

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mentoring_contracts import Cadence, MeetingOverdue, PartnershipInactive
from mentoring_contracts.names import CadenceStanding, MeetingFrequency, PartnershipStatus
from scheduling.domain.partnership import CadenceReported, Partnership
from scheduling.domain.programs import ProgramTerms

GRACE = timedelta(days=2)
STALE_AFTER = timedelta(days=30)
DAYS_PER_MONTH = 30
ONE_DAY = timedelta(days=1)

CadenceReport = MeetingOverdue | PartnershipInactive


@dataclass(frozen=True)
class CadenceRecord:
    """A partnership as the cadence sees it: plain values from its stream and its programme's terms."""

    pair_id: str
    program_id: str
    status: PartnershipStatus
    active_since: datetime | None
    frequency: MeetingFrequency
    cadence: Cadence
    met_at: Sequence[datetime] = ()  # when each held meeting took place, in any order
    reported: CadenceReported = field(default_factory=CadenceReported)


def expected_meetings(cadence: Cadence, frequency: MeetingFrequency) -> int:
    """The meetings one period of the schedule expects: the programme's monthly number spread over it, at least one."""
    # meetings_per_month × days / 30, rounded half up, in whole numbers
    return max(1, (2 * cadence.meetings_per_month * frequency.days + DAYS_PER_MONTH) // (2 * DAYS_PER_MONTH))


@dataclass(frozen=True)
class _Watch:
    """A watched partnership at one moment: its periods and the meetings that count, in order."""

    record: CadenceRecord
    since: datetime
    now: datetime
    held: list[datetime]

    @property
    def period(self) -> timedelta:
        return timedelta(days=self.record.frequency.days)

    @property
    def expected(self) -> int:
        return expected_meetings(self.record.cadence, self.record.frequency)

    def bounds(self, index: int) -> tuple[datetime, datetime]:
        start = self.since + index * self.period
        return start, start + self.period

    def held_between(self, start: datetime, end: datetime) -> int:
        return bisect_left(self.held, end) - bisect_left(self.held, start)

    def met_since(self, moment: datetime) -> bool:
        return bisect_left(self.held, moment) < len(self.held)

    def settled(self) -> int:
        """How many periods are settled: ended at least GRACE ago."""
        return max(0, (self.now - GRACE - self.since) // self.period)

    def first_ending_after(self, moment: datetime) -> int:
        return max(0, (moment - self.since) // self.period)

    def missed(self, index: int) -> tuple[datetime, datetime, int] | None:
        """The period's bounds and meetings held, when it held fewer than expected."""
        start, end = self.bounds(index)
        held = self.held_between(start, end)
        return (start, end, held) if held < self.expected else None

    @property
    def stretch_start(self) -> datetime:
        return self.held[-1] if self.held else self.since

    @property
    def quiet_for(self) -> timedelta:
        return self.now - self.stretch_start

    @property
    def inactive(self) -> bool:
        return self.quiet_for >= timedelta(days=self.record.cadence.inactive_after_days)


def _watch(record: CadenceRecord, now: datetime) -> _Watch | None:
    if record.status is not PartnershipStatus.ACTIVE or record.active_since is None:
        return None
    since = record.active_since
    return _Watch(record, since, now, sorted(moment for moment in record.met_at if since <= moment <= now))


def due(record: CadenceRecord, now: datetime) -> list[CadenceReport]:
    """What is due to be reported as of `now` and not reported yet: each missed period, oldest first, then the
    stretch without meetings. Recording the first and asking again gives the rest."""
    watch = _watch(record, now)
    if watch is None:
        return []
    reports: list[CadenceReport] = [*_overdue(watch)]
    inactive_since = record.reported.inactive_since
    if watch.inactive and (inactive_since is None or watch.stretch_start > inactive_since):
        reports.append(
            PartnershipInactive(
                pair_id=record.pair_id,
                program_id=record.program_id,
                last_met_at=watch.held[-1] if watch.held else None,
                days_without_meeting=_days(watch.quiet_for),
                inactive_after_days=record.cadence.inactive_after_days,
            )
        )
    return reports


def _overdue(watch: _Watch) -> list[MeetingOverdue]:
    through = watch.record.reported.overdue_through
    window = watch.now - STALE_AFTER
    first = watch.first_ending_after(window if through is None else max(through, window))
    reports = []
    for index in range(first, watch.settled()):
        missed = watch.missed(index)
        if missed is None:
            continue
        start, end, held = missed
        reports.append(
            MeetingOverdue(
                pair_id=watch.record.pair_id,
                program_id=watch.record.program_id,
                period_start=start,
                period_end=end,
                expected_meetings=watch.expected,
                held_meetings=held,
                days_overdue=_days(watch.now - end),
            )
        )
    return reports


def record_standing(record: CadenceRecord, now: datetime) -> CadenceStanding | None:
    """How the partnership keeps its cadence as of `now`; None unless it is active."""
    watch = _watch(record, now)
    if watch is None:
        return None
    if watch.inactive:
        return CadenceStanding.INACTIVE
    settled = watch.settled()
    if settled and (missed := watch.missed(settled - 1)) is not None:
        _, end, _ = missed
        if not watch.met_since(end):
            return CadenceStanding.OVERDUE
    return CadenceStanding.ON_TRACK


def _days(span: timedelta) -> float:
    return round(span / ONE_DAY, 3)


def cadence_record(partnership: Partnership, terms: ProgramTerms) -> CadenceRecord | None:
    """The partnership as the cadence sees it, under its programme's terms; None before it agreed a schedule."""
    agreed = partnership.agreement.terms
    if agreed is None:
        return None
    return CadenceRecord(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        status=partnership.status,
        active_since=partnership.active_since,
        frequency=agreed.schedule.frequency,
        cadence=terms.cadence,
        met_at=[meeting.held_at for meeting in partnership.meetings],
        reported=partnership.cadence_reported,
    )


def reports_due(partnership: Partnership, terms: ProgramTerms, now: datetime) -> list[CadenceReport]:
    """What the partnership has to report as of `now` (see `due`)."""
    record = cadence_record(partnership, terms)
    return due(record, now) if record else []


def standing(partnership: Partnership, terms: ProgramTerms, now: datetime) -> CadenceStanding | None:
    """How the partnership keeps its cadence as of `now`, for its view and the coordinator's list."""
    record = cadence_record(partnership, terms)
    return record_standing(record, now) if record else None
