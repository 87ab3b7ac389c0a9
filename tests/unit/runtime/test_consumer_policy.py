"""The consumer's policy, with fakes for broker, inbox and message: what is retried, skipped or dead-lettered."""

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import pytest
from pymongo.errors import ServerSelectionTimeoutError

from mentoring_contracts import Envelope, MenteeEnrolled, MentorEnrolled, PairMatched
from mentoring_runtime import consumer as consumer_module
from mentoring_runtime.consumer import DEAD_LETTER_REASON, EventConsumer

pytestmark = pytest.mark.unit


@dataclass
class Record:
    value: bytes
    topic: str = "matching.events"
    partition: int = 0
    offset: int = 7
    key: bytes = b"k"
    headers: tuple = ()


@dataclass
class Message:
    body: bytes

    @property
    def raw_message(self) -> Record:
        return Record(self.body)


@dataclass
class FakeBroker:
    published: list[dict[str, Any]] = field(default_factory=list)

    async def publish(self, value: bytes, **kwargs: Any) -> None:
        self.published.append({"value": value, **kwargs})


@dataclass
class FakeInbox:
    applied: set[UUID] = field(default_factory=set)

    async def seen(self, event_id: UUID) -> bool:
        return event_id in self.applied

    async def mark(self, event_id: UUID, event_type: str) -> None:
        self.applied.add(event_id)


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    async def instant(_: float) -> None:
        return None

    monkeypatch.setattr(consumer_module.asyncio, "sleep", instant)


def _event() -> bytes:
    pair = PairMatched(pair_id="p", program_id="g", run_id="r", mentor_id="m", mentee_id="e", score=1)
    return Envelope.wrap(pair, agency_id="a", producer="matching").model_dump_json().encode()


def _consumer(max_attempts: int = 3) -> tuple[EventConsumer, FakeBroker, FakeInbox]:
    broker, inbox = FakeBroker(), FakeInbox()
    return EventConsumer(broker, inbox, group_id="ns.svc", max_attempts=max_attempts), broker, inbox  # type: ignore[arg-type]


async def test_an_event_is_handled_once_however_often_it_is_delivered() -> None:
    consumer, _, _ = _consumer()
    seen: list[Envelope[Any]] = []

    async def handle(envelope: Envelope[Any]) -> None:
        seen.append(envelope)

    body = _event()
    for _ in range(3):
        await consumer.process(Message(body), {"PairMatched": handle})  # type: ignore[arg-type]
    assert len(seen) == 1


async def test_a_message_that_is_not_an_event_goes_to_the_dead_letter_topic_with_its_reason() -> None:
    consumer, broker, _ = _consumer()
    await consumer.process(Message(b"{oops"), {})  # type: ignore[arg-type]
    [letter] = broker.published
    assert letter["topic"] == "matching.events.dlq"
    assert letter["headers"][DEAD_LETTER_REASON].startswith("invalid event")
    assert letter["headers"]["x-original-offset"] == "7"


async def test_a_failing_handler_is_retried_then_dead_lettered() -> None:
    consumer, broker, inbox = _consumer(max_attempts=3)

    async def broken(envelope: Envelope[Any]) -> None:
        raise ValueError("cannot apply")

    body = _event()
    for _ in range(2):
        with pytest.raises(ValueError):
            await consumer.process(Message(body), {"PairMatched": broken})  # type: ignore[arg-type]
    assert broker.published == []
    await consumer.process(Message(body), {"PairMatched": broken})  # type: ignore[arg-type]
    assert "handler failed 3 times" in broker.published[0]["headers"][DEAD_LETTER_REASON]
    assert inbox.applied == set()


async def test_an_unreachable_store_is_retried_without_end_and_never_dead_lettered() -> None:
    consumer, broker, _ = _consumer(max_attempts=2)

    async def store_down(envelope: Envelope[Any]) -> None:
        raise ServerSelectionTimeoutError("no servers")

    for _ in range(5):
        with pytest.raises(ServerSelectionTimeoutError):
            await consumer.process(Message(_event()), {"PairMatched": store_down})  # type: ignore[arg-type]
    assert broker.published == []


async def test_events_nobody_handles_and_unknown_types_are_passed_over() -> None:
    consumer, broker, inbox = _consumer()
    unknown = _event().replace(b'"PairMatched"', b'"PairRenamed"')
    await consumer.process(Message(unknown), {})  # type: ignore[arg-type]
    await consumer.process(Message(_event()), {})  # type: ignore[arg-type]
    assert broker.published == [] and inbox.applied == set()


@dataclass
class SubscribingBroker(FakeBroker):
    topics: list[str] = field(default_factory=list)

    def subscriber(self, topic: str, **options: Any):
        self.topics.append(topic)
        return lambda handler: handler


async def test_a_subscription_names_the_event_class_and_the_class_names_the_topic() -> None:
    broker = SubscribingBroker()
    consumer = EventConsumer(broker, FakeInbox(), group_id="ns.svc", max_attempts=3)  # type: ignore[arg-type]

    async def handle(envelope: Envelope[Any]) -> None:
        return None

    consumer.subscribe(MentorEnrolled, handle)
    consumer.subscribe(MenteeEnrolled, handle)
    consumer.subscribe(PairMatched, handle)
    assert broker.topics == ["enrolment.events", "matching.events"]  # one listener per topic
    with pytest.raises(ValueError, match="MentorEnrolled already has a handler in ns.svc"):
        consumer.subscribe(MentorEnrolled, handle)
