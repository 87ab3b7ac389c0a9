"""The event log, its relay and a consumer on the real broker and store."""

import asyncio
import uuid
from typing import Any

import pytest
from opentelemetry.sdk.trace import TracerProvider

from mentoring_contracts import Envelope, PairMatched
from mentoring_runtime.event_log import ConcurrencyConflict, NewFact
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.settings import ServiceSettings
from tests.support.kafka import read_topic

pytestmark = pytest.mark.integration


def _settings(stack, **overrides: Any) -> ServiceSettings:
    values = {
        "namespace": "it" + uuid.uuid4().hex[:8],
        "kafka_bootstrap": stack.kafka_bootstrap,
        "mongo_url": stack.mongo_url,
        "relay_poll_seconds": 0.1,
    }
    return ServiceSettings(**{**values, **overrides})


def _fact(pair_id: str, score: float = 0.5) -> NewFact:
    pair = PairMatched(pair_id=pair_id, program_id="g", run_id="r", mentor_id="m", mentee_id="e", score=score)
    return NewFact(pair_id, Envelope.wrap(pair, agency_id="a", producer="it"), private={"secret": "never published"})


async def test_stored_facts_reach_a_consumer_once_in_order_without_their_private_part(stack) -> None:
    settings = _settings(stack)
    producer = ServiceRuntime("it-producer", settings, TracerProvider())
    consumer = ServiceRuntime("it-consumer", settings, TracerProvider())
    received: list[Envelope[Any]] = []

    async def collect(envelope: Envelope[Any]) -> None:
        received.append(envelope)

    consumer.subscribe("matching.events", {"PairMatched": collect})
    pair_id = str(uuid.uuid4())
    await producer.start()
    await consumer.start()
    try:
        await asyncio.wait_for(producer.connected.wait(), 30)
        await asyncio.wait_for(consumer.connected.wait(), 30)
        await producer.record([_fact(pair_id, 0.1)], expected_versions={pair_id: 0})
        await producer.record([_fact(pair_id, 0.2)], expected_versions={pair_id: 1})
        with pytest.raises(ConcurrencyConflict):
            await producer.record([_fact(pair_id, 0.9)], expected_versions={pair_id: 1})
        for _ in range(200):
            if len([e for e in received if e.aggregate_id == pair_id]) >= 2:
                break
            await asyncio.sleep(0.1)
        mine = [e.payload.score for e in received if e.aggregate_id == pair_id]
        assert mine == [0.1, 0.2]
        assert await producer.event_log.unpublished(10) == []
    finally:
        await producer.stop()
        await consumer.stop()
    records = [r for r in await read_topic(stack.kafka_bootstrap, "matching.events") if r.key == pair_id.encode()]
    assert len(records) == 2
    assert all(b"never published" not in r.value for r in records)
    assert {name for name, _ in records[0].headers} >= {"event_id", "event_type", "correlation_id"}


async def test_a_service_starts_without_its_servers_and_says_what_it_cannot_reach(stack) -> None:
    runtime = ServiceRuntime(
        "it-away", _settings(stack, kafka_bootstrap="127.0.0.1:1", mongo_url="mongodb://127.0.0.1:1"), TracerProvider()
    )
    await runtime.start()
    try:
        problems = {name: await check() for name, check in runtime.readiness().items()}
        assert "cannot reach the document store" in problems["store"]
        assert "not yet connected to Kafka at 127.0.0.1:1" in problems["kafka"]
    finally:
        await runtime.stop()
