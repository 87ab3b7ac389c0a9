"""One topic per producing service, keyed by the id of the aggregate an event is about; and a service that scales
out keeps a topic of commands to its own instances, with as many partitions as it may have instances."""

from dataclasses import dataclass

from mentoring_contracts.names import Service


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int
    producer: Service


ENROLMENT_EVENTS = Topic("enrolment.events", partitions=6, producer=Service.ENROLMENT)
MATCHING_EVENTS = Topic("matching.events", partitions=6, producer=Service.MATCHING)
SCHEDULING_EVENTS = Topic("scheduling.events", partitions=6, producer=Service.SCHEDULING)
EVALUATION_EVENTS = Topic("evaluation.events", partitions=6, producer=Service.EVALUATION)
# Keyed by programme: one matching instance at a time executes a programme's runs. More partitions than instances
# ever run, or some instance would have nothing to execute (deploy/k8s sizes its autoscaler below this).
MATCHING_COMMANDS = Topic("matching.commands", partitions=12, producer=Service.MATCHING)

TOPICS = (ENROLMENT_EVENTS, MATCHING_EVENTS, SCHEDULING_EVENTS, EVALUATION_EVENTS, MATCHING_COMMANDS)

DEAD_LETTER_PARTITIONS = 1


def dead_letter_topic(topic: str) -> str:
    """Where messages of `topic` that can never be processed are parked, with the reason in a header."""
    return f"{topic}.dlq"
