"""Enrolment's aggregates, each folded from its stream in the event log and held in memory once read.

On FerretDB every read of the log is a scan of it, and the log grows with every application, so an aggregate is
read once per process and then kept up to date by folding onto it each fact this process records. Correctness
never rests on what is held: every write names the version it decided on, and a write that finds the stream
moved on (another instance wrote) forgets what it held, reads the stream again and decides again.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from enrolment.domain.facts import KNOWN
from enrolment.domain.folding import Fact, Mutate, fold
from mentoring_contracts import Event
from mentoring_runtime.errors import DomainError
from mentoring_runtime.event_log import ConcurrencyConflict, EventLog, StoredFact
from mentoring_runtime.recording import Cause, EventRecorder, NewRecord, StreamBusy

S = TypeVar("S")

MAX_DECISIONS = 5

Decision = tuple[Event, Any] | None
"""What a decision records: the event and what is kept beside it, or None when nothing needs recording."""


@dataclass(frozen=True)
class Versioned(Generic[S]):
    state: S
    version: int


def as_fact(stored: StoredFact) -> Fact:
    return Fact(stored.event(KNOWN), stored.occurred_at, stored.private)


class Aggregates(Generic[S]):
    """One kind of aggregate (programmes, people, applications, sessions) of every agency, by stream id."""

    def __init__(self, log: EventLog, recorder: EventRecorder, mutate: Mutate[S]) -> None:
        self._log = log
        self._recorder = recorder
        self._mutate = mutate
        self._held: dict[tuple[str, str], Versioned[S]] = {}

    async def get(self, agency_id: str, stream_id: str) -> Versioned[S] | None:
        """The aggregate as of its latest fact, None if its stream is empty (or another agency's)."""
        if (agency_id, stream_id) not in self._held:
            self.hold(agency_id, stream_id, await self._log.for_agency(agency_id).stream(stream_id))
        return self._held.get((agency_id, stream_id))

    async def get_many(self, agency_id: str, stream_ids: Sequence[str]) -> dict[str, Versioned[S]]:
        """Many aggregates, reading all those not held in one query."""
        missing = [stream_id for stream_id in stream_ids if (agency_id, stream_id) not in self._held]
        if missing:
            for stream_id, facts in (await self._log.for_agency(agency_id).streams(missing)).items():
                self.hold(agency_id, stream_id, facts)
        return {s: self._held[agency_id, s] for s in stream_ids if (agency_id, s) in self._held}

    def hold(self, agency_id: str, stream_id: str, facts: Sequence[StoredFact]) -> None:
        """Fold a stream read from the log; an empty one is not held, so that its first fact is read when it comes."""
        state = fold(self._mutate, (as_fact(stored) for stored in facts))
        if state is not None:
            self._held[agency_id, stream_id] = Versioned(state, facts[-1].version)

    def held(self, agency_id: str, stream_ids: Iterable[str]) -> list[S]:
        return [self._held[agency_id, s].state for s in stream_ids if (agency_id, s) in self._held]

    async def record(
        self, cause: Cause, stream_id: str, current: Versioned[S] | None, event: Event, private: Any = None
    ) -> Versioned[S]:
        """Record `event` after `current` (None: as the stream's first fact). Raises ConcurrencyConflict when the
        stream moved on, having forgotten what it held of it."""
        try:
            stored = await self._recorder.record(
                stream_id, event, cause, expected_version=current.version if current else 0, private=private
            )
        except ConcurrencyConflict:
            self._held.pop((cause.agency_id, stream_id), None)
            raise
        return self._folded(cause.agency_id, current, stored)

    async def change(self, cause: Cause, stream_id: str, decide: Callable[[S], Decision], missing: DomainError) -> S:
        """Decide on the aggregate as it is and record the decision; decide again if another writer came first.
        Raises `missing` when there is no such aggregate."""
        for _ in range(MAX_DECISIONS):
            current = await self.get(cause.agency_id, stream_id)
            if current is None:
                raise missing
            decision = decide(current.state)
            if decision is None:
                return current.state
            try:
                return (await self.record(cause, stream_id, current, *decision)).state
            except ConcurrencyConflict:
                continue
        raise StreamBusy("other changes to this resource were being stored at the same time; nothing was stored, retry")

    async def record_many(
        self, cause: Cause, changes: Sequence[tuple[str, Versioned[S] | None, Event, Any]]
    ) -> set[str]:
        """Record many first-or-next facts at once (bulk work); returns the streams that moved on, whose facts were
        not recorded and which are forgotten, to be read again."""
        current = {stream_id: versioned for stream_id, versioned, _, _ in changes}
        stored, conflicted = await self._recorder.record_many(
            [
                NewRecord(stream_id, event, versioned.version if versioned else 0, private)
                for stream_id, versioned, event, private in changes
            ],
            cause,
        )
        for fact in stored:
            self._folded(cause.agency_id, current[fact.stream_id], fact)
        for stream_id in conflicted:
            self._held.pop((cause.agency_id, stream_id), None)
        return conflicted

    def _folded(self, agency_id: str, current: Versioned[S] | None, stored: StoredFact) -> Versioned[S]:
        new = Versioned(self._mutate(current.state if current else None, as_fact(stored)), stored.version)
        self._held[agency_id, stored.stream_id] = new
        return new
