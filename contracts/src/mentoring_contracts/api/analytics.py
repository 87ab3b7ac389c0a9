"""The bodies of analytics: a programme's or an agency's figures over a range of months, month by month and in
total, computed from the events. Every number is a `Figure`, so a k-anonymous answer can withhold any one of them
and say why, in the same shape as a full answer.
"""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from mentoring_contracts.api.common import Body
from mentoring_contracts.names import ClosureReason, DissolutionReason, ExportChart, SurveyKind, Withholding
from mentoring_contracts.wire import Day

MAX_MONTHS = 60


class AnalyticsQuery(Body):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: Day | None = Field(
        default=None, alias="from", description="The first day counted; by default the first of the month 11 before"
    )
    to: Day | None = Field(default=None, description="The last day counted; by default today")
    chart: ExportChart = Field(default=ExportChart.FUNNEL, description="The chart answered as image/svg+xml")


class Figure(BaseModel):
    """One number, or none: withheld (and why), or there was nothing to compute it over (a share of no one)."""

    value: float | None = None
    withheld: Withholding | None = None


class Funnel(BaseModel):
    """The people who applied in the period, and how many of those were eligible, approved and matched since."""

    applied: Figure
    eligible: Figure
    approved: Figure
    matched: Figure


class PartnershipFigures(BaseModel):
    active: Figure = Field(description="Partnerships active at some time in the period")
    overdue: Figure = Field(description="Active partnerships found behind their cadence in the period")
    inactive: Figure = Field(description="Active partnerships found without any meeting for too long in the period")


class RatingCount(BaseModel):
    rating: int = Field(ge=1, le=5)
    count: Figure


class QuestionSatisfaction(BaseModel):
    """The ratings given to one question of one survey in the period: their mean and distribution."""

    survey: SurveyKind
    question_id: str
    respondents: Figure
    mean: Figure
    distribution: list[RatingCount] = Field(description="Ratings 1 to 5")


class ClosureCount(BaseModel):
    reason: ClosureReason
    count: Figure


class DissolutionCount(BaseModel):
    reason: DissolutionReason
    count: Figure


class PeriodFigures(BaseModel):
    month: str | None = Field(default=None, description="The month, as 2026-11; absent for the whole range")
    mentee_funnel: Funnel
    mentor_funnel: Funnel
    match_rate: Figure = Field(
        description="Of the mentees who applied in the period and were approved, the share matched"
    )
    mentees_first_matched: Figure = Field(
        description="Mentees first matched in the period: those the median days to match is computed over"
    )
    median_days_to_match: Figure = Field(
        description="Over the mentees first matched in the period, the median of whole days from approval to match"
    )
    partnerships: PartnershipFigures
    partnership_months: Figure = Field(description="Months of active partnerships that ended in the period")
    compliant_months: Figure = Field(description="Of those, the months that met the cadence")
    cadence_compliance: Figure = Field(description="compliant_months / partnership_months")
    meetings: Figure = Field(description="Meetings held in the period")
    meeting_hours: Figure
    plans_agreed: Figure = Field(description="Partnerships whose development plan was first agreed in the period")
    goals_set: Figure = Field(description="Goals of the partnerships closed in the period")
    goals_achieved: Figure = Field(description="Of those, the goals their final review judged achieved")
    goal_attainment: Figure = Field(description="goals_achieved / goals_set")
    satisfaction: list[QuestionSatisfaction]
    closures: list[ClosureCount]
    dissolutions: list[DissolutionCount]
    withdrawals: Figure = Field(description="People who withdrew from a programme in the period")


class Analytics(BaseModel):
    program_id: str | None = Field(default=None, description="Absent for an agency's answer")
    from_day: date = Field(description="The first day of the first month counted: months are counted whole")
    to_day: date = Field(description="The last day of the last month counted")
    as_of: datetime | None = Field(
        description="When the newest event these figures include happened; in a k-anonymous answer, its day alone"
    )
    min_people: int | None = Field(
        default=None, description="Set on a k-anonymous answer: no figure shown is computed over fewer people"
    )
    total: PeriodFigures
    months: list[PeriodFigures]
