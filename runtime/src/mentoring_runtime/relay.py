"""Publishes the facts a service stores, in order per aggregate, and takes them out of the outbox.

Facts reach the relay two ways. Normally the recorder hands each one over the moment it is stored, so publishing
reads nothing. And the relay sweeps the (small) outbox: at start, for what a crash left unpublished, and every
`sweep_seconds`, for entries nobody handed over (a crash between the outbox and the log insert, an instance that
died). Such an entry is published once it is older than a grace period and its fact is in the log; one whose fact
never reached the log is dropped once it is clearly abandoned. A repeat publish after a crash is possible, and
consumers are idempotent, so it changes nothing.

A service may run as several instances (`relay_peers.py`): then one publishes and the others mark the facts they
stored as recorded in the outbox, for it. The publisher reads the outbox each round and sends a stream's fact only
when none of its earlier versions is still waiting there, so each key keeps its order whichever instance wrote it.
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
from mentoring_runtime.relay_peers import RelayPeers, RelayRole
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
    def __init__(
        self, event_log: EventLog, broker: KafkaBroker, peers: RelayPeers, *, sweep_seconds: float, poll_seconds: float
    ) -> None:  # fmt: skip
        self.event_log = event_log
        self.broker = broker
        self.peers = peers
        self.sweep_seconds = sweep_seconds
        self.poll_seconds = poll_seconds
        self.role = RelayRole(publishes=True, alone=True)
        self._handed: dict[str, dict[str, Any]] = {}  # event id → outbox entry, until its publication is confirmed
        self._wake = asyncio.Event()

    def hand_over(self, pending: dict[str, Any]) -> None:
        """Called by the recorder the moment a fact is stored: it goes out without anyone reading the store."""
        self._handed[pending["_id"]] = pending
        self._wake.set()

    async def run(self) -> None:
        backoff = 0.5
        next_beat = next_sweep = 0.0  # at once: what a crash left behind goes out before anything new
        try:
            while True:
                try:
                    if time.monotonic() >= next_beat:
                        await self._beat()
                        next_beat = time.monotonic() + self.peers.beat_seconds
                    if self.role.publishes and time.monotonic() >= next_sweep:
                        young = await self.sweep()
                        next_sweep = time.monotonic() + (
                            min(GRACE_SECONDS, self.sweep_seconds) if young else self.sweep_seconds
                        )
                    await self.relay_round()
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
                wake_at = min(next_beat, next_sweep) if self.role.publishes else next_beat
                if self.role.publishes and not self.role.alone:
                    wake_at = min(wake_at, time.monotonic() + self.poll_seconds)  # peers' facts appear unannounced
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=max(0.0, wake_at - time.monotonic()))
                self._wake.clear()
        finally:
            with contextlib.suppress(Exception):
                await self.peers.leave()

    async def _beat(self) -> None:
        role = await self.peers.beat()
        if role != self.role:
            log.info(
                "outbox relay of %s: %s",
                self.peers.instance,
                ("publishes alone" if role.alone else "publishes for its peers")
                if role.publishes
                else "leaves publishing to an older instance",
            )
        self.role = role

    async def relay_round(self) -> None:
        """What this instance's role asks of it now: publish, alone or for its peers, or leave facts to the publisher."""
        if not self.role.publishes:
            await self.leave_to_publisher()
        elif self.role.alone:
            while self._handed:
                await self.publish_handed()
        else:
            while await self.publish_in_stream_order():
                pass

    async def leave_to_publisher(self) -> None:
        """Mark the facts this instance stored as recorded, so the publisher sends them without checking the log."""
        handed = list(self._handed)
        if handed:
            await self.event_log.mark_recorded(handed)
            for event_id in handed:
                self._handed.pop(event_id, None)

    async def sweep(self) -> bool:
        """Take up outbox entries nobody handed over; True when some were too young to judge yet."""
        now = datetime.now(UTC)
        young = False
        orphans = []
        for pending in await self.event_log.outbox():
            age = (now - pending["recorded_at"]).total_seconds()
            if pending["_id"] in self._handed:
                continue
            if pending.get("recorded"):
                self._handed[pending["_id"]] = pending  # a peer stored it and left it to this instance
            elif age < GRACE_SECONDS:
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
        return await self._publish(batch)

    async def publish_in_stream_order(self) -> int:
        """Publish the facts known to be recorded (handed over here, or marked by a peer), a stream's fact only once
        no earlier version of the stream waits in the outbox: a peer's fact may reach the outbox before its mark."""
        waiting = await self.event_log.outbox()
        ready = [doc for doc in waiting if doc["_id"] in self._handed or doc.get("recorded")]
        blocked: dict[str, int] = {}
        for doc in waiting:
            if doc["_id"] not in self._handed and not doc.get("recorded"):
                blocked[doc["stream_id"]] = min(doc["version"], blocked.get(doc["stream_id"], doc["version"]))
        batch = [doc for doc in ready if doc["version"] < blocked.get(doc["stream_id"], doc["version"] + 1)]
        return await self._publish(_in_stream_order(batch[:BATCH]))

    async def _publish(self, batch: list[dict[str, Any]]) -> int:
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
        if published:
            await self.event_log.settled(published)
        for event_id in published:
            self._handed.pop(event_id, None)
        log.debug("published %d events", len(batch))
        return len(batch)


def _in_stream_order(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The batch in the order it was recorded, except that each stream's facts take its places in version order:
    instances' clocks may disagree by a little, a stream's versions never do."""
    places: dict[str, list[int]] = {}
    for place, doc in enumerate(batch):
        places.setdefault(doc["stream_id"], []).append(place)
    ordered: list[dict[str, Any]] = list(batch)
    for stream_places in places.values():
        facts = sorted((batch[place] for place in stream_places), key=lambda doc: doc["version"])
        for place, doc in zip(stream_places, facts, strict=True):
            ordered[place] = doc
    return ordered
