"""The event log, its relay and a consumer on the real broker and store."""

import asyncio
import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from opentelemetry.sdk.trace import TracerProvider

from mentoring_contracts import Envelope, PairMatched
from mentoring_runtime.event_log import ConcurrencyConflict
from mentoring_runtime.recording import Cause
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.settings import ServiceSettings
from tests.support.factories import pair_matched
from tests.support.kafka import read_topic
from tests.support.stores import fresh_settings
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Secret:
    secret: str


async def test_stored_facts_reach_a_consumer_once_in_order_without_their_private_part(stack) -> None:
    settings = fresh_settings(ServiceSettings, stack)
    producer = ServiceRuntime("it-producer", settings, TracerProvider())
    consumer = ServiceRuntime("it-consumer", settings, TracerProvider())
    received: list[Envelope[Any]] = []

    async def collect(envelope: Envelope[Any]) -> None:
        received.append(envelope)

    consumer.subscribe(PairMatched, collect)
    pair_id = str(uuid.uuid4())
    private = Secret(secret="never published")

    async def record(score: float, version: int) -> None:
        fact = pair_matched(pair_id, score=score)
        await producer.recorder.record(pair_id, fact, Cause("a"), expected_version=version, private=private)

    await producer.start()
    await consumer.start()
    try:
        await asyncio.wait_for(producer.connected.wait(), 30)
        await asyncio.wait_for(consumer.connected.wait(), 30)
        await record(0.1, 0)
        await record(0.2, 1)
        with pytest.raises(ConcurrencyConflict):
            await record(0.9, 1)

        async def mine() -> list[float]:
            return [e.payload.score for e in received if e.aggregate_id == pair_id]

        assert await eventually_async(mine, lambda scores: len(scores) >= 2, timeout=20) == [0.1, 0.2]
        assert await producer.event_log.outbox() == []
    finally:
        await producer.stop()
        await consumer.stop()
    records = [r for r in await read_topic(stack.kafka_bootstrap, "matching.events") if r.key == pair_id.encode()]
    assert len(records) == 2
    assert all(b"never published" not in r.value for r in records)
    assert {name for name, _ in records[0].headers} >= {"event_id", "event_type", "correlation_id"}


async def test_a_service_starts_without_its_servers_and_says_what_it_cannot_reach(stack) -> None:
    settings = fresh_settings(ServiceSettings, stack, kafka_bootstrap="127.0.0.1:1", mongo_url="mongodb://127.0.0.1:1")
    runtime = ServiceRuntime("it-away", settings, TracerProvider())
    await runtime.start()
    try:
        problems = {name: await check() for name, check in runtime.readiness().items()}
        assert "cannot reach the document store" in problems["store"]
        assert "not yet connected to Kafka at 127.0.0.1:1" in problems["kafka"]
    finally:
        await runtime.stop()


async def test_two_instances_of_a_service_publish_each_fact_once_and_each_key_in_order(stack) -> None:
    settings = fresh_settings(ServiceSettings, stack, relay_beat_seconds=0.2)
    instances = [ServiceRuntime("it-scaled", settings, TracerProvider()) for _ in range(2)]
    streams = [str(uuid.uuid4()) for _ in range(5)]
    for instance in instances:
        await instance.start()
    try:
        for instance in instances:
            await asyncio.wait_for(instance.connected.wait(), 30)
        await asyncio.sleep(1)  # a few beats: each knows the other, one publishes
        assert sorted(instance.relay.role.publishes for instance in instances) == [False, True]
        for version in range(8):  # each stream's versions written by the two instances in turn
            await asyncio.gather(
                *(
                    instances[(version + n) % 2].recorder.record(
                        stream, pair_matched(stream, score=float(version)), Cause("a"), expected_version=version
                    )
                    for n, stream in enumerate(streams)
                )
            )

        async def published() -> list[Any]:
            records = await read_topic(settings.kafka_bootstrap, "matching.events")
            return [json.loads(r.value) for r in records if r.key.decode() in streams]

        sent = await eventually_async(published, lambda found: len(found) >= 8 * len(streams), timeout=30)
        assert len(sent) == 8 * len(streams)  # none twice
        for stream in streams:
            scores = [e["payload"]["score"] for e in sent if e["payload"]["pair_id"] == stream]
            assert scores == [float(version) for version in range(8)]
        assert await instances[0].event_log.outbox() == []
    finally:
        for instance in instances:
            await instance.stop()
