"""A service's aggregates of one kind, each folded from its stream in the event log and held in memory.

On FerretDB every read of the log is a scan of it, and the log grows with every fact: in enrolment, reading each
new person's stream alone had the 12,000th enrolment of a cohort wait 3.7 s, and reading an agency's whole category on
its first request after a restart kept that request, and the ones behind it, past the gateway's timeout. So the
service reads every aggregate of every agency once as it starts (`warm`, one query per category, before it takes
requests) and then keeps each up to date by folding onto it each fact this process records: a request reads
nothing, and costs the same however large the programme. Correctness never rests on what is held: every write
names the version it decided on, and a write that finds the stream moved on (another instance wrote) forgets what
it held of that stream, reads it again alone and decides again. Aggregates not warmed (unit tests) are read on
demand: a few streams alone, more as the agency's whole category.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from mentoring_contracts import EVENTS, Event
from mentoring_runtime.errors import DomainError
from mentoring_runtime.event_log import ConcurrencyConflict, EventLog, StoredFact
from mentoring_runtime.folding import Fact, Mutate, fold
from mentoring_runtime.recording import Cause, EventRecorder, NewRecord, StreamBusy

S = TypeVar("S")

MAX_DECISIONS = 5
FEW_STREAMS = 8  # read one at a time when not warmed; more than this, and the agency's whole category is read

Decision = tuple[Event, Any] | None
"""What a decision records: the event and what is kept beside it, or None when nothing needs recording."""


@dataclass(frozen=True)
class Versioned(Generic[S]):
    state: S
    version: int


def as_fact(stored: StoredFact, known: Mapping[tuple[str, int], type[Event]] = EVENTS) -> Fact:
    return Fact(stored.event(known), stored.occurred_at, stored.private)


class Aggregates(Generic[S]):
    """One kind of aggregate (programmes, people, applications, sessions) of every agency, by stream id."""

    def __init__(
        self,
        log: EventLog,
        recorder: EventRecorder,
        mutate: Mutate[S],
        category: str,
        known: Mapping[tuple[str, int], type[Event]] = EVENTS,
    ) -> None:
        """`known`: every event class the streams may hold, by (type, version): the service's internal facts too."""
        self._log = log
        self._known = known
        self._recorder = recorder
        self._mutate = mutate
        self._category = category  # the aggregates' streams are `<category>:…`
        self._held: dict[str, dict[str, Versioned[S]]] = {}  # agency → stream → aggregate
        self._complete: set[str] = set()  # agencies whose whole category was read
        self._moved_on: dict[str, set[str]] = {}  # agency → streams another writer moved on: read again alone
        self._warm = False  # every agency's category read as the service started

    def _of(self, agency_id: str) -> dict[str, Versioned[S]]:
        return self._held.setdefault(agency_id, {})

    async def warm(self) -> None:
        """Read the category in every agency, in one query: after this, nothing is read on demand."""
        for agency_id, streams in (await self._log.category_of_every_agency(self._category)).items():
            for stream_id, facts in streams.items():
                self.hold(agency_id, stream_id, facts)
        self._warm = True

    async def get(self, agency_id: str, stream_id: str) -> Versioned[S] | None:
        """The aggregate as of its latest fact, None if its stream is empty (or another agency's)."""
        return (await self.get_many(agency_id, [stream_id])).get(stream_id)

    async def get_many(self, agency_id: str, stream_ids: Sequence[str]) -> dict[str, Versioned[S]]:
        """Many aggregates: what is held, a stream another writer moved on read again alone, and if the agency is not
        held whole, a few streams read alone or more as its whole category."""
        held = self._of(agency_id)
        moved_on = self._moved_on.get(agency_id, set())
        unread = [stream_id for stream_id in stream_ids if stream_id in moved_on]
        if not self._complete_for(agency_id):
            missing = [stream_id for stream_id in stream_ids if stream_id not in held]
            if len(missing) > FEW_STREAMS:
                await self.all(agency_id)
            else:
                unread = sorted({*unread, *missing})
        for stream_id in unread:
            moved_on.discard(stream_id)
            self.hold(agency_id, stream_id, await self._log.for_agency(agency_id).stream(stream_id))
        return {stream_id: held[stream_id] for stream_id in stream_ids if stream_id in held}

    async def all(self, agency_id: str) -> dict[str, Versioned[S]]:
        """Every aggregate of the agency, its category read in one query the first time if it was not warmed."""
        if not self._complete_for(agency_id):
            for stream_id, facts in (await self._log.for_agency(agency_id).category(self._category)).items():
                self.hold(agency_id, stream_id, facts)
            self._complete.add(agency_id)
        return self._of(agency_id)

    def _complete_for(self, agency_id: str) -> bool:
        return self._warm or agency_id in self._complete

    def hold(self, agency_id: str, stream_id: str, facts: Sequence[StoredFact]) -> None:
        """Fold a stream read from the log; an empty one is not held, so that its first fact is read when it comes.
        What this process recorded after the read began is kept."""
        state = fold(self._mutate, (as_fact(stored, self._known) for stored in facts))
        held = self._of(agency_id)
        if state is not None and (stream_id not in held or held[stream_id].version <= facts[-1].version):
            held[stream_id] = Versioned(state, facts[-1].version)

    def held_versions(self, agency_id: str, stream_ids: Iterable[str]) -> dict[str, Versioned[S]]:
        """What is held of these streams, reading nothing: for bulk work that writes optimistically, a stream not
        held being taken as new, which its first version's uniqueness checks."""
        held = self._of(agency_id)
        return {stream_id: held[stream_id] for stream_id in stream_ids if stream_id in held}

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
            self._forget(cause.agency_id, stream_id)
            raise
        return self._folded(cause.agency_id, current, stored)

    async def change(self, cause: Cause, stream_id: str, decide: Callable[[S], Decision], missing: DomainError) -> S:
        """Decide on the aggregate as it is and record the decision; decide again if another writer came first.
        Raises `missing` when there is no such aggregate."""

        def deciding(state: S | None) -> Decision:
            if state is None:
                raise missing
            return decide(state)

        changed = await self.change_or_create(cause, stream_id, deciding)
        assert changed is not None  # `deciding` raised otherwise
        return changed

    async def change_or_create(self, cause: Cause, stream_id: str, decide: Callable[[S | None], Decision]) -> S | None:
        """Decide on the aggregate as it is, or on none (its stream is empty), and record the decision; decide again
        if another writer came first. A stream another instance began since this one was warmed is found that way:
        its first version is taken, so it is read."""
        for _ in range(MAX_DECISIONS):
            current = await self.get(cause.agency_id, stream_id)
            decision = decide(current.state if current else None)
            if decision is None:
                return current.state if current else None
            try:
                return (await self.record(cause, stream_id, current, *decision)).state
            except ConcurrencyConflict:
                continue
        raise StreamBusy("other changes to this resource were being stored at the same time; nothing was stored, retry")

    async def read_again(self, agency_id: str, stream_id: str) -> Versioned[S] | None:
        """The aggregate as the log has it now, its stream read alone: for one another instance may have written
        since this one last read it (or began since this one was warmed)."""
        self._forget(agency_id, stream_id)
        return await self.get(agency_id, stream_id)

    def every_agency(self) -> dict[str, dict[str, Versioned[S]]]:
        """What is held of every agency (agency → stream → aggregate), reading nothing: for background work that
        goes over them all, such as a checker on a timer."""
        return {agency_id: dict(streams) for agency_id, streams in self._held.items()}

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
            self._forget(cause.agency_id, stream_id)
        return conflicted

    def _forget(self, agency_id: str, stream_id: str) -> None:
        """A stream another writer moved on: read it again, alone, when next asked."""
        self._of(agency_id).pop(stream_id, None)
        self._moved_on.setdefault(agency_id, set()).add(stream_id)

    def _folded(self, agency_id: str, current: Versioned[S] | None, stored: StoredFact) -> Versioned[S]:
        new = Versioned(self._mutate(current.state if current else None, as_fact(stored, self._known)), stored.version)
        self._of(agency_id)[stored.stream_id] = new
        return new
