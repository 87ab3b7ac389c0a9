"""Evaluation's partnerships of every agency, folded from their streams (`partnership:<id>`) and held in memory,
with their programmes' terms.

Held by the runtime's `Aggregates`: read once as the service starts (`warm`), then kept current by folding each
fact this process records, so a request reads nothing from the log. Lists cost what they list, not what the agency
holds: partnerships are indexed by member, by programme and by a group member's own pair id as they pass through
here (warmed, read or changed).

What the other features call (every read scoped to the caller's agency; another agency's reads as missing):
- `find(agency_id, id)`: the partnership by its id or a group member's own pair id; NotFound otherwise, and for one
  whose match evaluation has not heard yet.
- `of_member(agency_id, person_id, former=False)`: the person's partnerships (with `former`, groups they left).
- `of_program(agency_id, program_id)`: the programme's partnerships, newest match first; for a paged list,
  `program_ids(agency_id, program_id)` and `held(agency_id, partnership_id)` with `paging.page_kept`.
- `term(agency_id, partnership)` (`Term(starts_on, ends_on)`), `term_ends_on(agency_id, partnership)`: its term,
  from the day it was matched to the programme's duration from when it became active (or was matched).
- `program(agency_id, program_id)`: the programme's kind and duration.
- `Partnership.is_member / is_mentor / is_mentee(person_id)`, `.status`, `.first_met_at`, `.active_since`, `.ended`.
- `listen(listener)`: `await listener(cause, told)` for each moment (`Told`: FIRST_MET, ACTIVE, ENDED, LEFT) as it
  is reached. At least once: a moment is told again when the event that brought it comes again (a redelivery after
  a crash between recording and telling), and when members join after it was reached (so a late member hears of
  it too): a listener must be idempotent, e.g. keyed by partnership, moment and person. FIRST_MET is told again,
  with the earlier time, if a meeting held before the first one heard arrives late. A feature registers in
  `bootstrap.wire`: `held_partnerships.listen(surveys.on_moment)`.
"""

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from evaluation.domain.partnership import Partnership, Term, Told
from evaluation.domain.programs import ProgramTerms
from evaluation.stores.programs import HeldProgramTerms
from mentoring_contracts import Event
from mentoring_runtime.aggregates import Aggregates, Decision
from mentoring_runtime.errors import NotFound
from mentoring_runtime.recording import Cause

CATEGORY = "partnership"

Listener = Callable[[Cause, Told], Awaitable[None]]


def stream_id(partnership_id: str) -> str:
    return f"{CATEGORY}:{partnership_id}"


