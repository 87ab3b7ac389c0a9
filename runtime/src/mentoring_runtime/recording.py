"""Recording a fact: the one call every application service uses to say that something happened.

It wraps the event in its envelope (agency, producer, correlation and causation), appends it to the stream after
the version the caller decided on, or after the latest one, retrying with jitter when another writer got there
first, and wakes the relay. Correctness rests on the log's unique (stream, version) key, never on a lock.
"""

import asyncio
import random
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final
from uuid import UUID

from mentoring_contracts import Envelope, Event
from mentoring_runtime.errors import Conflict, NotReady
from mentoring_runtime.event_log import ConcurrencyConflict, EventLog, NewFact, StoredFact

# Each conflict means another fact of the stream landed, so N writers at once all land within N attempts.
MAX_ATTEMPTS = 5


class _Latest:
    def __repr__(self) -> str:
        return "LATEST"


LATEST: Final = _Latest()
"""Append after whatever the stream holds now: for facts that do not depend on the stream's earlier facts."""


class KnownVersions:
    """The latest version this process stored of recently written streams, so that appending after the latest
    needs no read of the log (on FerretDB a scan): if another writer moved the stream on, the append conflicts
    and the version is read again. Bounded, forgetting the streams written longest ago."""

    def __init__(self, capacity: int = 100_000) -> None:
        self._capacity = capacity
        self._versions: OrderedDict[str, int] = OrderedDict()

    def get(self, stream_id: str) -> int | None:
        return self._versions.get(stream_id)

    def stored(self, stream_id: str, version: int) -> None:
        self._versions[stream_id] = version
        self._versions.move_to_end(stream_id)
        if len(self._versions) > self._capacity:
            self._versions.popitem(last=False)


@dataclass(frozen=True)
class NewRecord:
    """One fact of a `record_many`: its stream, the version it must follow, and what stays beside it."""

    stream_id: str
    event: Event
    expected_version: int
    private: Any = None


class StreamBusy(Conflict):
    """Other facts of the stream kept landing first; nothing was stored and the caller may retry."""


@dataclass(frozen=True)
class Cause:
    """What a new fact answers to: the agency it belongs to, the request or event that caused it."""

    agency_id: str
    correlation_id: UUID | None = None
    causation_id: UUID | None = None

    @classmethod
    def of_event(cls, envelope: Envelope[Any]) -> "Cause":
        return cls(envelope.agency_id, envelope.correlation_id, envelope.event_id)


class EventRecorder:
    def __init__(
        self,
        log: EventLog,
        producer: str,
        *,
        ready: Callable[[], bool] = lambda: True,
        recorded: Callable[[dict[str, Any]], None] = lambda pending: None,
    ) -> None:
        self._log = log
        self._producer = producer
        self._ready = ready
        self._recorded = recorded
        self._versions = KnownVersions()

    async def record(
        self,
        stream_id: str,
        event: Event,
        cause: Cause,
        *,
        expected_version: int | _Latest,
        private: Any = None,
    ) -> StoredFact:
        """Store `event` as the stream's next fact, with `private` (a dataclass of plain values) beside it. Raises
        ConcurrencyConflict (an expected version was taken) or StreamBusy (LATEST kept losing), both Conflicts, and
        NotReady before the store is prepared. Returns the fact as stored, for folding onto state held in memory."""
        self._check_ready()
        fact = self._fact(stream_id, event, cause, private)
        if isinstance(expected_version, int):
            pending = await self._log.append(fact, expected_version=expected_version)
        else:
            pending = await self._append_latest(fact)
        return self._stored(pending, fact)

    async def record_many(self, records: Sequence[NewRecord], cause: Cause) -> tuple[list[StoredFact], set[str]]:
        """Store many facts in a few round trips, each at its expected version (an int: bulk work decides versions
        up front). Returns the facts stored, and the streams whose version was taken, whose facts were not."""
        self._check_ready()
        new = [(self._fact(r.stream_id, r.event, cause, r.private), r.expected_version) for r in records]
        stored, conflicted = await self._log.append_many(new)
        by_id = {str(fact.envelope.event_id): fact for fact, _ in new}
        return [self._stored(pending, by_id[pending["_id"]]) for pending in stored], conflicted

    def _check_ready(self) -> None:
        if not self._ready():
            # Before the log's unique index exists, two writers of one stream could both win.
            raise NotReady(f"{self._producer} is still preparing its document store")

    def _fact(self, stream_id: str, event: Event, cause: Cause, private: Any) -> NewFact:
        envelope = Envelope.wrap(
            event,
            agency_id=cause.agency_id,
            producer=self._producer,
            correlation_id=cause.correlation_id,
            causation_id=cause.causation_id,
        )
        return NewFact(stream_id, envelope, asdict(private) if private else {})

    def _stored(self, pending: dict[str, Any], fact: NewFact) -> StoredFact:
        self._versions.stored(pending["stream_id"], pending["version"])
        if pending["topic"]:  # an internal fact has none: it is never published
            self._recorded(pending)
        return StoredFact(pending["stream_id"], pending["version"], pending["envelope"], fact.private)

    async def _append_latest(self, fact: NewFact) -> dict[str, Any]:
        version = self._versions.get(fact.stream_id)
        for attempt in range(MAX_ATTEMPTS):
            if version is None:
                version = await self._log.version_of(fact.stream_id)
            try:
                return await self._log.append(fact, expected_version=version)
            except ConcurrencyConflict:
                # Jitter spreads the writers that collided, so the next round does not collide again.
                await asyncio.sleep(random.uniform(0, 0.02 * 2**attempt))
                version = None
        raise StreamBusy("other changes to this resource were being stored at the same time; nothing was stored, retry")
