"""A real round trip to a local server: `probe.py kafka HOST:PORT` or `probe.py mongo URL`. Exit 0 when it answers."""

import asyncio
import sys
import uuid

PROBE_TOPIC = "_local_stack_probe"


async def kafka(bootstrap: str) -> None:
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import TopicAlreadyExistsError

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(PROBE_TOPIC, num_partitions=1, replication_factor=1)])
    except TopicAlreadyExistsError:
        pass
    finally:
        await admin.close()
    marker = uuid.uuid4().bytes
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    await producer.start()
    try:
        sent = await producer.send_and_wait(PROBE_TOPIC, marker)
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        from aiokafka import TopicPartition

        partition = TopicPartition(PROBE_TOPIC, sent.partition)
        consumer.assign([partition])
        consumer.seek(partition, sent.offset)
        record = await asyncio.wait_for(consumer.getone(), timeout=5)
        if record.value != marker:
            raise SystemExit("the probe read back a different message")
    finally:
        await consumer.stop()


async def mongo(url: str) -> None:
    from pymongo import AsyncMongoClient

    client = AsyncMongoClient(url, serverSelectionTimeoutMS=2000)
    try:
        await client.admin.command("ping")
    finally:
        await client.close()


if __name__ == "__main__":
    kind, address = sys.argv[1], sys.argv[2]
    asyncio.run(asyncio.wait_for({"kafka": kafka, "mongo": mongo}[kind](address), timeout=20))
