"""Every analytics formula, through the application service on in-memory ports: funnel, rates, median, partnerships,
cadence months, meetings, plans, goals, satisfaction, reasons, withdrawals, bucketing by month, as_of."""

import random
from datetime import date
from typing import Any

import pytest

from evaluation.domain.analytics.figures import figures
from evaluation.domain.analytics.months import month_range
from evaluation.handlers.analytics import AnalyticsAnswers
from evaluation.stores.analytics import AnalyticsFacts
from mentoring_contracts import Envelope
from mentoring_contracts.api.analytics import Analytics, AnalyticsQuery, PeriodFigures
from mentoring_contracts.names import ClosureReason, DissolutionReason, ParticipantRole, SurveyKind
from mentoring_runtime.errors import NotFound
from tests.support.analytics_events import (
    agreed,
    applied,
    approved,
    at,
    closed,
    dissolved,
    feedback,
    inactive,
    matched,
    met,
    overdue,
    signed,
)
from tests.support.factories import caller, participant_withdrawn, program_opened
from tests.support.memory_store import MemoryDatabase

pytestmark = pytest.mark.unit

MENTOR = ParticipantRole.MENTOR
YEAR = AnalyticsQuery.model_validate({"from": "2026-01-01", "to": "2026-12-31"})


def service(today: date = date(2026, 12, 15)) -> AnalyticsAnswers:
    return AnalyticsAnswers(AnalyticsFacts(MemoryDatabase()), today=lambda: today)  # type: ignore[arg-type]


async def answered(events: list[Envelope[Any]], query: AnalyticsQuery = YEAR, today: date = date(2026, 12, 15)):
    analytics = service(today)
    await analytics.record([at(program_opened("g1"), "2025-12-01"), *events])
    return await analytics.program_analytics(caller(), "g1", query)


def month(answer: Analytics, name: str) -> PeriodFigures:
    return next(period for period in answer.months if period.month == name)


def funnel(period: PeriodFigures, role: str = "mentee") -> tuple[float | None, ...]:
    stages = getattr(period, f"{role}_funnel")
    return tuple(getattr(stages, stage).value for stage in ("applied", "eligible", "approved", "matched"))


async def test_the_funnel_follows_each_cohort_of_applicants_whenever_they_move_on() -> None:
    answer = await answered(
        [
            at(applied("e1"), "2026-01-10"), at(approved("e1"), "2026-01-20"),
            at(matched("p1", "mentor1", "e1"), "2026-03-01"),  # matched later: still January's cohort
            at(applied("e2", eligible=False), "2026-01-11"), at(approved("e2", exception=True), "2026-02-01"),
            at(applied("e3"), "2026-01-12"),  # never approved
            at(applied("e4"), "2026-02-01"), at(approved("e4"), "2026-02-02"),
            at(applied("mentor1", MENTOR), "2026-01-05"), at(approved("mentor1", MENTOR), "2026-01-06"),
        ]
    )  # fmt: skip
    assert funnel(month(answer, "2026-01")) == (3, 2, 2, 1)
    assert funnel(month(answer, "2026-02")) == (1, 1, 1, 0)
    assert funnel(answer.total) == (4, 3, 3, 1)
    assert funnel(month(answer, "2026-01"), "mentor") == (1, 1, 1, 1)
    assert month(answer, "2026-01").match_rate.value == 0.5
    assert answer.total.match_rate.value == round(1 / 3, 4)
    assert month(answer, "2026-03").match_rate.value is None  # a share of no one


async def test_an_enrolment_without_its_application_on_record_counts_as_applied_then() -> None:
    answer = await answered([at(approved("e1"), "2026-04-02"), at(approved("e2", exception=True), "2026-04-03")])
    assert funnel(month(answer, "2026-04")) == (2, 1, 2, 0)


