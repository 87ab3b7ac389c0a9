"""The guarantees the services rely on, held alike by the in-memory stand-in and the real store."""

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import pytest

from mentoring_contracts import EVENTS, InternalEvent
from mentoring_runtime.event_log import ConcurrencyConflict, EventLog
from mentoring_runtime.recording import LATEST, Cause, EventRecorder, NewRecord
from mentoring_runtime.store import insert_once, store_problem
from tests.support.factories import pair_matched


@dataclass(frozen=True)
class Notes:
    notes: str


NOTES = Notes("kept here")


async def test_a_unique_key_is_inserted_once(database) -> None:
    collection = database["claims"]
    assert await insert_once(collection, {"_id": "mentee:g:e1", "pair_id": "p1"})
    assert not await insert_once(collection, {"_id": "mentee:g:e1", "pair_id": "p2"})
    assert [doc["pair_id"] async for doc in collection.find({})] == ["p1"]


async def test_a_stream_takes_each_version_once_and_reads_in_order(database) -> None:
    log = EventLog(database)
    await log.create_indexes()
    recorder = EventRecorder(log, "test")
    cause = Cause("agency-a")
    await recorder.record("p1", pair_matched("p1", score=0.1), cause, expected_version=0)
    await recorder.record("p1", pair_matched("p1", score=0.2), cause, expected_version=1)
    with pytest.raises(ConcurrencyConflict):
        await recorder.record("p1", pair_matched("p1", score=0.9), cause, expected_version=1)
    stream = await log.for_agency("agency-a").stream("p1")
    assert [(fact.version, fact.payload["score"]) for fact in stream] == [(1, 0.1), (2, 0.2)]
    assert await log.version_of("p1") == 2


async def test_facts_recorded_at_the_latest_version_all_land(database) -> None:
    log = EventLog(database)
    await log.create_indexes()
    recorder = EventRecorder(log, "test")
    await asyncio.gather(
        *(recorder.record("p1", pair_matched("p1"), Cause("a"), expected_version=LATEST) for _ in range(5))
    )
    assert [fact.version for fact in await log.for_agency("a").stream("p1")] == [1, 2, 3, 4, 5]


async def test_another_agencys_facts_read_as_missing(database) -> None:
    log = EventLog(database)
    await log.create_indexes()
    recorder = EventRecorder(log, "test")
    await recorder.record("pairs:p1", pair_matched("p1", program_id="g1"), Cause("agency-a"), expected_version=0)
    await recorder.record("pairs:p2", pair_matched("p2", program_id="g1"), Cause("agency-b"), expected_version=0)
    mine, theirs = log.for_agency("agency-a"), log.for_agency("agency-b")
    assert list(await mine.category("pairs")) == ["pairs:p1"]
    assert await theirs.stream("pairs:p1") == []
    assert list(await theirs.category("pairs")) == ["pairs:p2"]


async def test_a_stored_fact_waits_in_the_outbox_without_its_private_part_until_settled(database) -> None:
    log = EventLog(database)
    await log.create_indexes()
    await EventRecorder(log, "test").record("p1", pair_matched("p1"), Cause("a"), expected_version=0, private=NOTES)
    [pending] = await log.outbox()
    assert (pending["topic"], pending["key"], pending["version"]) == ("matching.events", "p1", 1)
    assert "private" not in pending
    assert await log.is_recorded(pending)
    [fact] = await log.for_agency("a").stream("p1")
    assert fact.private == {"notes": "kept here"}
    await log.settled([pending["_id"]])
    assert await log.outbox() == []


async def test_a_conflicting_fact_leaves_nothing_in_the_outbox(database) -> None:
    log = EventLog(database)
    await log.create_indexes()
    recorder = EventRecorder(log, "test")
    await recorder.record("p1", pair_matched("p1"), Cause("a"), expected_version=0)
    with pytest.raises(ConcurrencyConflict):
        await recorder.record("p1", pair_matched("p1"), Cause("a"), expected_version=0)
    assert [pending["version"] for pending in await log.outbox()] == [1]


async def test_an_outbox_entry_without_its_fact_is_not_taken_as_recorded(database) -> None:
    log = EventLog(database)
    await log.create_indexes()
    await EventRecorder(log, "test").record("p1", pair_matched("p1"), Cause("a"), expected_version=0)
    [pending] = await log.outbox()
    assert not await log.is_recorded({**pending, "_id": "another-event", "version": 1})
    assert not await log.is_recorded({**pending, "version": 2})


async def test_documents_older_than_a_time_are_deleted_and_younger_ones_kept(database) -> None:
    collection = database["keys"]
    now = datetime.now(UTC)
    for name, age in (("old", 25), ("young", 1)):
        await collection.insert_one({"_id": name, "since": now - timedelta(hours=age)})
    await collection.insert_one({"_id": "undated"})
    await collection.delete_many({"since": {"$lt": now - timedelta(hours=24)}})
    assert sorted([doc["_id"] async for doc in collection.find({})]) == ["undated", "young"]


async def test_the_store_answers_a_ping(database) -> None:
    assert await store_problem(database) is None


class Remembered(InternalEvent):
    event_type: ClassVar[str] = "Remembered"

    pair_id: str

    def aggregate_id(self) -> str:
        return self.pair_id


async def test_many_facts_land_at_once_except_on_streams_that_moved_on(database) -> None:
    log = EventLog(database)
    await log.create_indexes()
    recorder = EventRecorder(log, "test")
    cause = Cause("agency-a")
    await recorder.record("p2", pair_matched("p2"), cause, expected_version=0)
    records = [NewRecord(f"p{n}", pair_matched(f"p{n}"), 0) for n in range(1, 4)]
    stored, conflicted = await recorder.record_many([*records, NewRecord("p1", Remembered(pair_id="p1"), 1)], cause)
    assert conflicted == {"p2"}
    assert sorted((fact.stream_id, fact.version) for fact in stored) == [("p1", 1), ("p1", 2), ("p3", 1)]
    published = sorted(entry["stream_id"] for entry in await log.outbox())
    assert published == ["p1", "p2", "p3"]  # the internal fact is stored, never entered for publishing
    known = {**EVENTS, ("Remembered", 1): Remembered}
    assert [type(fact.event(known)).__name__ for fact in await log.for_agency("agency-a").stream("p1")] == [
        "PairMatched",
        "Remembered",
    ]
    found = await log.for_agency("agency-a").category("p3")
    assert {stream: len(facts) for stream, facts in found.items()} == {"p3": 1}


async def test_a_category_is_every_stream_named_so_in_one_agency_in_version_order(database) -> None:
    log = EventLog(database)
    await log.create_indexes()
    recorder = EventRecorder(log, "test")
    for stream, agency in (("pair:1", "agency-a"), ("pair:2", "agency-a"), ("pair:1", "agency-a"), ("pair:3", "b")):
        await recorder.record(stream, pair_matched(stream), Cause(agency), expected_version=LATEST)
    await recorder.record("other:1", pair_matched("o1"), Cause("agency-a"), expected_version=0)
    found = await log.for_agency("agency-a").category("pair")
    assert {stream: [fact.version for fact in facts] for stream, facts in found.items()} == {
        "pair:1": [1, 2],
        "pair:2": [1],
    }
