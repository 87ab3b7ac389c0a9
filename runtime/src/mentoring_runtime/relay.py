"""Publishes the facts a service stores, in order per aggregate, and takes them out of the outbox.

Facts reach the relay two ways. Normally the recorder hands each one over the moment it is stored, so publishing
reads nothing. And the relay sweeps the (small) outbox: at start, for what a crash left unpublished, and every
`sweep_seconds`, for entries nobody handed over (a crash between the outbox and the log insert, an instance that
died). Such an entry is published once it is older than a grace period and its fact is in the log; one whose fact
never reached the log is dropped once it is clearly abandoned. A repeat publish after a crash is possible, and
consumers are idempotent, so it changes nothing.
"""

import asyncio
import contextlib
import json
import logging
import time
from datetime import UTC, datetime
from typing import Any

from faststream.kafka import KafkaBroker

from mentoring_runtime.event_log import EventLog
from mentoring_runtime.store import UNAVAILABLE
from mentoring_runtime.telemetry import continued_trace

log = logging.getLogger(__name__)

BATCH = 500
MAX_BACKOFF_SECONDS = 10.0
# An entry younger than this may belong to a write still in flight; one older than ORPHAN_SECONDS whose fact is not
# in the log was abandoned (its writer died between the two inserts, or its log insert conflicted and the
# clean-up did not run).
GRACE_SECONDS = 5.0
ORPHAN_SECONDS = 60.0


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
    def __init__(self, event_log: EventLog, broker: KafkaBroker, *, sweep_seconds: float) -> None:
        self.event_log = event_log
        self.broker = broker
        self.sweep_seconds = sweep_seconds
        self._handed: dict[str, dict[str, Any]] = {}  # event id → outbox entry, until its publication is confirmed
        self._wake = asyncio.Event()

    def hand_over(self, pending: dict[str, Any]) -> None:
        """Called by the recorder the moment a fact is stored: it goes out without anyone reading the store."""
        self._handed[pending["_id"]] = pending
        self._wake.set()

    async def run(self) -> None:
        backoff = 0.5
        next_sweep = 0.0  # at once: what a crash left behind goes out before anything new
        while True:
            try:
                if time.monotonic() >= next_sweep:
                    young = await self.sweep()
                    next_sweep = time.monotonic() + (
                        min(GRACE_SECONDS, self.sweep_seconds) if young else self.sweep_seconds
                    )
                while self._handed:
                    await self.publish_handed()
                backoff = 0.5
            except Exception as exc:
                away = isinstance(exc, UNAVAILABLE)
                problem = (
                    f"cannot reach the document store ({type(exc).__name__})"
                    if away
                    else f"could not publish ({exc!r})"
                )
                log.warning("outbox relay %s; retrying in %.1fs", problem, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=max(0.0, next_sweep - time.monotonic()))
            self._wake.clear()

    async def sweep(self) -> bool:
        """Take up outbox entries nobody handed over; True when some were too young to judge yet."""
        now = datetime.now(UTC)
        young = False
        orphans = []
        for pending in await self.event_log.outbox():
            age = (now - pending["recorded_at"]).total_seconds()
            if pending["_id"] in self._handed:
                continue
            if age < GRACE_SECONDS:
                young = True  # its writer may still be between the outbox insert and the log insert
            elif await self.event_log.is_recorded(pending):
                self._handed[pending["_id"]] = pending
            elif age > ORPHAN_SECONDS:
                orphans.append(pending["_id"])  # its log insert failed or never happened: there is no fact
        if orphans:
            await self.event_log.settled(orphans)
        return young

    async def publish_handed(self) -> int:
        batch = sorted(list(self._handed.values())[:BATCH], key=lambda doc: (doc["recorded_at"], doc["version"]))
        confirmations = []
        for doc in batch:
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
        published = [doc["_id"] for doc in batch]
        await self.event_log.settled(published)
        for event_id in published:
            self._handed.pop(event_id, None)
        log.debug("published %d events", len(batch))
        return len(batch)
