"""A member's surveys and answers, and the coordinators' list of responses, on in-memory ports with a clock the test
moves: surveys open from what evaluation heard of the partnership, each answered once by the person it is for."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from evaluation.bootstrap import wire
from mentoring_contracts.api import EvaluationPolicy, MySurveysQuery, RespondToSurvey, SurveyResponsesQuery
from mentoring_contracts.names import SurveyKind, SurveyStatus
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from tests.support.clock import Clock
from tests.support.endings import dissolved
from tests.support.evaluated import AGENCY, at, formed, hear, met, opened, signed
from tests.support.factories import caller
from tests.support.ports import MemoryPorts
from tests.support.surveying import ANSWERS, COORDINATOR, MET, member, mine, started

pytestmark = pytest.mark.unit


async def test_both_members_see_the_pairing_fit_open_after_the_first_meeting_and_answer_it_once() -> None:
    evaluation, clock, _ = await started()
    for person in ("mentor", "mentee"):
        [fit] = await mine(evaluation, person)
        assert (fit.kind, fit.status, fit.pair_id, fit.opens_at) == (SurveyKind.PAIRING_FIT, "open", "p1", MET)
        assert [q.id for q in fit.questions] == ["fit", "rapport", "comments"]
        answered = await evaluation.surveys.respond(member(person), fit.survey_id, RespondToSurvey(**ANSWERS))
        assert answered == fit.survey_id
        with pytest.raises(Conflict, match="answered at"):
            await evaluation.surveys.respond(member(person), fit.survey_id, RespondToSurvey(**ANSWERS))
        [seen] = await mine(evaluation, person)
        assert (seen.status, seen.answered_at) == (SurveyStatus.ANSWERED, clock())
    listed = await evaluation.surveys.program_responses(COORDINATOR, "g1", SurveyResponsesQuery())
    assert {(r.respondent_id, r.respondent_role) for r in listed.items} == {("mentor", "mentor"), ("mentee", "mentee")}
    assert all(r.answers[2].text == "Fine so far" for r in listed.items)


async def test_a_survey_is_answered_only_by_the_person_it_is_for() -> None:
    evaluation, _, _ = await started()
    [fit] = await mine(evaluation, "mentee")
    for someone in (member("mentor"), member("stranger"), caller("agency-b", "mentee", "mentee")):
        with pytest.raises(NotFound):
            await evaluation.surveys.respond(someone, fit.survey_id, RespondToSurvey(**ANSWERS))
    assert await mine(evaluation, "stranger") == []
    with pytest.raises(NotFound):
        await evaluation.surveys.respond(member("mentee"), "no-such-survey", RespondToSurvey(**ANSWERS))


async def test_a_closed_survey_takes_no_answer_and_is_listed_after_the_open_ones() -> None:
    evaluation, clock, ports = await started()
    [fit] = await mine(evaluation, "mentee")
    clock.at = fit.closes_at
    with pytest.raises(Conflict, match="closed at"):
        await evaluation.surveys.respond(member("mentee"), fit.survey_id, RespondToSurvey(**ANSWERS))
    assert await ports.log.for_agency(AGENCY).stream(f"survey:{fit.survey_id}") == []
    clock.at = datetime(2026, 6, 2, tzinfo=UTC)  # the first periodic survey opened on 1 June
    listed = await mine(evaluation, "mentee")
    assert [(s.kind, s.status) for s in listed] == [
        (SurveyKind.PERIODIC, SurveyStatus.OPEN),
        (SurveyKind.PAIRING_FIT, SurveyStatus.CLOSED),
    ]
    assert [s.kind for s in await mine(evaluation, "mentee", status="closed")] == [SurveyKind.PAIRING_FIT]
    first = await evaluation.surveys.my_surveys(member("mentee"), MySurveysQuery(limit=1))
    assert first.next_cursor == listed[0].survey_id
    rest = await evaluation.surveys.my_surveys(member("mentee"), MySurveysQuery(limit=1, cursor=first.next_cursor))
    assert [s.survey_id for s in rest.items] == [listed[1].survey_id] and rest.next_cursor is None


async def test_a_refused_answer_records_nothing_and_the_survey_can_still_be_answered() -> None:
    evaluation, _, ports = await started()
    [fit] = await mine(evaluation, "mentee")
    wrong = {"answers": [*ANSWERS["answers"], {"question_id": "mood", "rating": 2}]}
    with pytest.raises(Invalid, match="mood"):
        await evaluation.surveys.respond(member("mentee"), fit.survey_id, RespondToSurvey(**wrong))
    assert await ports.log.for_agency(AGENCY).stream(f"survey:{fit.survey_id}") == []
    await evaluation.surveys.respond(member("mentee"), fit.survey_id, RespondToSurvey(**ANSWERS))


async def test_two_answers_at_once_record_one() -> None:
    evaluation, _, ports = await started()
    [fit] = await mine(evaluation, "mentee")
    results = await asyncio.gather(
        *(evaluation.surveys.respond(member("mentee"), fit.survey_id, RespondToSurvey(**ANSWERS)) for _ in range(2)),
        return_exceptions=True,
    )
    assert sorted(type(result).__name__ for result in results) == ["Conflict", "str"]
    assert len(await ports.log.for_agency(AGENCY).stream(f"survey:{fit.survey_id}")) == 1


async def test_a_dissolution_opens_the_closing_survey_and_no_periodic_one_after() -> None:
    evaluation, clock, _ = await started()
    ended = datetime(2026, 4, 15, tzinfo=UTC)
    await hear(evaluation, at(dissolved(AGENCY, "g1", "p1", "mentor", ["mentee"]), ended.isoformat()))
    clock.at = datetime(2027, 1, 1, tzinfo=UTC)
    for person in ("mentor", "mentee"):
        assert [(s.kind, s.opens_at) for s in await mine(evaluation, person)] == [
            (SurveyKind.CLOSING, ended),
            (SurveyKind.PAIRING_FIT, MET),
        ]


async def test_responses_are_the_coordinators_newest_first_by_kind_and_survive_a_restart() -> None:
    evaluation, clock, ports = await started()
    [fit] = await mine(evaluation, "mentee")
    await evaluation.surveys.respond(member("mentee"), fit.survey_id, RespondToSurvey(**ANSWERS))
    clock.at = datetime(2026, 6, 2, tzinfo=UTC)
    periodic = next(s for s in await mine(evaluation, "mentor") if s.kind is SurveyKind.PERIODIC)
    answers = {"answers": [{"question_id": "satisfaction", "rating": 3}, {"question_id": "progress", "rating": 2}]}
    with pytest.raises(Invalid, match="comments"):  # required
        await evaluation.surveys.respond(member("mentor"), periodic.survey_id, RespondToSurvey(**answers))
    answers["answers"].append({"question_id": "comments", "text": "Slow"})
    await evaluation.surveys.respond(member("mentor"), periodic.survey_id, RespondToSurvey(**answers))

    restarted = wire(ports.log, ports.recorder, clock)
    await restarted.held_responses.warm()
    await restarted.held_partnerships.warm()
    for process in (evaluation, restarted):
        every = await process.surveys.program_responses(COORDINATOR, "g1", SurveyResponsesQuery())
        assert [(r.kind, r.respondent_id) for r in every.items] == [
            (SurveyKind.PERIODIC, "mentor"),
            (SurveyKind.PAIRING_FIT, "mentee"),
        ]
        fits = await process.surveys.program_responses(COORDINATOR, "g1", SurveyResponsesQuery(kind="pairing_fit"))
        assert [r.survey_id for r in fits.items] == [fit.survey_id]
        paged = await process.surveys.program_responses(COORDINATOR, "g1", SurveyResponsesQuery(limit=1))
        assert paged.next_cursor == periodic.survey_id
        assert [s.status for s in await mine(process, "mentee") if s.kind is SurveyKind.PAIRING_FIT] == ["answered"]
    assert (await evaluation.surveys.program_responses(COORDINATOR, "g2", SurveyResponsesQuery())).items == []
    other_agency = caller("agency-b", "coord-9", "coordinator")
    assert (await evaluation.surveys.program_responses(other_agency, "g1", SurveyResponsesQuery())).items == []
    with pytest.raises(Forbidden):
        await evaluation.surveys.program_responses(member("mentor"), "g1", SurveyResponsesQuery())


async def test_a_policy_set_later_changes_the_surveys_opening_later_only() -> None:
    evaluation, clock, _ = await started()
    [before] = await mine(evaluation, "mentee")
    await evaluation.policies.set_evaluation_policy(COORDINATOR, "g1", EvaluationPolicy(survey_open_days=3))
    [still] = await mine(evaluation, "mentee")
    assert still.closes_at == before.closes_at == MET + timedelta(days=14)
    clock.at = datetime(2026, 6, 2, tzinfo=UTC)
    periodic = next(s for s in await mine(evaluation, "mentee") if s.kind is SurveyKind.PERIODIC)
    assert periodic.closes_at == periodic.opens_at + timedelta(days=3)


async def test_a_member_who_left_a_group_gets_the_closing_survey_then_and_the_group_goes_on() -> None:
    ports = await MemoryPorts.prepared("evaluation")
    clock = Clock(datetime(2026, 5, 1, tzinfo=UTC))
    evaluation = wire(ports.log, ports.recorder, clock)
    left = datetime(2026, 4, 20, tzinfo=UTC)
    partial = dissolved(AGENCY, "g1", "grp1", "mentor", ["e2"], whole=False, group_id="grp1")
    await hear(
        evaluation,
        opened(),
        formed(),
        signed("grp1", mentee_ids=("e1", "e2")),
        met("grp1", held_at=MET.isoformat()),
        at(partial, left.isoformat()),
    )
    assert [(s.kind, s.opens_at) for s in await mine(evaluation, "e2")] == [
        (SurveyKind.CLOSING, left),
        (SurveyKind.PAIRING_FIT, MET),
    ]
    clock.at = datetime(2026, 6, 2, tzinfo=UTC)
    assert [s.kind for s in await mine(evaluation, "e2")] == [SurveyKind.CLOSING, SurveyKind.PAIRING_FIT]
    for person in ("mentor", "e1"):
        assert [s.kind for s in await mine(evaluation, person)] == [SurveyKind.PERIODIC, SurveyKind.PAIRING_FIT]
