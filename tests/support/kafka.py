"""Kafka as tests see it: publishing as a producing service would, and reading a topic to see what went over the wire."""

import asyncio
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from mentoring_contracts import Envelope
from mentoring_runtime.topics import ensure_topics


async def publish(bootstrap: str, envelopes: Iterable[Envelope[Any]]) -> None:
    """Each envelope on its event's topic, keyed by its aggregate, as the outbox relay publishes it."""
    await publish_raw(
        bootstrap,
        [(e.payload.topic, e.aggregate_id.encode(), e.model_dump_json().encode()) for e in envelopes],
    )


async def publish_raw(bootstrap: str, messages: Iterable[tuple[str, bytes, bytes]]) -> None:
    """(topic, key, value) triples as they are, well formed or not, in order: sent together, each partition's in
    order (an idempotent producer keeps it through retries), all acknowledged before this returns."""
    await ensure_topics(bootstrap)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        sent = [await producer.send(topic, value, key=key) for topic, key, value in messages]
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


async def read_topic(bootstrap: str, topic: str, timeout: float = 20) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record of `topic`, from its start to its end as of now."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not partitions:
            await consumer._client.force_metadata_update()
            partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[ConsumerRecord[bytes, bytes]] = []
        async with asyncio.timeout(timeout):
            while [p for p in partitions if await consumer.position(p) < ends[p]]:
                batch = await consumer.getmany(timeout_ms=500)
                for part_records in batch.values():
                    records.extend(part_records)
        return records
    finally:
        await consumer.stop()


async def consumed_to_end(bootstrap: str, group_id: str, topic: str) -> bool:
    """Whether the consumer group has committed every record of `topic` as of now: all it was sent is processed."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await consumer.start()
    await admin.start()
    try:
        await consumer._client.force_metadata_update()
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        ends = await consumer.end_offsets(partitions)
        committed = await admin.list_consumer_group_offsets(group_id, partitions=partitions)
        return all(ends[p] == 0 or (p in committed and committed[p].offset >= ends[p]) for p in partitions)
    finally:
        await admin.close()
        await consumer.stop()
