"""Creates the platform's topics and their dead-letter topics with explicit partition counts."""

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from mentoring_contracts import TOPICS, dead_letter_topic
from mentoring_contracts.topics import DEAD_LETTER_PARTITIONS

log = logging.getLogger(__name__)


def wanted_topics() -> dict[str, int]:
    topics = {topic.name: topic.partitions for topic in TOPICS}
    topics.update({dead_letter_topic(topic.name): DEAD_LETTER_PARTITIONS for topic in TOPICS})
    return topics


async def ensure_topics(bootstrap: str, replication_factor: int = 1) -> list[str]:
    """Create whichever platform topics are missing; returns their names."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = {name: parts for name, parts in wanted_topics().items() if name not in existing}
        if missing:
            await admin.create_topics(
                [
                    NewTopic(name, num_partitions=parts, replication_factor=replication_factor)
                    for name, parts in missing.items()
                ]
            )
            log.info("created topics %s", sorted(missing))
        return sorted(missing)
    finally:
        await admin.close()