async def test_the_median_days_to_match_is_over_the_mentees_first_matched_in_the_period() -> None:
    answer = await answered(
        [
            at(approved("e1"), "2026-01-01"), at(matched("p1", "m", "e1"), "2026-01-11"),  # 10 days
            at(approved("e2"), "2026-01-01"), at(matched("p2", "m", "e2"), "2026-01-21"),  # 20 days
            at(approved("e3"), "2026-01-01"), at(matched("p3", "m", "e3"), "2026-02-06"),  # 36 days, in February
            at(matched("p4", "m", "e1"), "2026-02-20"),  # matched again: not a first match
            at(approved("e4"), "2026-03-01"),  # not matched
        ]
    )  # fmt: skip
    january, february = month(answer, "2026-01"), month(answer, "2026-02")
    assert (january.mentees_first_matched.value, january.median_days_to_match.value) == (2, 15)
    assert (february.mentees_first_matched.value, february.median_days_to_match.value) == (1, 36)
    assert (answer.total.mentees_first_matched.value, answer.total.median_days_to_match.value) == (3, 20)
    assert month(answer, "2026-03").median_days_to_match.value is None


async def test_a_partnership_is_active_from_its_signature_to_its_end_and_counts_once_over_the_range() -> None:
    answer = await answered(
        [
            at(signed("p1", "m1", "e1", day="2026-02-10"), "2026-02-10"),
            at(closed("p1", "m1", "e1"), "2026-04-20"),
            at(signed("p2", "m2", "e2", day="2026-03-01"), "2026-03-01"),  # still going
            at(dissolved("p3", "m3", "e3"), "2026-03-05"),  # never signed: never active
            at(overdue("p2", "2026-05-29"), "2026-06-01"),
            at(overdue("p2", "2026-06-28"), "2026-06-30"),
            at(inactive("p2"), "2026-07-02"),
        ]
    )  # fmt: skip
    active = [month(answer, f"2026-{m:02d}").partnerships.active.value for m in range(1, 13)]
    assert active == [0, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]
    assert answer.total.partnerships.active.value == 2  # distinct, not a sum of months
    assert [month(answer, name).partnerships.overdue.value for name in ("2026-05", "2026-06")] == [0, 1]
    assert answer.total.partnerships.overdue.value == 1
    assert month(answer, "2026-07").partnerships.inactive.value == 1


async def test_cadence_counts_the_months_ended_by_as_of_compliant_unless_a_missed_period_ended_in_them() -> None:
    answer = await answered(
        [
            at(signed("p1", "m1", "e1", day="2026-01-15"), "2026-01-15"),
            at(overdue("p1", "2026-02-20"), "2026-02-23"),
            at(met("p1", "2026-04-10"), "2026-04-10"),  # as_of: April is not over
        ]
    )
    months = [month(answer, f"2026-{m:02d}") for m in (1, 2, 3, 4)]
    assert [(m.partnership_months.value, m.compliant_months.value) for m in months] == [(1, 1), (1, 0), (1, 1), (0, 0)]
    assert months[1].cadence_compliance.value == 0 and months[3].cadence_compliance.value is None
    assert (answer.total.partnership_months.value, answer.total.compliant_months.value) == (3, 2)
    assert answer.total.cadence_compliance.value == round(2 / 3, 4)


async def test_meetings_and_hours_count_by_the_month_they_were_held() -> None:
    answer = await answered(
        [
            at(met("p1", "2026-01-31T23:00:00+00:00", 90), "2026-02-01"),
            at(met("p1", "2026-02-01", 30), "2026-02-01"),
            at(met("p1", "2026-02-14", 45), "2026-02-15"),
        ]
    )
    assert (month(answer, "2026-01").meetings.value, month(answer, "2026-01").meeting_hours.value) == (1, 1.5)
    assert (month(answer, "2026-02").meetings.value, month(answer, "2026-02").meeting_hours.value) == (2, 1.25)
    assert (answer.total.meetings.value, answer.total.meeting_hours.value) == (3, 2.75)


