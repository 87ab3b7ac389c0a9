"""Idempotent event consumption with dead letters.

A handler sees each event once in effect because every handler is idempotent: its writes are unique-key inserts
keyed by the event or by the aggregate it creates, so a redelivered event changes nothing twice. Nothing is read
before a handler runs: an inbox lookup would cost, on FerretDB, a scan of a collection as large as all events.
A message that can never be processed (not an envelope, a payload that breaks its schema, a handler that keeps
failing) goes to `<topic>.dlq` with the reason in a header, and the partition moves on.
While the store is unreachable the message is retried, never dead-lettered: the fault is ours, not the event's.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from pydantic import ValidationError

from mentoring_contracts import EVENTS, Envelope, Event, UnknownEvent, dead_letter_topic, parse_envelope
from mentoring_runtime.store import UNAVAILABLE

log = logging.getLogger(__name__)

Handler = Callable[[Envelope[Any]], Awaitable[None]]

DEAD_LETTER_REASON = "x-dead-letter-reason"
STORE_RETRY_SECONDS = 2.0


class EventConsumer:
    def __init__(self, broker: KafkaBroker, *, group_id: str, max_attempts: int) -> None:
        self.broker = broker
        self.group_id = group_id
        self.max_attempts = max_attempts
        self._failures: dict[tuple[str, int, int], int] = {}
        self._handlers: dict[str, dict[str, Handler]] = {}

    def subscribe(self, event: type[Event], handler: Handler) -> None:
        """Hand every `event` to `handler`. The class names its topic; other event types on it are passed over."""
        handlers = self._handlers.get(event.topic)
        if handlers is None:
            handlers = self._handlers[event.topic] = {}
            self._listen(event.topic, handlers)
        if event.event_type in handlers:
            raise ValueError(f"{event.event_type} already has a handler in {self.group_id}; one event, one handler")
        handlers[event.event_type] = handler

    def _listen(self, topic: str, handlers: Mapping[str, Handler]) -> None:
        @self.broker.subscriber(topic, group_id=self.group_id, auto_offset_reset="earliest")
        async def on_message(message: KafkaMessage) -> None:
            await self.process(message, handlers)

    async def process(self, message: KafkaMessage, handlers: Mapping[str, Handler]) -> None:
        record = message.raw_message
        try:
            envelope = parse_envelope(message.body, EVENTS)
        except UnknownEvent as exc:
            log.info(
                "passing over %s at %s:%s/%s: not a known event", exc, record.topic, record.partition, record.offset
            )
            return
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:5])
            await self.dead_letter(message, f"invalid event: {problems}")
            return
        handler = handlers.get(envelope.event_type)
        if handler is None:
            return
        try:
            await handler(envelope)
        except UNAVAILABLE as exc:
            log.warning(
                "cannot reach the document store (%s); %s will be read again", type(exc).__name__, envelope.event_type
            )
            await asyncio.sleep(STORE_RETRY_SECONDS)
            raise
        except Exception as exc:
            await self._failed(message, envelope, exc)
        else:
            self._failures.pop((record.topic, record.partition, record.offset), None)

    async def _failed(self, message: KafkaMessage, envelope: Envelope[Any], exc: Exception) -> None:
        record = message.raw_message
        position = (record.topic, record.partition, record.offset)
        attempts = self._failures[position] = self._failures.get(position, 0) + 1
        if attempts < self.max_attempts:
            log.warning(
                "%s %s failed (attempt %d of %d): %r",
                envelope.event_type,
                envelope.event_id,
                attempts,
                self.max_attempts,
                exc,
            )
            await asyncio.sleep(min(0.2 * 2**attempts, 5))
            raise exc
        del self._failures[position]
        log.error(
            "%s %s failed %d times; dead-lettering it", envelope.event_type, envelope.event_id, attempts, exc_info=exc
        )
        await self.dead_letter(message, f"handler failed {attempts} times: {exc!r}")

    async def dead_letter(self, message: KafkaMessage, reason: str) -> None:
        record = message.raw_message
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
