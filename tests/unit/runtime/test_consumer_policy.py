"""The consumer's policy, with fakes for broker and message: what is retried, skipped or dead-lettered."""

from dataclasses import dataclass, field
from typing import Any

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


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    async def instant(_: float) -> None:
        return None

    monkeypatch.setattr(consumer_module.asyncio, "sleep", instant)


def _event() -> bytes:
    pair = PairMatched(pair_id="p", program_id="g", run_id="r", mentor_id="m", mentee_id="e", score=1)
    return Envelope.wrap(pair, agency_id="a", producer="matching").model_dump_json().encode()


def _consumer(max_attempts: int = 3) -> tuple[EventConsumer, FakeBroker]:
    broker = FakeBroker()
    return EventConsumer(broker, group_id="ns.svc", max_attempts=max_attempts), broker  # type: ignore[arg-type]


async def test_a_valid_event_reaches_its_handler_and_a_success_forgets_earlier_failures() -> None:
    consumer, broker = _consumer(max_attempts=2)
    attempts: list[Envelope[Any]] = []

    async def flaky(envelope: Envelope[Any]) -> None:
        attempts.append(envelope)
        if len(attempts) == 1:
            raise ValueError("not yet")

    body = _event()
    with pytest.raises(ValueError):
        await consumer.process(Message(body), {"PairMatched": flaky})  # type: ignore[arg-type]
    await consumer.process(Message(body), {"PairMatched": flaky})  # type: ignore[arg-type]
    assert [envelope.payload.pair_id for envelope in attempts] == ["p", "p"]
    assert broker.published == [] and consumer._failures == {}


async def test_a_message_that_is_not_an_event_goes_to_the_dead_letter_topic_with_its_reason() -> None:
    consumer, broker = _consumer()
    await consumer.process(Message(b"{oops"), {})  # type: ignore[arg-type]
    [letter] = broker.published
    assert letter["topic"] == "matching.events.dlq"
    assert letter["headers"][DEAD_LETTER_REASON].startswith("invalid event")
    assert letter["headers"]["x-original-offset"] == "7"


async def test_a_failing_handler_is_retried_then_dead_lettered() -> None:
    consumer, broker = _consumer(max_attempts=3)

    async def broken(envelope: Envelope[Any]) -> None:
        raise ValueError("cannot apply")

    body = _event()
    for _ in range(2):
        with pytest.raises(ValueError):
            await consumer.process(Message(body), {"PairMatched": broken})  # type: ignore[arg-type]
    assert broker.published == []
    await consumer.process(Message(body), {"PairMatched": broken})  # type: ignore[arg-type]
    assert "handler failed 3 times" in broker.published[0]["headers"][DEAD_LETTER_REASON]


async def test_an_unreachable_store_is_retried_without_end_and_never_dead_lettered() -> None:
    consumer, broker = _consumer(max_attempts=2)

    async def store_down(envelope: Envelope[Any]) -> None:
        raise ServerSelectionTimeoutError("no servers")

    for _ in range(5):
        with pytest.raises(ServerSelectionTimeoutError):
            await consumer.process(Message(_event()), {"PairMatched": store_down})  # type: ignore[arg-type]
    assert broker.published == []


async def test_events_nobody_handles_and_unknown_types_are_passed_over() -> None:
    consumer, broker = _consumer()
    unknown = _event().replace(b'"PairMatched"', b'"PairRenamed"')
    await consumer.process(Message(unknown), {})  # type: ignore[arg-type]
    await consumer.process(Message(_event()), {})  # type: ignore[arg-type]
    assert broker.published == []


@dataclass
class SubscribingBroker(FakeBroker):
    topics: list[str] = field(default_factory=list)

    def subscriber(self, topic: str, **options: Any):
        self.topics.append(topic)
        return lambda handler: handler


async def test_a_subscription_names_the_event_class_and_the_class_names_the_topic() -> None:
    broker = SubscribingBroker()
    consumer = EventConsumer(broker, group_id="ns.svc", max_attempts=3)  # type: ignore[arg-type]

    async def handle(envelope: Envelope[Any]) -> None:
        return None

    consumer.subscribe(MentorEnrolled, handle)
    consumer.subscribe(MenteeEnrolled, handle)
    consumer.subscribe(PairMatched, handle)
    assert broker.topics == ["enrolment.events", "matching.events"]  # one listener per topic
    with pytest.raises(ValueError, match="MentorEnrolled already has a handler in ns.svc"):
        consumer.subscribe(MentorEnrolled, handle)