async def test_plans_count_in_the_month_first_agreed_and_goals_at_closure() -> None:
    answer = await answered(
        [
            at(agreed("p1", "2026-02-01"), "2026-02-01"), at(agreed("p1", "2026-03-01", revision=2), "2026-03-01"),
            at(agreed("p2", "2026-03-05"), "2026-03-05"),
            at(closed("p1", "m1", "e1", outcomes="achieved partly not_achieved"), "2026-05-01"),
            at(closed("p2", "m2", "e2", outcomes="achieved achieved", reason=ClosureReason.GOALS_ACHIEVED),
               "2026-06-01"),
        ]
    )  # fmt: skip
    assert [month(answer, name).plans_agreed.value for name in ("2026-02", "2026-03")] == [1, 1]
    may = month(answer, "2026-05")
    assert (may.goals_set.value, may.goals_achieved.value, may.goal_attainment.value) == (3, 1, round(1 / 3, 4))
    total = answer.total
    assert (total.goals_set.value, total.goals_achieved.value, total.goal_attainment.value) == (5, 3, 0.6)
    closures = {count.reason: count.count.value for count in total.closures}
    assert closures == {ClosureReason.TERM_COMPLETED: 1, ClosureReason.GOALS_ACHIEVED: 1}


async def test_dissolutions_count_whole_partnerships_by_reason() -> None:
    answer = await answered(
        [
            at(dissolved("g", "m1", "e1", whole=False), "2026-03-01"),  # one member left a group
            at(dissolved("p1", "m1", "e2", reason=DissolutionReason.CONDUCT), "2026-03-02"),
            at(dissolved("p2", "m2", "e3", reason=DissolutionReason.CONDUCT), "2026-04-02"),
        ]
    )
    march = {count.reason: count.count.value for count in month(answer, "2026-03").dissolutions}
    assert march[DissolutionReason.CONDUCT] == 1 and march[DissolutionReason.POOR_FIT] == 0
    assert {c.reason: c.count.value for c in answer.total.dissolutions}[DissolutionReason.CONDUCT] == 2


async def test_satisfaction_per_survey_and_question_mean_and_distribution() -> None:
    answer = await answered(
        [
            at(feedback("p1", "e1", "2026-03-01", fit=4, clarity=2), "2026-03-01"),
            at(feedback("p1", "mentor1", "2026-03-02", fit=5), "2026-03-02"),
            at(feedback("p1", "e1", "2026-06-01", kind=SurveyKind.PERIODIC, fit=3), "2026-06-01"),
            at(feedback("p1", "e1", "2026-09-01", kind=SurveyKind.PERIODIC, fit=5), "2026-09-01"),
        ]
    )
    questions = {(q.survey, q.question_id): q for q in answer.total.satisfaction}
    assert list(questions) == [
        (SurveyKind.CLOSING, "clarity"), (SurveyKind.CLOSING, "fit"), (SurveyKind.PERIODIC, "fit")
    ]  # fmt: skip
    fit = questions[SurveyKind.CLOSING, "fit"]
    assert (fit.respondents.value, fit.mean.value) == (2, 4.5)
    assert [bucket.count.value for bucket in fit.distribution] == [0, 0, 0, 1, 1]
    periodic = questions[SurveyKind.PERIODIC, "fit"]
    assert (periodic.respondents.value, periodic.mean.value) == (1, 4)  # one person, twice
    june = {(q.survey, q.question_id): q for q in month(answer, "2026-06").satisfaction}
    assert june[SurveyKind.PERIODIC, "fit"].respondents.value == 1
    assert june[SurveyKind.CLOSING, "fit"].mean.value is None  # nothing rated that month


async def test_withdrawals_count_people_in_the_month_they_withdrew() -> None:
    enrolled = approved("e1")
    answer = await answered([at(enrolled, "2026-01-01"), at(participant_withdrawn(enrolled), "2026-02-03")])
    assert [month(answer, name).withdrawals.value for name in ("2026-01", "2026-02")] == [0, 1]
    assert answer.total.withdrawals.value == 1


async def test_as_of_is_when_the_newest_event_of_the_programme_happened() -> None:
    analytics = service()
    await analytics.record(
        [at(program_opened("g1"), "2026-01-01"), at(met("p1", "2026-03-01"), "2026-03-04"),
         at(program_opened("g2"), "2026-05-01"), at(met("p1", "2026-01-02"), "2026-02-01")]
    )  # fmt: skip
    answer = await analytics.program_analytics(caller(), "g1", YEAR)
    assert answer.as_of is not None and answer.as_of.date() == date(2026, 3, 4)
    agency = await analytics.agency_analytics(caller(), YEAR)
    assert agency.as_of is not None and agency.as_of.date() == date(2026, 5, 1)


