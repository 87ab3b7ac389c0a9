"""The relay on the in-memory store: facts handed over go out in order; the sweep takes up what a crash left."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mentoring_runtime.event_log import EventLog
from mentoring_runtime.recording import Cause, EventRecorder
from mentoring_runtime.relay import GRACE_SECONDS, ORPHAN_SECONDS, OutboxRelay
from mentoring_runtime.relay_peers import RelayPeers, RelayRole
from tests.support.factories import pair_matched
from tests.support.memory_store import MemoryDatabase

pytestmark = pytest.mark.unit


class Broker:
    def __init__(self) -> None:
        self.keys: list[bytes] = []
        self.event_ids: list[str] = []

    async def publish(self, value: bytes, **options: Any) -> Any:
        self.keys.append(options["key"])
        self.event_ids.append(json.loads(value)["event_id"])

        async def confirmed() -> None:
            return None

        return confirmed()


def _relay(database: MemoryDatabase, broker: Broker, instance: str = "solo") -> OutboxRelay:
    peers = RelayPeers(database, instance=instance, beat_seconds=1)  # type: ignore[arg-type]
    return OutboxRelay(EventLog(database), broker, peers, sweep_seconds=10, poll_seconds=0.1)  # type: ignore[arg-type]


@pytest.fixture
def database() -> MemoryDatabase:
    return MemoryDatabase()


@pytest.fixture
async def log(database: MemoryDatabase) -> EventLog:
    log = EventLog(database)  # type: ignore[arg-type]
    await log.create_indexes()
    return log


async def _age(log: EventLog, seconds: float) -> None:
    """Pretend every outbox entry was written `seconds` ago."""
    outbox = log._outbox  # the in-memory collection
    for pending in await log.outbox():
        await outbox.update_one(
            {"_id": pending["_id"]}, {"$set": {"recorded_at": pending["recorded_at"] - timedelta(seconds=seconds)}}
        )


async def test_facts_handed_over_are_published_in_order_and_leave_the_outbox(
    database: MemoryDatabase, log: EventLog
) -> None:
    broker = Broker()
    relay = _relay(database, broker)
    recorder = EventRecorder(log, "test", recorded=relay.hand_over)
    for version, pair in enumerate(["p1", "p2", "p1"]):
        await recorder.record(
            pair, pair_matched(pair), Cause("a"), expected_version=0 if pair != "p1" or version == 0 else 1
        )
    assert await relay.publish_handed() == 3
    assert broker.keys == [b"p1", b"p2", b"p1"]
    assert await log.outbox() == []


async def test_the_sweep_publishes_what_a_crash_left_once_it_is_past_the_grace_period(
    database: MemoryDatabase, log: EventLog
) -> None:
    await EventRecorder(log, "crashed").record("p1", pair_matched("p1"), Cause("a"), expected_version=0)
    broker = Broker()
    relay = _relay(database, broker)
    assert await relay.sweep() is True  # too young to judge: its writer may be mid-way
    await _age(log, GRACE_SECONDS + 1)
    assert await relay.sweep() is False
    await relay.publish_handed()
    assert broker.keys == [b"p1"]
    assert await log.outbox() == []


async def test_an_abandoned_entry_without_its_fact_is_dropped_not_published(
    database: MemoryDatabase, log: EventLog
) -> None:
    await log._outbox.insert_one(
        {"_id": "e1", "stream_id": "p9", "version": 1, "recorded_at": datetime.now(UTC), "key": "p9"}
    )
    broker = Broker()
    relay = _relay(database, broker)
    await _age(log, GRACE_SECONDS + 1)
    await relay.sweep()
    assert len(await log.outbox()) == 1  # not yet clearly abandoned: its log insert may still come
    await _age(log, ORPHAN_SECONDS)
    await relay.sweep()
    assert await log.outbox() == []
    assert await relay.publish_handed() == 0
    assert broker.keys == []


async def _beat(*relays: OutboxRelay) -> None:
    for relay in relays:
        await relay._beat()


async def _age_heartbeat(database: MemoryDatabase, instance: str, seconds: float) -> None:
    beats = database["relay_instances"]
    mine = await beats.find_one({"_id": instance})
    await beats.update_one({"_id": instance}, {"$set": {"seen_at": mine["seen_at"] - timedelta(seconds=seconds)}})


async def _two_instances(database: MemoryDatabase) -> tuple[Broker, OutboxRelay, OutboxRelay]:
    broker = Broker()
    first, second = _relay(database, broker, "first"), _relay(database, broker, "second")
    await _beat(first, second, first)  # the first learns of its peer at its next beat
    return broker, first, second


async def _store(log: EventLog, relay: OutboxRelay, stream: str, after: int) -> None:
    recorder = EventRecorder(log, relay.peers.instance, recorded=relay.hand_over)
    await recorder.record(stream, pair_matched(stream), Cause("a"), expected_version=after)


async def test_of_several_instances_the_oldest_publishes_every_instances_facts_once(
    database: MemoryDatabase, log: EventLog
) -> None:
    broker, first, second = await _two_instances(database)
    assert (first.role.publishes, second.role.publishes) == (True, False)
    assert not first.role.alone and not second.role.alone
    await _store(log, first, "p1", after=0)
    await _store(log, second, "p2", after=0)
    await second.relay_round()  # the follower publishes nothing: it marks its fact recorded for the publisher
    assert broker.keys == []
    await first.relay_round()
    await second.relay_round()
    assert sorted(broker.keys) == [b"p1", b"p2"]
    assert await log.outbox() == []


async def test_a_streams_later_fact_waits_until_an_earlier_one_a_peer_stored_is_marked(
    database: MemoryDatabase, log: EventLog
) -> None:
    broker, first, second = await _two_instances(database)
    await _store(log, second, "s", after=0)
    await _store(log, first, "s", after=1)
    await first.relay_round()
    assert broker.keys == []  # version 2 is ready, but version 1 is not yet known to be recorded
    await second.relay_round()
    await first.relay_round()
    stream = await log.for_agency("a").stream("s")
    assert broker.event_ids == [fact.envelope["event_id"] for fact in stream]


async def test_a_newcomer_never_takes_over_and_a_silent_publisher_is_replaced_and_each_knows_its_place(
    database: MemoryDatabase,
) -> None:
    broker, first, second = await _two_instances(database)
    third = _relay(database, broker, "third")
    await _beat(third, first, second)
    assert [r.role.publishes for r in (first, second, third)] == [True, False, False]
    assert [(r.role.rank, r.role.instances) for r in (first, second, third)] == [(0, 3), (1, 3), (2, 3)]
    await _age_heartbeat(database, "first", 10)  # the publisher stopped beating: it died
    await _beat(second, third)
    assert [r.role.publishes for r in (second, third)] == [True, False]
    assert [(r.role.rank, r.role.instances) for r in (second, third)] == [(0, 2), (1, 2)]
    await second.peers.leave()  # a clean shutdown hands over at the next beat
    await _beat(third)
    assert third.role == RelayRole(publishes=True, alone=True)
