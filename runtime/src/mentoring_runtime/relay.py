"""Publishes the facts a service stored in its event log, in order, and marks them published.

Woken right after a service stores a fact, and on a timer, so facts stored just before a crash go out after restart.
"""

import asyncio
import json
import logging
from typing import Any

from faststream.kafka import KafkaBroker

from mentoring_runtime.event_log import EventLog
from mentoring_runtime.store import UNAVAILABLE
from mentoring_runtime.telemetry import continued_trace

log = logging.getLogger(__name__)

BATCH = 500
MAX_BACKOFF_SECONDS = 10.0


def event_headers(envelope: dict[str, Any]) -> dict[str, str]:
    headers = {
        "content-type": "application/json",
        "event_id": envelope["event_id"],
        "event_type": envelope["event_type"],
        "event_version": str(envelope["event_version"]),
        "agency_id": envelope["agency_id"],
    }
    if envelope.get("causation_id"):
        headers["causation_id"] = envelope["causation_id"]
    return headers


class OutboxRelay:
    def __init__(self, event_log: EventLog, broker: KafkaBroker, *, poll_seconds: float) -> None:
        self.event_log = event_log
        self.broker = broker
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()

    def notify(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        backoff = 0.5
        while True:
            try:
                published = await self.publish_pending()
                backoff = 0.5
            except UNAVAILABLE as exc:
                log.warning(
                    "outbox relay cannot reach the document store (%s); retrying in %.1fs", type(exc).__name__, backoff
                )
                published = 0
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            except Exception as exc:
                log.warning("outbox relay could not publish (%r); retrying in %.1fs", exc, backoff)
                published = 0
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            if published < BATCH:
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
                except TimeoutError:
                    pass
                self._wake.clear()

    async def publish_pending(self) -> int:
        pending = await self.event_log.unpublished(BATCH)
        if not pending:
            return 0
        confirmations = []
        for doc in pending:
            envelope = doc["envelope"]
            with continued_trace(doc.get("trace")):
                confirmations.append(
                    await self.broker.publish(
                        json.dumps(envelope).encode(),
                        topic=doc["topic"],
                        key=doc["key"].encode(),
                        headers=event_headers(envelope),
                        correlation_id=envelope["correlation_id"],
                        no_confirm=True,
                    )
                )
        await asyncio.gather(*confirmations)
        await self.event_log.mark_published([doc["_id"] for doc in pending])
        log.debug("published %d events", len(pending))
        return len(pending)
