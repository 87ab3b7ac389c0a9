"""The bodies of a partnership's development plan and its monthly progress reports.

A plan holds up to three SMART objectives, each with its parts as fields. Every change is a new revision; the pair
agrees a revision, and a report says, objective by objective, how the agreed plan is coming along.
"""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from mentoring_contracts.api.common import Body, LongText, Page, Text
from mentoring_contracts.names import ObjectiveStatus
from mentoring_contracts.wire import Day, Integer

MAX_OBJECTIVES = 3
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class Milestone(Body):
    description: Text
    due_on: Day
    done_on: Day | None = Field(default=None, description="Ticked off: the day it was reached")


class Assignment(Body):
    """Work the mentor recommends; only the mentor adds, changes or approves one, either member ticks it off."""

    description: Text
    due_on: Day | None = None
    approved: bool = Field(default=False, description="The mentor approved it")
    done_on: Day | None = Field(default=None, description="Ticked off: the day it was done")


class Objective(Body):
    """One SMART objective: each part a field of its own."""

    specific: LongText = Field(description="Specific: what is to be achieved")
    measure: LongText = Field(description="Measurable: how success will be measured")
    achievable: LongText = Field(description="Achievable: why it can be achieved")
    relevant: LongText = Field(description="Relevant: why it matters to the mentee's development")
    target_date: Day = Field(description="Time-bound: when, within the partnership's term")
    milestones: Annotated[tuple[Milestone, ...], Field(max_length=20)] = ()
    assignments: Annotated[tuple[Assignment, ...], Field(max_length=20)] = ()


class RevisePlan(Body):
    """The plan's next revision, whole. Every date falls within the partnership's term; a mentee keeps the mentor's
    assignments as they are but for ticking them off. A revision that only ticks things off keeps the agreement of
    the revision it was made on; any other change is agreed again."""

    based_on_revision: Integer = Field(
        ge=0, description="The revision this change was made on (0 for the first): 409 if another came since"
    )
    objectives: Annotated[tuple[Objective, ...], Field(min_length=1, max_length=MAX_OBJECTIVES)]


class AgreePlan(Body):
    """Agreeing a revision already agreed changes nothing."""

    revision: Integer = Field(ge=1, description="The revision the caller read and agrees")


class PlanView(BaseModel):
    pair_id: str
    program_id: str
    revision: int = Field(description="0 while no plan has been written")
    objectives: list[Objective]
    revised_at: datetime | None = None
    revised_by: str | None = None
    agreed_by: list[str] = Field(default=[], description="The members who agreed this revision, by person id")
    agreed_revision: int | None = Field(default=None, description="The newest revision every member agreed")
    term_ends_on: Day | None = Field(default=None, description="The last day a target date may fall on")


class PlanRevisionPage(Page):
    items: list[PlanView] = Field(description="Newest first")


class ReportedObjective(Body):
    objective: Integer = Field(ge=1, le=MAX_OBJECTIVES, description="Its number in the agreed plan")
    status: ObjectiveStatus
    percent: Integer = Field(ge=0, le=100)


class ReportProgress(Body):
    month: str = Field(pattern=MONTH, description="The month reported on, as 2026-11")
    objectives: Annotated[tuple[ReportedObjective, ...], Field(min_length=1, max_length=MAX_OBJECTIVES)]
    summary: str = Field(
        default="", max_length=5000, description="The mentee's words: the pair and coordinator read it"
    )


class AssessProgress(Body):
    assessment: LongText = Field(description="The mentor's assessment of the month")


class ProgressReportView(BaseModel):
    report_id: str
    pair_id: str
    mentee_id: str
    month: str
    objectives: list[ReportedObjective]
    summary: str
    reported_at: datetime
    assessment: str | None = None
    assessed_at: datetime | None = None


class MissingReport(BaseModel):
    pair_id: str
    mentee_id: str
    month: str
    due_on: Day = Field(description="The policy's day it was due by")


class ProgressReportPage(Page):
    items: list[ProgressReportView] = Field(description="Newest month first")
    missing: list[MissingReport] = Field(default=[], description="Months whose report is past due, oldest first")


class MissingReportPage(Page):
    items: list[MissingReport]
