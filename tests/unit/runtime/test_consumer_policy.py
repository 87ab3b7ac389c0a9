"""The consumer's policy, with a fake broker and plain records: what is handled, retried, skipped or dead-lettered."""

from dataclasses import dataclass, field
from typing import Any

import pytest
from pymongo.errors import ServerSelectionTimeoutError

from mentoring_contracts import Envelope, MenteeEnrolled, MentorEnrolled, PairMatched
from mentoring_runtime import consumer as consumer_module
from mentoring_runtime.consumer import DEAD_LETTER_REASON, Batched, EventConsumer
from tests.support.factories import pair_matched, wrapped

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
class FakeBroker:
    published: list[dict[str, Any]] = field(default_factory=list)
    topics: list[tuple[str, ...]] = field(default_factory=list)

    async def publish(self, value: bytes, **kwargs: Any) -> None:
        self.published.append({"value": value, **kwargs})

    def subscriber(self, *topics: str, **options: Any):
        self.topics.append(topics)
        return lambda handler: handler


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    async def instant(_: float) -> None:
        return None

    monkeypatch.setattr(consumer_module.asyncio, "sleep", instant)


def _event(pair_id: str = "p") -> bytes:
    return wrapped(pair_matched(pair_id), "a", "matching").model_dump_json().encode()


def _consumer(max_attempts: int = 3) -> tuple[EventConsumer, FakeBroker]:
    broker = FakeBroker()
    return EventConsumer(broker, group_id="ns.svc", max_attempts=max_attempts), broker  # type: ignore[arg-type]


async def test_a_handler_that_fails_then_succeeds_is_retried_in_place_and_nothing_is_dead_lettered() -> None:
    consumer, broker = _consumer(max_attempts=3)
    attempts: list[Envelope[Any]] = []

    async def flaky(envelope: Envelope[Any]) -> None:
        attempts.append(envelope)
        if len(attempts) == 1:
            raise ValueError("not yet")

    consumer.subscribe(PairMatched, flaky)
    await consumer.process_batch([Record(_event())])
    assert [envelope.payload.pair_id for envelope in attempts] == ["p", "p"]
    assert broker.published == []


async def test_a_message_that_is_not_an_event_goes_to_the_dead_letter_topic_with_its_reason() -> None:
    consumer, broker = _consumer()
    await consumer.process_batch([Record(b"{oops")])
    [letter] = broker.published
    assert letter["topic"] == "matching.events.dlq"
    assert letter["headers"][DEAD_LETTER_REASON].startswith("invalid event")
    assert letter["headers"]["x-original-offset"] == "7"


async def test_a_handler_that_keeps_failing_is_dead_lettered_after_its_attempts() -> None:
    consumer, broker = _consumer(max_attempts=3)
    calls: list[int] = []

    async def broken(envelope: Envelope[Any]) -> None:
        calls.append(1)
        raise ValueError("cannot apply")

    consumer.subscribe(PairMatched, broken)
    await consumer.process_batch([Record(_event())])
    assert len(calls) == 3
    assert "handler failed 3 times" in broker.published[0]["headers"][DEAD_LETTER_REASON]


async def test_an_unreachable_store_sends_the_batch_back_and_never_dead_letters() -> None:
    consumer, broker = _consumer(max_attempts=2)

    async def store_down(envelope: Envelope[Any]) -> None:
        raise ServerSelectionTimeoutError("no servers")

    consumer.subscribe(PairMatched, store_down)
    for _ in range(5):
        with pytest.raises(ServerSelectionTimeoutError):
            await consumer.process_batch([Record(_event())])
    assert broker.published == []


async def test_events_nobody_handles_and_unknown_types_are_passed_over() -> None:
    consumer, broker = _consumer()
    unknown = _event().replace(b'"PairMatched"', b'"PairRenamed"')
    await consumer.process_batch([Record(unknown)])
    await consumer.process_batch([Record(_event())])
    assert broker.published == []


async def test_a_batch_keeps_each_partitions_order_and_a_poisoned_record_does_not_stop_it() -> None:
    consumer, broker = _consumer()
    handled: list[str] = []

    async def collect(envelope: Envelope[Any]) -> None:
        handled.append(envelope.payload.pair_id)

    records = [
        Record(_event("a1"), partition=0, offset=1),
        Record(_event("b1"), partition=1, offset=1),
        Record(b"poison", partition=0, offset=2),
        Record(_event("a2"), partition=0, offset=3),
        Record(_event("b2"), partition=1, offset=2),
    ]
    consumer.subscribe(PairMatched, collect)
    await consumer.process_batch(records)
    assert [pair for pair in handled if pair.startswith("a")] == ["a1", "a2"]
    assert [pair for pair in handled if pair.startswith("b")] == ["b1", "b2"]
    assert [letter["headers"]["x-original-offset"] for letter in broker.published] == ["2"]


async def test_subscriptions_name_event_classes_and_one_member_listens_to_their_topics() -> None:
    consumer, broker = _consumer()

    async def handle(envelope: Envelope[Any]) -> None:
        return None

    consumer.subscribe(MentorEnrolled, handle)
    consumer.subscribe(MenteeEnrolled, handle)
    consumer.subscribe(PairMatched, handle)
    assert broker.topics == []  # nothing consumed before the service listens
    consumer.listen()
    assert broker.topics == [("enrolment.events", "matching.events")]  # one group member for every topic
    with pytest.raises(ValueError, match="MentorEnrolled already has a handler in ns.svc"):
        consumer.subscribe(MentorEnrolled, handle)


async def test_a_batched_handler_takes_the_batch_at_once_and_a_failing_batch_is_retried_event_by_event() -> None:
    consumer, broker = _consumer(max_attempts=2)
    calls: list[list[str]] = []

    async def count(envelopes) -> None:
        pairs = [envelope.payload.pair_id for envelope in envelopes]
        calls.append(pairs)
        if "poison" in pairs:
            raise ValueError("cannot count it")

    records = [Record(_event("a"), offset=1), Record(_event("b"), partition=3, offset=1)]
    consumer.subscribe(PairMatched, Batched(count))
    await consumer.process_batch(records)
    assert calls == [["a", "b"]]

    calls.clear()
    records = [Record(_event("c"), offset=2), Record(_event("poison"), offset=3), Record(_event("d"), offset=4)]
    await consumer.process_batch(records)
    assert calls[0] == ["c", "poison", "d"]
    assert sorted(map(tuple, calls[1:])) == [("c",), ("d",), ("poison",), ("poison",)]
    assert [letter["headers"]["x-original-offset"] for letter in broker.published] == ["3"]
