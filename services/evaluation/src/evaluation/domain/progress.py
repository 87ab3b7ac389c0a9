"""A partnership's monthly progress reports: each mentee reports each month once, the mentor assesses it.

One stream per partnership (`progress:<pair id>`) holds its reports, so that "once per mentee and month" is
decided on the whole of it at one version: two reports of the same month sent at once cannot both be recorded.
`ProgressReported` carries ids, the month and per objective a status and a percentage; the mentee's summary is
kept beside it, in the fact's private part, and the mentor's assessment in a fact of evaluation's own
(`ProgressAssessed`), its text private too: no words of either ever leave evaluation.

Decisions where the issue is silent:
- A report names objectives by their number in the agreed plan; before any plan is agreed, numbers 1 to 3 (the
  most a plan holds) are taken, since reports are owed from the month the partnership became active, which can
  come before the plan is agreed.
- A partnership not yet active takes no report (409): there is no month it could be for.
- A partnership that ended takes reports up to the month it ended in; it owes none for that month (`owed`).
- The mentor may assess a report again: the newer assessment replaces the older, as a correction. The same words
  sent again record nothing, so a retried call changes nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import ClassVar

from evaluation.domain.months import month_of, shifted, through
from mentoring_contracts import InternalEvent, ProgressReported
from mentoring_contracts.api.plans import MAX_OBJECTIVES, ReportProgress
from mentoring_contracts.evaluation import ObjectiveProgress
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from mentoring_runtime.folding import Fact, unexpected


@dataclass(frozen=True)
class Summary:
    """Kept beside a ProgressReported fact: the mentee's words."""

    summary: str


@dataclass(frozen=True)
class Assessment:
    """Kept beside a ProgressAssessed fact: the mentor's words."""

    assessment: str


class ProgressAssessed(InternalEvent):
    """The mentor assessed a month's report; the assessment's words are in the fact's private part."""

    event_type: ClassVar[str] = "ProgressAssessed"

    pair_id: str
    report_id: str
    assessed_by: str
    assessed_at: datetime

    def aggregate_id(self) -> str:
        return self.pair_id


@dataclass(frozen=True)
class Reporting:
    """What reporting needs to know of a partnership: who is in it, and from when to when it reports."""

    pair_id: str
    program_id: str
    mentor_id: str
    mentee_ids: frozenset[str]
    active_since: date | None = None  # the day it became active; None while it is not
    ended_on: date | None = None  # the day it ended, early or at term

    def is_member(self, person_id: str) -> bool:
        return person_id == self.mentor_id or person_id in self.mentee_ids

    def owed(self, last: str) -> tuple[str, str] | None:
        """The first and last month each mentee owes a report for, up to `last`: from the month it became active to
        the month before it ended (that month was not one of the partnership's whole). None if it owes none."""
        if self.active_since is None:
            return None
        first = month_of(self.active_since)
        if self.ended_on is not None:
            last = min(last, shifted(month_of(self.ended_on), -1))
        return (first, last) if first <= last else None


@dataclass(frozen=True)
class Report:
    report_id: str
    mentee_id: str
    month: str
    objectives: tuple[ObjectiveProgress, ...]
    summary: str
    reported_at: datetime
    assessment: str | None = None
    assessed_by: str | None = None
    assessed_at: datetime | None = None


@dataclass(frozen=True)
class Progress:
    """A partnership's reports, by id in the order they were filed, and by mentee and month."""

    pair_id: str
    program_id: str
    reports: Mapping[str, Report] = field(default_factory=dict)
    by_month: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (mentee, month) → report id

    def filed(self, mentee_id: str, month: str) -> Report | None:
        report_id = self.by_month.get((mentee_id, month))
        return self.reports[report_id] if report_id is not None else None

    def report(self, report_id: str) -> Report:
        if report_id not in self.reports:
            raise NotFound(f"no progress report {report_id!r} for pair {self.pair_id!r}")
        return self.reports[report_id]


def mutate(state: Progress | None, fact: Fact) -> Progress:
    event = fact.event
    if isinstance(event, ProgressReported):
        progress = state or Progress(event.pair_id, event.program_id)
        report = Report(
            event.report_id,
            event.mentee_id,
            event.month,
            event.objectives,
            str(fact.private.get("summary", "")),
            event.reported_at,
        )
        return replace(
            progress,
            reports={**progress.reports, report.report_id: report},
            by_month={**progress.by_month, (report.mentee_id, report.month): report.report_id},
        )
    if isinstance(event, ProgressAssessed) and state is not None:
        report = state.report(event.report_id)
        assessed = replace(
            report,
            assessment=str(fact.private.get("assessment", "")),
            assessed_by=event.assessed_by,
            assessed_at=event.assessed_at,
        )
        return replace(state, reports={**state.reports, report.report_id: assessed})
    raise unexpected("partnership's progress", fact)