class HeldPartnerships:
    def __init__(self, aggregates: Aggregates[Partnership], programs: HeldProgramTerms) -> None:
        self._aggregates = aggregates
        self._programs = programs
        self._indexed: dict[str, _Index] = {}  # agency → its partnerships by member, programme and member pair
        self._listeners: list[Listener] = []

    async def warm(self) -> None:
        await self._programs.warm()
        await self._aggregates.warm()
        for agency_id, streams in self._aggregates.every_agency().items():
            for held in streams.values():
                self._index(agency_id, held.state)

    def listen(self, listener: Listener) -> None:
        """Have `listener` told of every moment a partnership reaches (see the module's docstring)."""
        self._listeners.append(listener)

    async def tell(self, cause: Cause, told: Iterable[Told]) -> None:
        for moment in told:
            for listener in self._listeners:
                await listener(cause, moment)

    async def heard(
        self, cause: Cause, partnership_id: str, news: Callable[[Partnership | None], Event | None]
    ) -> Partnership | None:
        """Record what `news` makes of the partnership as it is (or of none yet), if anything; the partnership as
        it is after, None when its stream is still empty."""

        def decide(partnership: Partnership | None) -> Decision:
            fact = news(partnership)
            return (fact, None) if fact else None

        changed = await self._aggregates.change_or_create(cause, stream_id(partnership_id), decide)
        return self._index(cause.agency_id, changed) if changed is not None else None

    async def find(self, agency_id: str, partnership_id: str) -> Partnership:
        """The partnership by its id, or the group of a group member's pair id. NotFound when the agency has
        neither, or its match was not heard yet."""
        found = await self._aggregates.get(agency_id, stream_id(partnership_id))
        if found is None:
            group_id = (await self._index_of(agency_id)).group_of_pair.get(partnership_id)
            found = await self._aggregates.get(agency_id, stream_id(group_id)) if group_id else None
        if found is None or not found.state.formed:
            raise NotFound(f"no pair or group {partnership_id!r} in your agency")
        return self._index(agency_id, found.state)

    async def of_member(self, agency_id: str, person_id: str, former: bool = False) -> list[Partnership]:
        """The partnerships the person is a member of, and with `former` those of a group they left."""
        index = await self._index_of(agency_id)
        held = self._held(agency_id, index.by_member.get(person_id, ()))
        return [p for p in held if p.is_member(person_id) or (former and person_id in p.former_mentee_ids)]

    async def of_program(self, agency_id: str, program_id: str) -> list[Partnership]:
        """The programme's partnerships, newest match first: costs what the programme holds (a page: `program_ids`)."""
        return self._held(agency_id, await self.program_ids(agency_id, program_id))

    async def program_ids(self, agency_id: str, program_id: str) -> list[str]:
        """The ids of the programme's partnerships, newest match first, kept in that order until one joins: for a
        paged list, with `held` (`mentoring_runtime.paging.page_kept`), which then costs what its page holds."""
        index = await self._index_of(agency_id)
        ordered = index.newest_first.get(program_id)
        if ordered is None:
            held = self._held(agency_id, index.by_program.get(program_id, ()))
            newest = sorted(held, key=lambda p: (p.matched_at, p.partnership_id), reverse=True)
            ordered = index.newest_first[program_id] = [p.partnership_id for p in newest]
        return ordered

    def held(self, agency_id: str, partnership_id: str) -> Partnership | None:
        """The partnership held by its own id (not a member's pair id), reading nothing; None if not formed."""
        found = self._held(agency_id, [partnership_id])
        return found[0] if found else None

    async def program(self, agency_id: str, program_id: str) -> ProgramTerms:
        """The programme's kind and duration; the defaults for one evaluation has not heard of."""
        return await self._programs.terms(agency_id, program_id)

    async def term(self, agency_id: str, partnership: Partnership) -> Term:
        """The partnership's term: from the day it was matched to its last day."""
        term = partnership.term((await self.program(agency_id, partnership.program_id)).duration_months)
        assert term is not None  # a formed partnership was matched
        return term

    async def term_ends_on(self, agency_id: str, partnership: Partnership) -> date:
        """The last day of the partnership's term."""
        return (await self.term(agency_id, partnership)).ends_on

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
        if partnership.partnership_id not in of_program or partnership.partnership_id not in index.sorted_ids:
            of_program.add(partnership.partnership_id)
            index.newest_first.pop(partnership.program_id, None)  # sorted again when next listed
            if partnership.formed:
                index.sorted_ids.add(partnership.partnership_id)
        for pair_id in partnership.member_pairs:
            index.group_of_pair[pair_id] = partnership.partnership_id
        return partnership

    def _held(self, agency_id: str, partnership_ids: Iterable[str]) -> list[Partnership]:
        """The formed partnerships held of these ids, reading nothing."""
        held = self._aggregates.held_versions(agency_id, [stream_id(p) for p in partnership_ids])
        return [versioned.state for versioned in held.values() if versioned.state.formed]


@dataclass
class _Index:
    by_member: dict[str, set[str]] = field(default_factory=dict)
    by_program: dict[str, set[str]] = field(default_factory=dict)
    group_of_pair: dict[str, str] = field(default_factory=dict)
    newest_first: dict[str, list[str]] = field(default_factory=dict)  # programme → its formed ids in list order
    sorted_ids: set[str] = field(default_factory=set)  # formed partnerships already placed in their programme's order
