"""Analytics answers made up for tests: every figure set to a distinct number, or some of them withheld."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from itertools import count

from mentoring_contracts.api.analytics import (
    Analytics,
    ClosureCount,
    DissolutionCount,
    Figure,
    Funnel,
    PartnershipFigures,
    PeriodFigures,
    QuestionSatisfaction,
    RatingCount,
)
from mentoring_contracts.names import ClosureReason, DissolutionReason, SurveyKind, Withholding

MONTHS = ("2026-01", "2026-02", "2026-03")

Withhold = Callable[[str | None, str], bool]
"""Whether the figure of a period (None for the total) at a path (mentee_funnel.applied) is withheld."""


def _never(month: str | None, path: str) -> bool:
    return False


def analytics_answer(
    withhold: Withhold = _never, *, program_id: str | None = "prog-1", min_people: int | None = None
) -> Analytics:
    """An answer over MONTHS whose figures are 1, 2, 3... in order, each withheld (few_people) where `withhold` says."""
    numbers = count(1)

    def figure(month: str | None, path: str) -> Figure:
        value = float(next(numbers))
        if withhold(month, path):
            return Figure(withheld=Withholding.FEW_PEOPLE)
        return Figure(value=(value % 100) / 100 if path == "cadence_compliance" else value)

    def funnel(month: str | None, side: str) -> Funnel:
        return Funnel(**{stage: figure(month, f"{side}.{stage}") for stage in Funnel.model_fields})

    def period(month: str | None) -> PeriodFigures:
        def of(path: str) -> Figure:
            return figure(month, path)

        return PeriodFigures(
            month=month,
            mentee_funnel=funnel(month, "mentee_funnel"),
            mentor_funnel=funnel(month, "mentor_funnel"),
            match_rate=of("match_rate"),
            median_days_to_match=of("median_days_to_match"),
            partnerships=PartnershipFigures(
                **{name: of(f"partnerships.{name}") for name in PartnershipFigures.model_fields}
            ),
            partnership_months=of("partnership_months"),
            compliant_months=of("compliant_months"),
            cadence_compliance=of("cadence_compliance"),
            meetings=of("meetings"),
            meeting_hours=of("meeting_hours"),
            plans_agreed=of("plans_agreed"),
            goals_set=of("goals_set"),
            goals_achieved=of("goals_achieved"),
            goal_attainment=of("goal_attainment"),
            satisfaction=[
                QuestionSatisfaction(
                    survey=SurveyKind.CLOSING,
                    question_id="overall",
                    respondents=of("satisfaction.closing.overall.respondents"),
                    mean=of("satisfaction.closing.overall.mean"),
                    distribution=[
                        RatingCount(rating=rating, count=of(f"satisfaction.closing.overall.distribution.{rating}"))
                        for rating in range(1, 6)
                    ],
                )
            ],
            closures=[ClosureCount(reason=ClosureReason.TERM_COMPLETED, count=of("closures.term_completed"))],
            dissolutions=[DissolutionCount(reason=DissolutionReason.POOR_FIT, count=of("dissolutions.poor_fit"))],
            withdrawals=of("withdrawals"),
        )

    return Analytics(
        program_id=program_id,
        from_day=date(2026, 1, 1),
        to_day=date(2026, 3, 31),
        as_of=datetime(2026, 3, 30, 12, 0, tzinfo=UTC),
        min_people=min_people,
        total=period(None),
        months=[period(month) for month in MONTHS],
    )


def partly_withheld() -> Analytics:
    """An agency's k-anonymous answer: the mentor funnel's matched and approved, February and every mentee
    eligibility withheld."""

    def withhold(month: str | None, path: str) -> bool:
        return (
            path in ("mentor_funnel.matched", "mentor_funnel.approved", "mentee_funnel.eligible") or month == "2026-02"
        )

    return analytics_answer(withhold, program_id=None, min_people=5)
