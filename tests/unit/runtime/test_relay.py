"""The relay on the in-memory store: facts handed over go out in order; the sweep takes up what a crash left."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mentoring_runtime.event_log import EventLog
from mentoring_runtime.recording import Cause, EventRecorder
from mentoring_runtime.relay import GRACE_SECONDS, ORPHAN_SECONDS, OutboxRelay
from tests.support.factories import pair_matched
from tests.support.memory_store import MemoryDatabase

pytestmark = pytest.mark.unit


class Broker:
    def __init__(self) -> None:
        self.keys: list[bytes] = []

    async def publish(self, value: bytes, **options: Any) -> Any:
        self.keys.append(options["key"])

        async def confirmed() -> None:
            return None

        return confirmed()


@pytest.fixture
async def log() -> EventLog:
    log = EventLog(MemoryDatabase())  # type: ignore[arg-type]
    await log.create_indexes()
    return log


async def _age(log: EventLog, seconds: float) -> None:
    """Pretend every outbox entry was written `seconds` ago."""
    outbox = log._outbox  # the in-memory collection
    for pending in await log.outbox():
        await outbox.update_one(
            {"_id": pending["_id"]}, {"$set": {"recorded_at": pending["recorded_at"] - timedelta(seconds=seconds)}}
        )


async def test_facts_handed_over_are_published_in_order_and_leave_the_outbox(log: EventLog) -> None:
    broker = Broker()
    relay = OutboxRelay(log, broker, sweep_seconds=10)  # type: ignore[arg-type]
    recorder = EventRecorder(log, "test", recorded=relay.hand_over)
    for version, pair in enumerate(["p1", "p2", "p1"]):
        await recorder.record(
            pair, pair_matched(pair), Cause("a"), expected_version=0 if pair != "p1" or version == 0 else 1
        )
    assert await relay.publish_handed() == 3
    assert broker.keys == [b"p1", b"p2", b"p1"]
    assert await log.outbox() == []


async def test_the_sweep_publishes_what_a_crash_left_once_it_is_past_the_grace_period(log: EventLog) -> None:
    await EventRecorder(log, "crashed").record("p1", pair_matched("p1"), Cause("a"), expected_version=0)
    broker = Broker()
    relay = OutboxRelay(log, broker, sweep_seconds=10)  # type: ignore[arg-type]
    assert await relay.sweep() is True  # too young to judge: its writer may be mid-way
    await _age(log, GRACE_SECONDS + 1)
    assert await relay.sweep() is False
    await relay.publish_handed()
    assert broker.keys == [b"p1"]
    assert await log.outbox() == []


async def test_an_abandoned_entry_without_its_fact_is_dropped_not_published(log: EventLog) -> None:
    await log._outbox.insert_one(
        {"_id": "e1", "stream_id": "p9", "version": 1, "recorded_at": datetime.now(UTC), "key": "p9"}
    )
    broker = Broker()
    relay = OutboxRelay(log, broker, sweep_seconds=10)  # type: ignore[arg-type]
    await _age(log, GRACE_SECONDS + 1)
    await relay.sweep()
    assert len(await log.outbox()) == 1  # not yet clearly abandoned: its log insert may still come
    await _age(log, ORPHAN_SECONDS)
    await relay.sweep()
    assert await log.outbox() == []
    assert await relay.publish_handed() == 0
    assert broker.keys == []
