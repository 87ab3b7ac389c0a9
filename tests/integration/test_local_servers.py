"""The servers the suite runs on are real: a Kafka round trip, and the document store's unique-key guarantee."""

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pymongo import AsyncMongoClient
from pymongo.errors import DuplicateKeyError

pytestmark = pytest.mark.integration


async def test_kafka_carries_a_message_round_trip(stack) -> None:
    topic = f"it-roundtrip-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.kafka_bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka_bootstrap)
    await producer.start()
    await producer.send_and_wait(topic, b"hello", key=b"k")
    await producer.stop()
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=stack.kafka_bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        record = await asyncio.wait_for(consumer.getone(), timeout=20)
    finally:
        await consumer.stop()
    assert (record.key, record.value) == (b"k", b"hello")


async def test_the_store_rejects_a_second_insert_of_a_unique_key(stack) -> None:
    client = AsyncMongoClient(stack.mongo_url)
    collection = client[f"it_{uuid.uuid4().hex[:8]}"]["log"]
    await collection.create_index([("stream_id", 1), ("version", 1)], unique=True)
    await collection.insert_one({"stream_id": "s", "version": 1})
    with pytest.raises(DuplicateKeyError):
        await collection.insert_one({"stream_id": "s", "version": 1})
    assert await collection.count_documents({}) == 1
    await client.drop_database(collection.database.name)
    await client.close()
