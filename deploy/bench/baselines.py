"""What the platform is measured against in the same run: the store and the broker used directly, no service.

- Inserts: PyMongo `insert_one` of a document like an event-log entry, into the same store, at the same
  concurrency as the enrolments.
- Consumption: an aiokafka consumer reading a topic from its start and inserting each message with PyMongo,
  one after another, as a service's consumer handles a partition.
"""

import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import GroupCoordinatorNotAvailableError
from pymongo import AsyncMongoClient
from rich.progress import Progress

from deploy.bench.load import Outcome, drive
from mentoring_contracts.topics import Topic


def _event_like(index: int) -> dict[str, Any]:
    return {
        "_id": str(uuid.uuid4()),
        "stream_id": f"baseline:{index}",
        "version": 1,
        "event_type": "MenteeEnrolled",
        "agency_id": "bench",
        "envelope": {"payload": {"person_id": f"p{index}", "skills": ["budgeting", "risk"], "text": "x" * 400}},
        "private": {"name": f"Person {index}", "email": f"p{index}@agency.example"},
    }


async def raw_inserts(mongo_url: str, count: int, concurrency: int, progress: Progress) -> Outcome:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    database = f"bench_baseline_{uuid.uuid4().hex[:8]}"
    collection = client[database]["event_log"]
    await collection.create_index([("stream_id", 1), ("version", 1)], unique=True)

    async def insert(index: int) -> int:
        await collection.insert_one(_event_like(index))
        return 201

    try:
        return await drive(list(range(count)), insert, concurrency, "baseline: PyMongo insert_one", progress)
    finally:
        await client.drop_database(database)
        await client.close()


async def messages_on(bootstrap: str, topic: Topic) -> int:
    """How many messages `topic` holds now (the project creates it with its declared partitions)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic.name, p) for p in range(topic.partitions)]
        ends = await consumer.end_offsets(partitions)
        starts = await consumer.beginning_offsets(partitions)
        return sum(ends[p] - starts[p] for p in partitions)
    finally:
        await consumer.stop()


@asynccontextmanager
async def committed_by(bootstrap: str, group_id: str, topic: Topic) -> AsyncIterator[Callable[[], Awaitable[int]]]:
    """A probe of how many of `topic`'s messages the consumer group `group_id` has committed as processed: every
    message it read, whether or not its handlers did anything with it."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        partitions = [TopicPartition(topic.name, p) for p in range(topic.partitions)]
        starts = await consumer.beginning_offsets(partitions)

        async def committed() -> int:
            try:
                offsets = await admin.list_consumer_group_offsets(group_id, partitions=partitions)
            except GroupCoordinatorNotAvailableError:  # no group has a coordinator yet: nothing is committed
                return 0
            return sum(max(offsets[p].offset - starts[p], 0) for p in partitions if p in offsets)

        yield committed
    finally:
        await consumer.stop()
        await admin.close()


async def raw_consume(bootstrap: str, topic: str, mongo_url: str, count: int, progress: Progress) -> float:
    """Messages per second of a plain consume-and-insert loop over the first `count` messages of `topic`."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    database = f"bench_consume_{uuid.uuid4().hex[:8]}"
    collection = client[database]["facts"]
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=database, auto_offset_reset="earliest", enable_auto_commit=True
    )
    task = progress.add_task("baseline: aiokafka + PyMongo consume loop", total=count)
    await consumer.start()
    try:
        done, started = 0, 0.0
        async for record in consumer:
            started = started or time.perf_counter()  # from the first message read, after joining the group
            await collection.insert_one({"_id": f"{record.partition}:{record.offset}", "size": len(record.value)})
            done += 1
            progress.advance(task)
            if done >= count:
                return (count - 1) / (time.perf_counter() - started)
        raise RuntimeError(f"{topic} ended before {count} messages")
    finally:
        await consumer.stop()
        await client.drop_database(database)
        await client.close()
