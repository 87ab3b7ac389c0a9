"""Surveys on the real store: an answer given by two evaluation processes at once is recorded once (the survey
stream's first version is taken once), and a process started again reads back the policy, the answers with their
text for the coordinators, and which of a member's surveys are answered."""

import asyncio
from typing import Any

import pytest

from evaluation.bootstrap import Evaluation, wire
from evaluation.settings import SERVICE
from mentoring_contracts.api import EvaluationPolicy, RespondToSurvey, SurveyResponsesQuery
from mentoring_contracts.names import SurveyStatus
from mentoring_runtime.errors import Conflict
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.recording import EventRecorder
from tests.support.evaluated import hear, matched, met, opened, signed
from tests.support.stores import real_database
from tests.support.surveying import ANSWERS, COORDINATOR, MET, Clock, member, mine

pytestmark = pytest.mark.integration


async def started(log: EventLog, clock: Clock) -> Evaluation:
    """An evaluation process on the store, having read everything as the service does before its first request."""
    evaluation = wire(log, EventRecorder(log, SERVICE), clock)
    for held in (evaluation.held_partnerships, evaluation.held_policies, evaluation.held_responses):
        await held.warm()
    return evaluation


async def test_an_answer_is_recorded_once_and_read_back_after_a_restart(stack: Any) -> None:
    async with real_database(stack.mongo_url) as database:
        log = EventLog(database)
        await log.create_indexes()
        clock = Clock(MET.replace(hour=11))
        first = await started(log, clock)
        await first.policies.set_evaluation_policy(COORDINATOR, "g1", EvaluationPolicy(survey_open_days=21))
        await hear(first, opened(), matched(), signed(), met(held_at=MET.isoformat()))
        second = await started(log, clock)  # a second process, which read the pair as the first heard it

        [fit] = await mine(second, "mentee")
        answering = [
            process.surveys.respond(member("mentee"), fit.survey_id, RespondToSurvey(**ANSWERS))
            for process in (first, second)
        ]
        results = await asyncio.gather(*answering, return_exceptions=True)
        assert sorted(type(result).__name__ for result in results) == ["Conflict", "str"]
        assert len(await log.for_agency("agency-a").stream(f"survey:{fit.survey_id}")) == 1
        for process in (first, second):
            with pytest.raises(Conflict, match="answered at"):
                await process.surveys.respond(member("mentee"), fit.survey_id, RespondToSurvey(**ANSWERS))

        restarted = await started(log, clock)
        assert (await restarted.held_policies.policy("agency-a", "g1")).survey_open_days == 21
        [seen] = await mine(restarted, "mentee")
        assert (seen.survey_id, seen.status) == (fit.survey_id, SurveyStatus.ANSWERED)
        assert seen.closes_at - seen.opens_at == (fit.closes_at - fit.opens_at)
        listed = await restarted.surveys.program_responses(COORDINATOR, "g1", SurveyResponsesQuery())
        assert [(r.survey_id, r.answers[2].text) for r in listed.items] == [(fit.survey_id, "Fine so far")]
        [still_open] = await mine(restarted, "mentor")
        assert still_open.status is SurveyStatus.OPEN
