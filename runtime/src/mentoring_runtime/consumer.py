"""Idempotent event consumption in batches, with dead letters.

A handler sees each event once in effect because every handler is idempotent: its writes are unique-key inserts
keyed by the event or by the aggregate it creates, so a redelivered event changes nothing twice. Nothing is read
before a handler runs: an inbox lookup would cost, on FerretDB, a scan of a collection as large as all events.

Records arrive in batches and the batch's offsets are committed once it is processed (at-least-once, one commit
round trip per batch, not per event). Within a batch each partition's records are handled in order, the
partitions side by side, so events of one aggregate (one key, one partition) keep their order. A handler whose
work does not depend on order (counting, say) can be `Batched`: it then takes all of a batch's events of its
kinds in one call, and can write them in one round trip.
A record that can never be processed (not an envelope, a payload that breaks its schema, a handler that fails
`max_attempts` times in a row) goes to `<topic>.dlq` with the reason in a header, and the partition moves on.
While the store is unreachable the batch is redelivered, never dead-lettered: the fault is ours, not the event's.
"""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import ConsumerRecord
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind
from pydantic import ValidationError

from mentoring_contracts import EVENTS, Envelope, Event, UnknownEvent, dead_letter_topic, parse_envelope
from mentoring_runtime.store import UNAVAILABLE

log = logging.getLogger(__name__)

Handler = Callable[[Envelope[Any]], Awaitable[None]]


@dataclass(frozen=True)
class Batched:
    """A handler for many events at once, in no particular order: for idempotent work that order cannot change."""

    handle: Callable[[Sequence[Envelope[Any]]], Awaitable[None]]


Subscriber = Handler | Batched
Record = ConsumerRecord[bytes, bytes]

DEAD_LETTER_REASON = "x-dead-letter-reason"
STORE_RETRY_SECONDS = 2.0
BATCH_RECORDS = 200


class EventConsumer:
    def __init__(
        self, broker: KafkaBroker, *, group_id: str, max_attempts: int, tracer: trace.Tracer | None = None
    ) -> None:
        self.broker = broker
        self.group_id = group_id
        self.max_attempts = max_attempts
        self.tracer = tracer or trace.get_tracer(__name__)
        self._handlers: dict[str, dict[str, Subscriber]] = {}

    def subscribe(self, event: type[Event], handler: Subscriber) -> None:
        """Hand every `event` to `handler`. The class names its topic; other event types on it are passed over."""
        handlers = self._handlers.setdefault(event.topic, {})
        if event.event_type in handlers:
            raise ValueError(f"{event.event_type} already has a handler in {self.group_id}; one event, one handler")
        handlers[event.event_type] = handler

    def listen(self) -> None:
        """Consume every subscribed topic with one group member, before the broker starts. One member per process,
        not one per topic: each member joining would make the group rebalance under the others' feet."""
        if not self._handlers:
            return

        @self.broker.subscriber(
            *self._handlers,
            group_id=self.group_id,
            auto_offset_reset="earliest",
            batch=True,
            max_records=BATCH_RECORDS,
        )
        async def on_batch(message: KafkaMessage) -> None:
            records = message.raw_message
            await self.process_batch(records if isinstance(records, tuple) else (records,))

    async def process_batch(self, records: Sequence[Record]) -> None:
        """Each partition's records in order, partitions and batched handlers side by side.
        Raises when the batch must come again."""
        by_partition: dict[tuple[str, int], list[tuple[Record, Envelope[Any], Handler]]] = defaultdict(list)
        batched: dict[Batched, list[tuple[Record, Envelope[Any]]]] = defaultdict(list)
        for record in records:
            envelope = await self._read(record)
            handler = self._handlers.get(record.topic, {}).get(envelope.event_type) if envelope else None
            if isinstance(handler, Batched):
                batched[handler].append((record, envelope))
            elif handler is not None:
                by_partition[record.topic, record.partition].append((record, envelope, handler))

        async def in_order(partition: list[tuple[Record, Envelope[Any], Handler]]) -> None:
            for record, envelope, handler in partition:
                await self._handle(record, envelope, handler)

        work = [in_order(partition) for partition in by_partition.values()]
        await asyncio.gather(*work, *(self._handle_batch(handler, items) for handler, items in batched.items()))

    async def _read(self, record: Record) -> Envelope[Any] | None:
        """The record's event, or None for one to pass over (unknown) or that was dead-lettered (invalid)."""
        try:
            return parse_envelope(record.value, EVENTS)
        except UnknownEvent as exc:
            log.info(
                "passing over %s at %s:%s/%s: not a known event", exc, record.topic, record.partition, record.offset
            )
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:5])
            await self.dead_letter(record, f"invalid event: {problems}")
        return None

    async def _handle_batch(self, handler: Batched, items: list[tuple[Record, Envelope[Any]]]) -> None:
        """The whole batch in one call; if it keeps failing, event by event, so that only the poison is parked."""
        if len(items) == 1:
            record, envelope = items[0]
            return await self._handle(record, envelope, lambda one: handler.handle([one]))
        spans = [self._span(record) for record, _ in items]
        try:
            await handler.handle([envelope for _, envelope in items])
        except UNAVAILABLE:
            raise
        except Exception as exc:
            log.warning("a batch of %d events failed (%r); handling them one by one", len(items), exc)
            for record, envelope in items:
                await self._handle(record, envelope, lambda one: handler.handle([one]))
        finally:
            for span in spans:
                span.end()

    def _span(self, record: Record) -> trace.Span:
        """A span that continues the trace of the request that recorded the event (its traceparent header)."""
        carrier = {key: value.decode(errors="replace") for key, value in record.headers or ()}
        return self.tracer.start_span(
            f"{record.topic} process",
            context=propagate.extract(carrier),
            kind=SpanKind.CONSUMER,
            attributes={"messaging.system": "kafka", "messaging.destination.name": record.topic},
        )

    async def _handle(self, record: Record, envelope: Envelope[Any], handler: Handler) -> None:
        for attempt in range(1, self.max_attempts + 1):
            try:
                with trace.use_span(self._span(record), end_on_exit=True):
                    await handler(envelope)
                return
            except UNAVAILABLE as exc:
                log.warning(
                    "cannot reach the document store (%s); %s will be read again",
                    type(exc).__name__,
                    envelope.event_type,
                )
                await asyncio.sleep(STORE_RETRY_SECONDS)
                raise
            except Exception as exc:
                if attempt == self.max_attempts:
                    log.error(
                        "%s %s failed %d times; dead-lettering it",
                        envelope.event_type,
                        envelope.event_id,
                        attempt,
                        exc_info=exc,
                    )
                    await self.dead_letter(record, f"handler failed {attempt} times: {exc!r}")
                    return
                log.warning(
                    "%s %s failed (attempt %d of %d): %r",
                    envelope.event_type,
                    envelope.event_id,
                    attempt,
                    self.max_attempts,
                    exc,
                )
                await asyncio.sleep(min(0.2 * 2**attempt, 5))

    async def dead_letter(self, record: Record, reason: str) -> None:
        headers = {key: value.decode(errors="replace") for key, value in record.headers or ()}
        headers.update(
            {
                DEAD_LETTER_REASON: reason[:1000],
                "x-original-topic": record.topic,
                "x-original-partition": str(record.partition),
                "x-original-offset": str(record.offset),
                "x-failed-consumer-group": self.group_id,
            }
        )
        await self.broker.publish(record.value, topic=dead_letter_topic(record.topic), key=record.key, headers=headers)
        log.error("dead-lettered %s:%s/%s: %s", record.topic, record.partition, record.offset, reason)
