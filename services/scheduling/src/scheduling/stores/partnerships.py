"""The partnerships of every agency, folded from their streams (`partnership:<id>`) and held in memory.

Held by the runtime's `Aggregates`: read once as the service starts, then kept current by folding each fact this
process records, so a request reads nothing from the log (on FerretDB, a scan that grows with every meeting). A
decision is recorded at the version it was taken on, so another instance's write is never overwritten: the loser
reads the stream again and decides again. What another instance recorded since this one started is read when a
request names it: a partnership not held, or a group that does not know a member yet, is read again alone before
anyone is told it does not exist or is refused.

Lists cost what they list, not what the agency holds: partnerships are indexed by member and by programme as they
pass through here (read, formed, changed), and a group by each member's own pair id (what matching told each
member), so a group is found by either.
"""

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mentoring_runtime.aggregates import Aggregates, Decision, Versioned
from mentoring_runtime.errors import NotFound
from mentoring_runtime.recording import Cause
from scheduling.domain.partnership import Partnership

CATEGORY = "partnership"


def stream_id(partnership_id: str) -> str:
    return f"{CATEGORY}:{partnership_id}"


class HeldPartnerships:
    def __init__(self, aggregates: Aggregates[Partnership]) -> None:
        self._aggregates = aggregates
        self._indexed: dict[str, _Index] = {}  # agency → its partnerships by member, programme and member pair

    async def warm(self) -> None:
        await self._aggregates.warm()
        for agency_id, streams in self._aggregates.every_agency().items():
            for held in streams.values():
                self._index(agency_id, held.state)

    async def read_all_again(self) -> None:
        """Read every agency's again, yielding between streams: what other instances recorded is held, and indexed,
        here too."""
        await self._aggregates.read_all_again()
        for agency_id, streams in self._aggregates.every_agency().items():
            for held in streams.values():
                self._index(agency_id, held.state)
            await asyncio.sleep(0)

    async def find(self, agency_id: str, partnership_id: str, knowing: Iterable[str] = ()) -> Partnership:
        """The partnership by its id, or the group of a group member's pair id, current about the people `knowing`.
        NotFound when the agency has neither."""
        return (await self._versioned(agency_id, partnership_id, knowing)).state

    async def change(
        self, cause: Cause, partnership_id: str, decide: Callable[[Partnership], Decision], knowing: Iterable[str] = ()
    ) -> Partnership:
        """Decide on the partnership as it is and record the decision, deciding again if another writer came first."""
        found = await self._versioned(cause.agency_id, partnership_id, knowing)
        changed = await self._aggregates.change(
            cause, stream_id(found.state.partnership_id), decide, _missing(partnership_id)
        )
        return self._index(cause.agency_id, changed)

    async def form_or_change(
        self, cause: Cause, partnership_id: str, decide: Callable[[Partnership | None], Decision]
    ) -> None:
        """Record what `decide` makes of the partnership as it is, or of none: a partnership being formed."""
        changed = await self._aggregates.change_or_create(cause, stream_id(partnership_id), decide)
        if changed is not None:
            self._index(cause.agency_id, changed)

    async def read_again(self, agency_id: str, partnership_id: str) -> Partnership:
        """The partnership as its stream has it now, with what another instance recorded since it was held: for a
        request naming something of it (a meeting) that the partnership held does not know."""
        found = await self._lookup(agency_id, partnership_id, read_again=True)
        if found is None:
            raise _missing(partnership_id)
        return found.state

    async def of_member(self, agency_id: str, person_id: str, former: bool = False) -> list[Partnership]:
        """The partnerships the person is a member of, and with `former` those of a group they left."""
        index = await self._index_of(agency_id)
        held = self._held(agency_id, index.by_member.get(person_id, ()))
        return [p for p in held if p.is_member(person_id) or (former and person_id in p.former_mentee_ids)]

    async def of_program(self, agency_id: str, program_id: str) -> list[str]:
        """The ids of the programme's partnerships, newest match first: kept in that order until one joins."""
        index = await self._index_of(agency_id)
        ordered = index.newest_first.get(program_id)
        if ordered is None:
            held = self._held(agency_id, index.by_program.get(program_id, ()))
            newest = sorted(held, key=lambda p: (p.matched_at, p.partnership_id), reverse=True)
            ordered = index.newest_first[program_id] = [p.partnership_id for p in newest]
        return ordered

    def held(self, agency_id: str, partnership_id: str) -> Partnership | None:
        """The partnership held, reading nothing: for lists, which are made of what is held."""
        found = self._held(agency_id, [partnership_id])
        return found[0] if found else None

    def held_in_every_agency(self) -> dict[str, list[Partnership]]:
        """Every partnership held, by agency, reading nothing: what the cadence checker goes over."""
        return {
            agency_id: [held.state for held in streams.values()]
            for agency_id, streams in self._aggregates.every_agency().items()
        }

    async def _versioned(self, agency_id: str, partnership_id: str, knowing: Iterable[str]) -> Versioned[Partnership]:
        """Held, or read alone when not held (another instance formed it); a group that does not know one of
        `knowing` is read again first (another instance added them): a pair's members never change."""
        people = list(knowing)
        found = await self._lookup(agency_id, partnership_id, read_again=False)
        if found is None or (found.state.group_id is not None and not found.state.knows(people)):
            found = await self._lookup(agency_id, partnership_id, read_again=True) or found
        if found is None:
            raise _missing(partnership_id)
        self._index(agency_id, found.state)
        return found

    async def _lookup(self, agency_id: str, partnership_id: str, read_again: bool) -> Versioned[Partnership] | None:
        get = self._aggregates.read_again if read_again else self._aggregates.get
        found = await get(agency_id, stream_id(partnership_id))
        if found is not None:
            return found
        group_id = (await self._index_of(agency_id)).group_of_pair.get(partnership_id)
        return await get(agency_id, stream_id(group_id)) if group_id else None

    async def _index_of(self, agency_id: str) -> "_Index":
        """The agency's index, made from every partnership of the agency the first time (read, if not warmed)."""
        if agency_id not in self._indexed:
            self._indexed[agency_id] = _Index()
            for held in (await self._aggregates.all(agency_id)).values():
                self._index(agency_id, held.state)
        return self._indexed[agency_id]

    def _index(self, agency_id: str, partnership: Partnership) -> Partnership:
        index = self._indexed.setdefault(agency_id, _Index())
        for person_id in partnership.member_ids | partnership.former_mentee_ids:
            index.by_member.setdefault(person_id, set()).add(partnership.partnership_id)
        of_program = index.by_program.setdefault(partnership.program_id, set())
        if partnership.partnership_id not in of_program:
            of_program.add(partnership.partnership_id)
            index.newest_first.pop(partnership.program_id, None)
        for pair_id in partnership.member_pairs:
            index.group_of_pair[pair_id] = partnership.partnership_id
        return partnership

    def _held(self, agency_id: str, partnership_ids: Iterable[str]) -> list[Partnership]:
        held = self._aggregates.held_versions(agency_id, [stream_id(p) for p in partnership_ids])
        return [versioned.state for versioned in held.values()]


@dataclass
class _Index:
    by_member: dict[str, set[str]] = field(default_factory=dict)
    by_program: dict[str, set[str]] = field(default_factory=dict)
    group_of_pair: dict[str, str] = field(default_factory=dict)
    newest_first: dict[str, list[str]] = field(default_factory=dict)  # programme → its ids in list order


def _missing(partnership_id: str) -> NotFound:
    return NotFound(f"no pair or group {partnership_id!r} in your agency")
