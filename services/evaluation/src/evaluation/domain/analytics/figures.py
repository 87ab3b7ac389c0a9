"""An answer's figures as cells, and the answer built from them.

Every figure of an answer is a `Cell` (its value and the distinct people it is computed over) keyed by its path:
(period, *path), where period is a month ("2026-11") or "total", and path names the figure as the answer's fields do:

    ("mentee_funnel", "applied")                      funnel stages; hidden: not_eligible, not_approved, unmatched
    ("match_rate",) ("mentees_first_matched",) ("median_days_to_match",)
    ("partnerships", "active" | "overdue" | "inactive")
    ("partnership_months",) ("compliant_months",) ("cadence_compliance",); hidden: ("noncompliant_months",)
    ("meetings",) ("meeting_hours",) ("plans_agreed",) ("withdrawals",)
    ("goals_set",) ("goals_achieved",) ("goal_attainment",); hidden: ("goals_not_achieved",)
    ("satisfaction", survey, question_id, "respondents" | "mean" | "1" … "5")
    ("closures", reason) ("dissolutions", reason)

Hidden cells are never shown but take part in sums: a reader who sees `applied` and `eligible` knows `not_eligible`.
The relations a reader can subtract along are `Sum`s: a month series of an additive count sums to its total; a
funnel's stages nest (applied = eligible + not_eligible = approved + not_approved; approved = matched + unmatched);
partnership-months split into compliant and not; goals set into achieved and not; a question's respondents into its
rating buckets when each gave one rating. Counts of things that span months (active partnerships, respondents) are
distinct over the range, not sums. A share, a mean or a median `DependsOn` what it is computed from.

A partnership's figure counts its members as its people, a funnel count its applicants, a rating its respondents.
Where distinct people cannot be had cheaply (the compliant partnership-months), a lower bound stands in: shown over
fewer people than it may be is safe, shown over more would not be.
"""

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from evaluation.domain.analytics.ledger import Scope
from evaluation.domain.analytics.months import MonthRange
from evaluation.domain.disclosure import Cell, DependsOn, Key, Sum
from evaluation.domain.months import first_day, label, last_day
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

TOTAL = "total"
ROLES = ("mentee", "mentor")
STAGES = ("applied", "eligible", "approved", "matched")
HIDDEN_STAGES = ("not_eligible", "not_approved", "unmatched")
RATINGS = tuple(str(rating) for rating in range(1, 6))
ADDITIVE = (
    *((f"{role}_funnel", stage) for role in ROLES for stage in (*STAGES, *HIDDEN_STAGES)),
    ("mentees_first_matched",),
    ("partnership_months",),
    ("compliant_months",),
    ("noncompliant_months",),
    ("meetings",),
    ("meeting_hours",),
    ("plans_agreed",),
    ("goals_set",),
    ("goals_achieved",),
    ("goals_not_achieved",),
    ("withdrawals",),
    *(("closures", reason.value) for reason in ClosureReason),
    *(("dissolutions", reason.value) for reason in DissolutionReason),
)
"""Paths whose months sum to their total: each thing they count falls in one month."""


@dataclass(frozen=True)
class Figures:
    cells: dict[Key, Cell]
    sums: list[Sum]
    dependencies: list[DependsOn]
    hidden: frozenset[Key]
    questions: tuple[tuple[str, str], ...]  # (survey kind, question id) rated in the range, in answer order


def _share(part: Cell, whole: Cell) -> Cell:
    value = part.value / whole.value if whole.value and part.value is not None else None
    return Cell(None if value is None else round(value, 4), whole.people)


