"""Evaluation against the real broker and store: each event counts once, and metrics follow the topics."""

import asyncio
from datetime import UTC, datetime
from uuid import uuid4

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from pymongo import AsyncMongoClient

from evaluation.bootstrap import create_app
from evaluation.domain import program_metrics
from evaluation.facts import ProgramFacts
from evaluation.settings import SERVICE, EvaluationSettings
from mentoring_contracts import (
    Cadence,
    Envelope,
    MeetingLogged,
    MenteeEnrolled,
    MentorEnrolled,
    PairMatched,
    ProgramOpened,
)
from mentoring_contracts.api import ProgramMetrics
from mentoring_runtime.web import caller_headers

pytestmark = pytest.mark.integration

PERSON = {"department": "finance", "grade": "g7", "languages": ("en",)}
CADENCE = Cadence(meetings_per_month=2, hours_per_month=2)


def _history(agency: str, program: str) -> list[Envelope]:
    """A programme with two mentors, one mentee, one pair and meetings of 45 and 30 minutes."""
    person = {"program_id": program, **PERSON}
    meeting = {"pair_id": "p1", "program_id": program, "held_at": datetime.now(UTC), "logged_by": "mentee1"}
    events = [
        ProgramOpened(program_id=program, kind="one_to_one", cadence=CADENCE),
        MentorEnrolled(participant_id="pt1", person_id="mentor1", skills=("sql",), capacity=2, **person),
        MentorEnrolled(participant_id="pt2", person_id="mentor2", skills=("go",), capacity=1, **person),
        MenteeEnrolled(participant_id="pt3", person_id="mentee1", desired_skills=("sql",), **person),
        PairMatched(pair_id="p1", program_id=program, run_id="r1", mentor_id="mentor1", mentee_id="mentee1", score=0.7),
        MeetingLogged(meeting_id="m1", duration_minutes=45, **meeting),
        MeetingLogged(meeting_id="m2", duration_minutes=30, **meeting),
    ]
    return [Envelope.wrap(event, agency_id=agency, producer="test") for event in events]


EXPECTED = ProgramMetrics(mentors=2, mentees=1, pairs=1, meetings_logged=2, meeting_hours=1.25)


@pytest.fixture
async def database(stack):
    client = AsyncMongoClient(stack.mongo_url)
    name = f"t{uuid4().hex[:8]}_{SERVICE}"
    yield client[name]
    await client.drop_database(name)
    await client.close()


async def test_an_event_applied_twice_counts_once(database) -> None:
    facts = ProgramFacts(database)
    agency, program = f"a-{uuid4().hex[:6]}", "g1"
    history = _history(agency, program)
    for envelope in [*history, *history[-3:]]:  # the last three redelivered
        await facts.record(envelope)
    for envelope in _history("another-agency", program):
        await facts.record(envelope)
    assert program_metrics(await facts.totals(agency, program)) == EXPECTED


async def test_metrics_follow_the_events_published_on_kafka(stack) -> None:
    settings = EvaluationSettings(
        namespace=f"t{uuid4().hex[:8]}", kafka_bootstrap=stack.kafka_bootstrap, mongo_url=stack.mongo_url
    )
    agency, program = f"a-{uuid4().hex[:6]}", f"g-{uuid4().hex[:6]}"
    url = f"/api/v1/programs/{program}/metrics"
    try:
        app = create_app(settings)
        transport = httpx.ASGITransport(app)
        async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url="http://evaluation") as client:
            await _until(lambda: _status(client, "/ready", {}), 200)
            history = _history(agency, program)
            await _publish(stack.kafka_bootstrap, [*history, history[-1]])
            headers = caller_headers(agency, "coordinator1", ["coordinator"], str(uuid4()))
            await _until(lambda: _body(client, url, headers), EXPECTED.model_dump())
            other = caller_headers("another-agency", "coordinator1", ["coordinator"], str(uuid4()))
            assert (await client.get(url, headers=other)).status_code == 404
    finally:
        mongo = AsyncMongoClient(stack.mongo_url)
        await mongo.drop_database(settings.database_name(SERVICE))
        await mongo.close()


async def _publish(bootstrap: str, envelopes: list[Envelope]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for envelope in envelopes:
            value = envelope.model_dump_json().encode()
            await producer.send_and_wait(envelope.payload.topic, value, key=envelope.aggregate_id.encode())
    finally:
        await producer.stop()


async def _status(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> int:
    return (await client.get(url, headers=headers)).status_code


async def _body(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> object:
    response = await client.get(url, headers=headers)
    return response.json() if response.status_code == 200 else response.status_code


async def _until(probe, expected: object, timeout: float = 60) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while (seen := await probe()) != expected:
        assert asyncio.get_running_loop().time() < deadline, f"still {seen!r}, waiting for {expected!r}"
        await asyncio.sleep(0.3)
