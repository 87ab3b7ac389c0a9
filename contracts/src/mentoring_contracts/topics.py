"""One topic per producing service, keyed by the id of the aggregate an event is about."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int
    producer: str


ENROLMENT_EVENTS = Topic("enrolment.events", partitions=6, producer="enrolment")
MATCHING_EVENTS = Topic("matching.events", partitions=6, producer="matching")
SCHEDULING_EVENTS = Topic("scheduling.events", partitions=6, producer="scheduling")
EVALUATION_EVENTS = Topic("evaluation.events", partitions=6, producer="evaluation")

TOPICS = (ENROLMENT_EVENTS, MATCHING_EVENTS, SCHEDULING_EVENTS, EVALUATION_EVENTS)

DEAD_LETTER_PARTITIONS = 1


def dead_letter_topic(topic: str) -> str:
    """Where messages of `topic` that can never be processed are parked, with the reason in a header."""
    return f"{topic}.dlq"