async def test_a_programme_never_opened_in_the_agency_is_not_found() -> None:
    analytics = service()
    await analytics.record(
        [at(program_opened("g1"), "2026-01-01", "agency-b"), at(met("p1", "2026-01-02"), "2026-01-02")]
    )
    with pytest.raises(NotFound):
        await analytics.program_analytics(caller(), "g1", YEAR)


async def test_months_are_listed_oldest_first_and_the_answer_covers_them_whole() -> None:
    query = AnalyticsQuery.model_validate({"from": "2026-02-14", "to": "2026-04-02"})
    answer = await answered([], query)
    assert [period.month for period in answer.months] == ["2026-02", "2026-03", "2026-04"]
    assert (answer.from_day, answer.to_day) == (date(2026, 2, 1), date(2026, 4, 30))
    default = await answered([], AnalyticsQuery(), today=date(2026, 7, 9))
    assert (default.months[0].month, default.months[-1].month) == ("2025-08", "2026-07")


def _life(randomly: random.Random) -> list[Envelope[Any]]:
    """A programme's year: people applying, approved, matched, signing, meeting, reporting, ending, answering."""
    events = []
    for n in range(40):
        mentee, mentor, pair = f"e{n}", f"mentor{n % 7}", f"p{n}"
        day = f"2026-{randomly.randrange(1, 7):02d}-{randomly.randrange(1, 28):02d}"
        later = f"2026-{randomly.randrange(7, 13):02d}-{randomly.randrange(1, 28):02d}"
        events += [at(applied(mentee, eligible=n % 5 != 0), day), at(applied(mentor, MENTOR), "2026-01-02")]
        if n % 4:
            events += [at(approved(mentee, exception=n % 5 == 0), day), at(approved(mentor, MENTOR), "2026-01-03")]
            events += [at(matched(pair, mentor, mentee), later), at(signed(pair, mentor, mentee, day=later), later)]
            events += [at(met(pair, later, 30 + n), later), at(agreed(pair, later), later)]
            events += [at(feedback(pair, mentee, later, fit=1 + n % 5), later)]
            if n % 3 == 0:
                events += [at(overdue(pair, later), later), at(closed(pair, mentor, mentee), "2026-12-01")]
            if n % 7 == 0:
                events += [at(dissolved(pair, mentor, mentee), "2026-12-02")]
        if n % 6 == 0:
            events += [at(participant_withdrawn(approved(mentee)), later)]
    return events


async def test_the_figures_are_the_same_whatever_order_the_facts_came_in() -> None:
    events = _life(random.Random(3))
    shuffled = events[:]
    random.Random(4).shuffle(shuffled)
    assert (await answered(events)) == (await answered(shuffled))


async def test_every_sum_adds_up_and_no_cell_names_a_person() -> None:
    events = _life(random.Random(5))
    analytics = service()
    await analytics.record([at(program_opened("g1"), "2025-12-01"), *events])
    scope = (await analytics.ledger("agency-a")).program("g1")
    assert scope is not None
    found = figures(scope, month_range(date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 15)))
    assert found.sums, "the answer has relations"
    for relation in found.sums:
        parts = sum(found.cells[part].value for part in relation.parts)
        rounding = 0.01 * len(relation.parts)  # hours are rounded to 2 places, month by month and in total
        assert found.cells[relation.total].value == pytest.approx(parts, abs=rounding), relation
    for dependency in found.dependencies:
        assert dependency.figure in found.cells and all(key in found.cells for key in dependency.on)
    assert found.hidden <= set(found.cells)
    assert all(isinstance(cell.value, int | float | None) for cell in found.cells.values())
    text = (await analytics.agency_analytics(caller(), YEAR)).model_dump_json()
    assert not any(person in text for person in ("e1", "mentor1", "p1"))
