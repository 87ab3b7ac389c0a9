"""Monthly progress reports: the mentee reports, the mentor assesses, the pair and the programme's coordinators read,
and the coordinator lists the programme's missing reports.

Partnerships are evaluation's own view of them (`stores.partnerships`), the reports their own streams
(`stores.progress`), the missing reports an index held per programme (`stores.missing_reports`), kept current by
the reports filed here and by the moments the partnerships reach. Two small ports say what this feature needs of
the others: how many objectives the agreed plan has (the plans held), and the programme's due day (its evaluation
policy held).

Where the issue is silent: in a group, each mentee reads their own reports and their own missing months (their
words are theirs, for the mentor and the coordinator); the mentor and the coordinator read every member's. A mentee
who left a group owes no report from then on, including months before (they are no longer the group's to chase).
"""

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from evaluation.domain.months import due_on, last_due
from evaluation.domain.partnership import Moment, Partnership, Told
from evaluation.domain.progress import Progress, Report, Reporting, assess, missing, readable_by, report
from evaluation.stores.missing_reports import MissingReports
from evaluation.stores.partnerships import HeldPartnerships
from evaluation.stores.plans import HeldPlans
from evaluation.stores.policies import HeldPolicies
from evaluation.stores.programs import HeldProgramTerms
from evaluation.stores.progress import HeldProgress
from mentoring_contracts.api import PageQuery
from mentoring_contracts.api.plans import (
    AssessProgress,
    MissingReport,
    MissingReportPage,
    ProgressReportPage,
    ProgressReportView,
    ReportedObjective,
    ReportProgress,
)
from mentoring_contracts.names import Role
from mentoring_runtime.aggregates import Decision
from mentoring_runtime.errors import NotFound
from mentoring_runtime.paging import page
from mentoring_runtime.recording import Cause
from mentoring_runtime.web import Caller

Clock = Callable[[], datetime]


class AgreedObjectives(Protocol):
    async def objective_count(self, agency_id: str, partnership_id: str) -> int | None:
        """How many objectives the partnership's agreed plan has; None while none is agreed."""
        ...


class ReportDueDays(Protocol):
    async def report_due_day(self, agency_id: str, program_id: str) -> int:
        """The day of the month after by which a month's report is due, under the programme's policy."""
        ...


class PolicyDueDays:
    """The due day of the programme's evaluation policy in force (the guidance's, 5, while none was set)."""

    def __init__(self, policies: HeldPolicies) -> None:
        self.policies = policies

    async def report_due_day(self, agency_id: str, program_id: str) -> int:
        return (await self.policies.policy(agency_id, program_id)).report_due_day


class AgreedPlanObjectives:
    """How many objectives the agreed revision of the partnership's development plan has."""

    def __init__(self, plans: HeldPlans) -> None:
        self.plans = plans

    async def objective_count(self, agency_id: str, partnership_id: str) -> int | None:
        plan = await self.plans.plan(agency_id, partnership_id)
        if plan is None or plan.agreed_revision is None:
            return None
        return len(plan.revisions[plan.agreed_revision - 1].objectives)


