"""Evaluation against the real broker and store: each event counts once, and metrics follow the topics."""

from uuid import uuid4

import pytest

from evaluation.bootstrap import create_app
from evaluation.handlers.metrics import Metrics
from evaluation.settings import SERVICE, EvaluationSettings
from evaluation.stores.facts import ProgramFacts
from mentoring_contracts import Envelope
from mentoring_contracts.api import ProgramMetrics
from mentoring_runtime.errors import NotFound
from mentoring_runtime.web import Caller, caller_headers
from tests.support.factories import (
    meeting_logged,
    mentee_enrolled,
    mentor_enrolled,
    pair_matched,
    participant_withdrawn,
    program_opened,
    wrapped,
)
from tests.support.kafka import publish
from tests.support.serving import serving
from tests.support.stores import drop_service_database, fresh_settings, real_database
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration


def _history(agency: str, program: str) -> list[Envelope]:
    """A programme with two mentors, one mentee, one pair and meetings of 45 and 30 minutes."""
    events = [
        program_opened(program),
        mentor_enrolled("mentor1", "sql", 2, program_id=program),
        mentor_enrolled("mentor2", "go", 1, program_id=program),
        mentee_enrolled("mentee1", "sql", program_id=program),
        pair_matched("p1", program_id=program, mentor_id="mentor1", mentee_id="mentee1"),
        meeting_logged("p1", 45, program_id=program, logged_by="mentee1"),
        meeting_logged("p1", 30, program_id=program, logged_by="mentee1"),
    ]
    return [wrapped(event, agency) for event in events]


EXPECTED = ProgramMetrics(mentors=2, mentees=1, pairs=1, meetings_logged=2, meeting_hours=1.25)


async def test_an_event_applied_twice_counts_once(stack) -> None:
    async with real_database(stack.mongo_url) as database:
        evaluation = Metrics(ProgramFacts(database))
        agency, program = f"a-{uuid4().hex[:6]}", "g1"
        history = _history(agency, program)
        await evaluation.count([*history, *_history("another-agency", program)])
        await evaluation.count(history[-3:])  # the last three redelivered
        assert await evaluation.metrics(Caller(agency, "c1", frozenset(), None), program) == EXPECTED
        with pytest.raises(NotFound):
            await evaluation.metrics(Caller("a-third-agency", "c1", frozenset(), None), program)


async def test_a_withdrawal_takes_its_participant_off_once_whatever_order_it_comes_in(stack) -> None:
    async with real_database(stack.mongo_url) as database:
        evaluation = Metrics(ProgramFacts(database))
        agency, program = f"a-{uuid4().hex[:6]}", "g1"
        history = _history(agency, program)
        withdrawn = wrapped(participant_withdrawn(history[1].payload), agency)
        await evaluation.count([withdrawn])  # before the enrolment it ends
        await evaluation.count([*history, withdrawn])
        await evaluation.count([history[1], withdrawn])  # both redelivered
        expected = EXPECTED.model_copy(update={"mentors": 1})
        caller = Caller(agency, "c1", frozenset(), None)
        assert await evaluation.metrics(caller, program) == expected
        assert await Metrics(ProgramFacts(database)).metrics(caller, program) == expected  # read from the store


async def test_metrics_follow_the_events_published_on_kafka(stack) -> None:
    settings = fresh_settings(EvaluationSettings, stack)
    agency, program = f"a-{uuid4().hex[:6]}", f"g-{uuid4().hex[:6]}"
    url = f"/api/v1/programs/{program}/metrics"
    try:
        async with serving(create_app(settings)) as client:
            history = _history(agency, program)
            await publish(stack.kafka_bootstrap, [*history, history[-1]])
            headers = caller_headers(agency, "coordinator1", ["coordinator"], str(uuid4()))
            expected = EXPECTED.model_dump()
            await eventually_async(lambda: client.get(url, headers=headers), lambda r: r.json() == expected, what=url)
            other = caller_headers("another-agency", "coordinator1", ["coordinator"], str(uuid4()))
            assert (await client.get(url, headers=other)).status_code == 404
    finally:
        await drop_service_database(settings, SERVICE)