def _median(days: Counter[int]) -> float | None:
    count = sum(days.values())
    if not count:
        return None
    ordered = sorted(days.items())

    def at(position: int) -> int:
        seen = 0
        for value, times in ordered:
            seen += times
            if position < seen:
                return value
        raise AssertionError("position beyond the count")

    return (at((count - 1) // 2) + at(count // 2)) / 2


def _complete(month: int, as_of: datetime | None) -> bool:
    """Whether the month has ended by as_of: only a whole month is a partnership-month."""
    return as_of is not None and as_of.date() > last_day(month)


def figures(scope: Scope, months: MonthRange) -> Figures:
    cells: dict[Key, Cell] = {}
    questions = tuple(
        sorted(
            (survey, question)
            for survey, question in scope.questions
            if any(scope.tally(f"ratings|{survey}|{question}|{r}", months.first, months.last) for r in RATINGS)
        )
    )
    for month in months.months:
        _period(scope, label(month), month, month, cells, questions)
        _cadence_month(scope, label(month), month, cells)
    _period(scope, TOTAL, months.first, months.last, cells, questions)
    _cadence_total(scope, months, cells)
    sums, dependencies = _relations(months, questions)
    sums += _one_rating_each(cells)
    hidden = frozenset(
        (period, *path)
        for period in (*map(label, months.months), TOTAL)
        for path in (
            *((f"{role}_funnel", stage) for role in ROLES for stage in HIDDEN_STAGES),
            ("noncompliant_months",),
            ("goals_not_achieved",),
        )
    )
    return Figures(cells, sums, dependencies, hidden, questions)


def _period(
    scope: Scope, period: str, first: int, last: int, cells: dict[Key, Cell], questions: tuple[tuple[str, str], ...]
) -> None:
    def measured(figure: str) -> Cell:
        measure = scope.measure(figure)
        return Cell(measure.things.count(first, last), measure.people.count(first, last))

    def tallied(figure: str, people: str) -> Cell:
        return Cell(scope.tally(figure, first, last), scope.measure(people).people.count(first, last))

    def put(path: tuple[str, ...], cell: Cell) -> None:
        cells[(period, *path)] = cell

    for role in ROLES:
        for stage in (*STAGES, *HIDDEN_STAGES):
            put((f"{role}_funnel", stage), measured(f"{role}.{stage}"))
    put(
        ("match_rate",),
        _share(cells[(period, "mentee_funnel", "matched")], cells[(period, "mentee_funnel", "approved")]),
    )
    first_matched = measured("first_matched")
    put(("mentees_first_matched",), first_matched)
    days: Counter[int] = Counter()
    for month, counts in scope.days_to_match.items():
        if first <= month <= last:
            days.update(counts)
    put(("median_days_to_match",), Cell(_median(+days), first_matched.people))
    for figure in ("active", "overdue", "inactive"):
        put(("partnerships", figure), measured(figure))
    meetings = tallied("meetings", "meetings")
    put(("meetings",), meetings)
    put(("meeting_hours",), Cell(round(scope.tally("meeting_minutes", first, last) / 60, 2), meetings.people))
    put(("plans_agreed",), measured("plans_agreed"))
    for figure in ("goals_set", "goals_achieved", "goals_not_achieved"):
        put((figure,), tallied(figure, figure))
    put(("goal_attainment",), _share(cells[(period, "goals_achieved")], cells[(period, "goals_set")]))
    for survey, question in questions:
        key = f"{survey}|{question}"
        path = ("satisfaction", survey, question)
        put((*path, "respondents"), measured(f"respondents|{key}"))
        ratings = sum(scope.tally(f"ratings|{key}|{r}", first, last) for r in RATINGS)
        total = scope.tally(f"rating_sum|{key}", first, last)
        put(
            (*path, "mean"),
            Cell(round(total / ratings, 2) if ratings else None, cells[(period, *path, "respondents")].people),
        )
        for rating in RATINGS:
            put((*path, rating), tallied(f"ratings|{key}|{rating}", f"rated|{key}|{rating}"))
    for reason in ClosureReason:
        put(("closures", reason.value), measured(f"closures.{reason.value}"))
    for reason in DissolutionReason:
        put(("dissolutions", reason.value), measured(f"dissolutions.{reason.value}"))
    put(("withdrawals",), measured("withdrawals"))


def _cadence_month(scope: Scope, period: str, month: int, cells: dict[Key, Cell]) -> None:
    """A month's partnership-months: the partnerships active in it, once it has ended; compliant unless a missed
    period of theirs ended in it."""
    active, missed = scope.measure("active"), scope.measure("noncompliant")
    if _complete(month, scope.as_of):
        months = Cell(active.things.count(month, month), active.people.count(month, month))
        noncompliant = Cell(min(missed.things.count(month, month), months.value), missed.people.count(month, month))
    else:
        months = noncompliant = Cell(0, 0)
    _cadence_cells(period, months, noncompliant, cells)


def _cadence_total(scope: Scope, months: MonthRange, cells: dict[Key, Cell]) -> None:
    ended = [month for month in months.months if _complete(month, scope.as_of)]
    active, missed = scope.measure("active"), scope.measure("noncompliant")
    total = sum(cells[(label(month), "partnership_months")].value or 0 for month in months.months)
    noncompliant = sum(cells[(label(month), "noncompliant_months")].value or 0 for month in months.months)
    people = active.people.count(ended[0], ended[-1]) if ended else 0
    missed_people = missed.people.count(ended[0], ended[-1]) if ended else 0
    _cadence_cells(TOTAL, Cell(total, people), Cell(noncompliant, missed_people), cells)


def _cadence_cells(period: str, months: Cell, noncompliant: Cell, cells: dict[Key, Cell]) -> None:
    assert months.value is not None and noncompliant.value is not None
    compliant = Cell(months.value - noncompliant.value, max(0, months.people - noncompliant.people))
    cells[(period, "partnership_months")] = months
    cells[(period, "noncompliant_months")] = noncompliant
    cells[(period, "compliant_months")] = compliant
    cells[(period, "cadence_compliance")] = _share(compliant, months)


def _relations(months: MonthRange, questions: tuple[tuple[str, str], ...]) -> tuple[list[Sum], list[DependsOn]]:
    periods = (*map(label, months.months), TOTAL)
    sums = [Sum((TOTAL, *path), tuple((label(month), *path) for month in months.months)) for path in ADDITIVE]
    sums += [
        Sum((TOTAL, *path), tuple((label(month), *path) for month in months.months))
        for survey, question in questions
        for path in (("satisfaction", survey, question, rating) for rating in RATINGS)
    ]
    dependencies: list[DependsOn] = []
    for period in periods:
        for role in ROLES:
            funnel = f"{role}_funnel"
            sums += [
                Sum((period, funnel, "applied"), ((period, funnel, "eligible"), (period, funnel, "not_eligible"))),
                Sum((period, funnel, "applied"), ((period, funnel, "approved"), (period, funnel, "not_approved"))),
                Sum((period, funnel, "approved"), ((period, funnel, "matched"), (period, funnel, "unmatched"))),
            ]
        sums += [
            Sum((period, "partnership_months"), ((period, "compliant_months"), (period, "noncompliant_months"))),
            Sum((period, "goals_set"), ((period, "goals_achieved"), (period, "goals_not_achieved"))),
        ]
        dependencies += [
            DependsOn(
                (period, "match_rate"), ((period, "mentee_funnel", "matched"), (period, "mentee_funnel", "approved"))
            ),
            DependsOn((period, "median_days_to_match"), ((period, "mentees_first_matched"),)),
            DependsOn((period, "cadence_compliance"), ((period, "compliant_months"), (period, "partnership_months"))),
            DependsOn((period, "goal_attainment"), ((period, "goals_achieved"), (period, "goals_set"))),
        ]
        for survey, question in questions:
            path = (period, "satisfaction", survey, question)
            dependencies.append(DependsOn((*path, "mean"), tuple((*path, rating) for rating in RATINGS)))
    return sums, dependencies


def _one_rating_each(cells: Mapping[Key, Cell]) -> list[Sum]:
    """A question's respondents are the sum of its buckets where each respondent gave it one rating in the period."""
    sums = []
    for key, cell in cells.items():
        if key[1:2] == ("satisfaction",) and key[-1] == "respondents":
            buckets = tuple((*key[:-1], rating) for rating in RATINGS)
            if sum(cells[bucket].value or 0 for bucket in buckets) == cell.value:
                sums.append(Sum(key, buckets))
    return sums


def answer(
    program_id: str | None,
    months: MonthRange,
    as_of: datetime | None,
    figures: Figures,
    withheld: Mapping[Key, Withholding],
    min_people: int | None = None,
) -> Analytics:
    """The answer from its cells: a withheld figure has no value, and says why."""

    def figure(*key: str) -> Figure:
        reason = withheld.get(key)
        if reason is not None:
            return Figure(value=None, withheld=reason)
        value = figures.cells[key].value
        return Figure(value=value)

    def period(name: str) -> PeriodFigures:
        f: Callable[..., Figure] = lambda *path: figure(name, *path)  # noqa: E731
        return PeriodFigures(
            month=None if name == TOTAL else name,
            mentee_funnel=Funnel(**{stage: f("mentee_funnel", stage) for stage in STAGES}),
            mentor_funnel=Funnel(**{stage: f("mentor_funnel", stage) for stage in STAGES}),
            match_rate=f("match_rate"),
            mentees_first_matched=f("mentees_first_matched"),
            median_days_to_match=f("median_days_to_match"),
            partnerships=PartnershipFigures(
                **{name: f("partnerships", name) for name in ("active", "overdue", "inactive")}
            ),
            partnership_months=f("partnership_months"),
            compliant_months=f("compliant_months"),
            cadence_compliance=f("cadence_compliance"),
            meetings=f("meetings"),
            meeting_hours=f("meeting_hours"),
            plans_agreed=f("plans_agreed"),
            goals_set=f("goals_set"),
            goals_achieved=f("goals_achieved"),
            goal_attainment=f("goal_attainment"),
            satisfaction=[
                QuestionSatisfaction(
                    survey=SurveyKind(survey),
                    question_id=question,
                    respondents=f("satisfaction", survey, question, "respondents"),
                    mean=f("satisfaction", survey, question, "mean"),
                    distribution=[
                        RatingCount(rating=int(rating), count=f("satisfaction", survey, question, rating))
                        for rating in RATINGS
                    ],
                )
                for survey, question in figures.questions
            ],
            closures=[ClosureCount(reason=reason, count=f("closures", reason.value)) for reason in ClosureReason],
            dissolutions=[
                DissolutionCount(reason=reason, count=f("dissolutions", reason.value)) for reason in DissolutionReason
            ],
            withdrawals=f("withdrawals"),
        )

    return Analytics(
        program_id=program_id,
        from_day=first_day(months.first),
        to_day=last_day(months.last),
        as_of=as_of,
        min_people=min_people,
        total=period(TOTAL),
        months=[period(label(month)) for month in months.months],
    )