class ProgressReports:
    def __init__(
        self,
        partnerships: HeldPartnerships,
        programs: HeldProgramTerms,
        progress: HeldProgress,
        missing_reports: MissingReports,
        plans: AgreedObjectives,
        due_days: ReportDueDays,
        clock: Clock,
    ) -> None:
        self.partnerships = partnerships
        self.programs = programs
        self.progress = progress
        self.missing_reports = missing_reports
        self.plans = plans
        self.due_days = due_days
        self.clock = clock

    async def report(self, caller: Caller, pair_id: str, request: ReportProgress) -> str:
        partnership = await self.partnerships.find(caller.agency_id, pair_id)
        reporting = reporting_of(partnership)
        objective_count = await self.plans.objective_count(caller.agency_id, reporting.pair_id)
        report_id, now = caller.new_id("progress-report"), self.clock()

        def decide(progress: Progress | None) -> Decision:
            return report(progress, reporting, caller.actor_id, report_id, request, now, objective_count)

        await self.progress.change(caller.cause(), reporting.pair_id, decide)
        self.missing_reports.filed(caller.agency_id, reporting.program_id, reporting.pair_id, caller.actor_id,
                                   request.month)  # fmt: skip
        return report_id

    async def assess(self, caller: Caller, pair_id: str, report_id: str, request: AssessProgress) -> ProgressReportView:
        partnership = await self.partnerships.find(caller.agency_id, pair_id)
        reporting, now = reporting_of(partnership), self.clock()

        def decide(progress: Progress | None) -> Decision:
            return assess(progress, reporting, caller.actor_id, report_id, request.assessment, now)

        progress = await self.progress.change(caller.cause(), reporting.pair_id, decide)
        assert progress is not None  # `assess` found the report
        return report_view(reporting, progress.report(report_id))

    async def reports(self, caller: Caller, pair_id: str, query: PageQuery) -> ProgressReportPage:
        """The partnership's reports, newest month first, and every month past due and not reported, oldest first."""
        partnership = await self.partnerships.find(caller.agency_id, pair_id)
        reporting = reporting_of(partnership)
        coordinator = Role.COORDINATOR in caller.roles
        readable_by(reporting, caller.actor_id, coordinator)
        own = None if coordinator or caller.actor_id == reporting.mentor_id else caller.actor_id
        progress = await self.progress.of(caller.agency_id, reporting.pair_id)
        reports = [r for r in (progress.reports.values() if progress else ()) if own in (None, r.mentee_id)]
        reports.sort(key=lambda r: (r.month, r.mentee_id), reverse=True)
        items, cursor = page(reports, query, lambda r: r.report_id)
        due_day = await self.due_days.report_due_day(caller.agency_id, reporting.program_id)
        owed = [
            MissingReport(pair_id=reporting.pair_id, mentee_id=mentee_id, month=month, due_on=due_on(month, due_day))
            for month, mentee_id in missing(progress, reporting, last_due(self.clock().date(), due_day))
            if own in (None, mentee_id)
        ]
        return ProgressReportPage(items=[report_view(reporting, r) for r in items], next_cursor=cursor, missing=owed)

    async def program_missing(self, caller: Caller, program_id: str, query: PageQuery) -> MissingReportPage:
        """The programme's reports past due and not filed, oldest month first: the coordinator's list."""
        caller.require(Role.COORDINATOR)
        agency_id = caller.agency_id
        if not await self.programs.known(agency_id, program_id):
            raise NotFound(f"no programme {program_id!r} in your agency")
        due_day = await self.due_days.report_due_day(agency_id, program_id)
        await self.progress.hold_agency(agency_id)
        if not self.missing_reports.holds(agency_id, program_id):
            # Nothing is awaited between reading the partnerships and making the list from them: a change the
            # partnerships hear meanwhile is told to the list once it is made.
            partnerships = await self.partnerships.of_program(agency_id, program_id)
            self.missing_reports.make(agency_id, program_id, [reporting_of(p) for p in partnerships])
        keys, cursor = self.missing_reports.page(
            agency_id,
            program_id,
            last_due(self.clock().date(), due_day),
            lambda partnership_id: self.progress.held(agency_id, partnership_id),
            query.cursor,
            query.limit,
        )
        items = [
            MissingReport(pair_id=pair, mentee_id=mentee, month=month, due_on=due_on(month, due_day))
            for month, pair, mentee in keys
        ]
        return MissingReportPage(items=items, next_cursor=cursor)

    async def on_moment(self, cause: Cause, told: Told) -> None:
        """A partnership became active, ended, or lost or gained members: what it owes changed."""
        if told.moment in (Moment.ACTIVE, Moment.ENDED, Moment.LEFT):
            reporting = reporting_of(told.partnership)
            progress = self.progress.held(cause.agency_id, reporting.pair_id)
            self.missing_reports.changed(cause.agency_id, reporting, progress)


def reporting_of(partnership: Partnership) -> Reporting:
    """What reporting needs of evaluation's partnership."""
    return Reporting(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        mentor_id=partnership.mentor_id or "",
        mentee_ids=partnership.mentee_ids,
        active_since=partnership.active_since.date() if partnership.active_since else None,
        ended_on=partnership.ended.at.date() if partnership.ended else None,
    )


def report_view(reporting: Reporting, report: Report) -> ProgressReportView:
    return ProgressReportView(
        report_id=report.report_id,
        pair_id=reporting.pair_id,
        mentee_id=report.mentee_id,
        month=report.month,
        objectives=[
            ReportedObjective(objective=o.objective, status=o.status, percent=o.percent) for o in report.objectives
        ],
        summary=report.summary,
        reported_at=report.reported_at,
        assessment=report.assessment,
        assessed_at=report.assessed_at,
    )