def readable_by(reporting: Reporting, person_id: str, coordinator: bool) -> None:
    """Its members and the programme's coordinators read a partnership's reports; nobody else."""
    if not coordinator and not reporting.is_member(person_id):
        raise Forbidden("only the partnership's members or the programme's coordinator can read its progress reports")


def report(
    progress: Progress | None,
    reporting: Reporting,
    mentee_id: str,
    report_id: str,
    request: ReportProgress,
    now: datetime,
    objective_count: int | None,
) -> tuple[ProgressReported, Summary] | None:
    """The mentee's report of a month, once per month: None when this very report is on record already (a retry).
    `objective_count`: how many objectives the agreed plan has, None while none is agreed."""
    if mentee_id not in reporting.mentee_ids:
        raise Forbidden("only the partnership's mentees can report its progress; the mentor assesses their reports")
    if reporting.active_since is None:
        raise Conflict("the partnership is not active yet: reports begin with the month its agreement is signed")
    if progress is not None and report_id in progress.reports:
        return None
    _check_month(reporting, request.month, now)
    objectives = _checked_objectives(request, objective_count)
    if progress is not None and progress.filed(mentee_id, request.month) is not None:
        raise Conflict(f"you reported on {request.month} already; each month is reported once")
    event = ProgressReported(
        pair_id=reporting.pair_id,
        program_id=reporting.program_id,
        report_id=report_id,
        mentee_id=mentee_id,
        month=request.month,
        objectives=objectives,
        reported_at=now,
    )
    return event, Summary(request.summary)


def assess(
    progress: Progress | None, reporting: Reporting, mentor_id: str, report_id: str, assessment: str, now: datetime
) -> tuple[ProgressAssessed, Assessment] | None:
    """The mentor's assessment of a report, replacing any before it; None when it says what is on record already."""
    if mentor_id != reporting.mentor_id:
        raise Forbidden("only the partnership's mentor can assess its progress reports")
    if progress is None:
        raise NotFound(f"no progress report {report_id!r} for pair {reporting.pair_id!r}")
    if progress.report(report_id).assessment == assessment:
        return None
    event = ProgressAssessed(pair_id=reporting.pair_id, report_id=report_id, assessed_by=mentor_id, assessed_at=now)
    return event, Assessment(assessment)


def missing(progress: Progress | None, reporting: Reporting, last: str) -> list[tuple[str, str]]:
    """(month, mentee) of every report owed up to `last` and not filed, oldest month first."""
    owed = reporting.owed(last)
    if owed is None:
        return []
    first, last = owed
    mentees = sorted(reporting.mentee_ids)
    filed = progress.by_month if progress is not None else {}
    return [
        (month, mentee_id) for month in through(first, last) for mentee_id in mentees if (mentee_id, month) not in filed
    ]


def _check_month(reporting: Reporting, month: str, now: datetime) -> None:
    assert reporting.active_since is not None
    if month > month_of(now):
        raise Invalid(f"{month} has not begun: report on this month or one before it", field="month")
    if month < month_of(reporting.active_since):
        raise Invalid(
            f"the partnership became active on {reporting.active_since}: report on {month_of(reporting.active_since)}"
            " or a month after it",
            field="month",
        )
    if reporting.ended_on is not None and month > month_of(reporting.ended_on):
        raise Invalid(
            f"the partnership ended on {reporting.ended_on}: report on {month_of(reporting.ended_on)} or before",
            field="month",
        )


def _checked_objectives(request: ReportProgress, objective_count: int | None) -> tuple[ObjectiveProgress, ...]:
    seen: set[int] = set()
    for position, reported in enumerate(request.objectives):
        where = f"objectives.{position}.objective"
        if reported.objective > (objective_count or MAX_OBJECTIVES):
            plan = (
                f"the agreed plan has {objective_count} objective{'s' * (objective_count > 1)}"
                if objective_count
                else f"no plan is agreed yet: a report names objectives 1 to {MAX_OBJECTIVES}"
            )
            raise Invalid(f"{plan}; there is no objective {reported.objective}", field=where)
        if reported.objective in seen:
            raise Invalid(f"objective {reported.objective} is reported twice: once each", field=where)
        seen.add(reported.objective)
    return tuple(
        ObjectiveProgress(objective=each.objective, status=each.status, percent=each.percent)
        for each in sorted(request.objectives, key=lambda each: each.objective)
    )
