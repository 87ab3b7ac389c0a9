"""The partnerships of every agency, folded from their streams (`partnership:<id>`) and held in memory.

Held by the runtime's `Aggregates`: read once as the service starts, then kept current by folding each fact this
process records, so a request reads nothing from the log (on FerretDB, a scan that grows with every meeting). A
decision is recorded at the version it was taken on, so another instance's write is never overwritten: the loser
reads the stream again and decides again. What another instance recorded since this one started is read when a
request names it: a partnership not held, or a group that does not know a member yet, is read again alone before
anyone is told it does not exist or is refused.

A group is found by its id and by any member's own pair id (what matching told each member): the members' pair ids
are indexed as the groups are held.
"""

from collections.abc import Callable, Iterable

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

    async def warm(self) -> None:
        await self._aggregates.warm()

    async def find(self, agency_id: str, partnership_id: str, knowing: Iterable[str] = ()) -> Partnership:
        """The partnership by its id, or the group of a group member's pair id, current about the people `knowing`.
        NotFound when the agency has neither."""
        return (await self._versioned(agency_id, partnership_id, knowing)).state

    async def change(
        self, cause: Cause, partnership_id: str, decide: Callable[[Partnership], Decision], knowing: Iterable[str] = ()
    ) -> Partnership:
        """Decide on the partnership as it is and record the decision, deciding again if another writer came first."""
        found = await self._versioned(cause.agency_id, partnership_id, knowing)
        return await self._aggregates.change(
            cause, stream_id(found.state.partnership_id), decide, _missing(partnership_id)
        )

    async def form_or_change(
        self, cause: Cause, partnership_id: str, decide: Callable[[Partnership | None], Decision]
    ) -> None:
        """Record what `decide` makes of the partnership as it is, or of none: a partnership being formed."""
        await self._aggregates.change_or_create(cause, stream_id(partnership_id), decide)

    async def read_again(self, agency_id: str, partnership_id: str) -> Partnership:
        """The partnership as its stream has it now, with what another instance recorded since it was held: for a
        request naming something of it (a meeting) that the partnership held does not know."""
        found = await self._lookup(agency_id, partnership_id, read_again=True)
        if found is None:
            raise _missing(partnership_id)
        return found.state

    async def of_agency(self, agency_id: str) -> list[Partnership]:
        """Every partnership of the agency, held."""
        return [held.state for held in (await self._aggregates.all(agency_id)).values()]

    def held_in_every_agency(self) -> dict[str, list[Partnership]]:
        """Every partnership held, by agency, reading nothing: what the cadence checker goes over."""
        return {
            agency_id: [held.state for held in streams.values()]
            for agency_id, streams in self._aggregates.every_agency().items()
        }

    async def _versioned(self, agency_id: str, partnership_id: str, knowing: Iterable[str]) -> Versioned[Partnership]:
        people = list(knowing)
        for read_again in (False, True):
            found = await self._lookup(agency_id, partnership_id, read_again)
            if found is not None and found.state.knows(people):
                return found
        if found is None:
            raise _missing(partnership_id)
        return found

    async def _lookup(self, agency_id: str, partnership_id: str, read_again: bool) -> Versioned[Partnership] | None:
        get = self._aggregates.read_again if read_again else self._aggregates.get
        found = await get(agency_id, stream_id(partnership_id))
        if found is not None:
            return found
        group_id = self._group_of(await self._aggregates.all(agency_id), partnership_id)
        return await get(agency_id, stream_id(group_id)) if group_id else None

    @staticmethod
    def _group_of(held: dict[str, Versioned[Partnership]], member_pair_id: str) -> str | None:
        for versioned in held.values():
            if member_pair_id in versioned.state.member_pairs:
                return versioned.state.partnership_id
        return None


def _missing(partnership_id: str) -> NotFound:
    return NotFound(f"no pair or group {partnership_id!r} in your agency")
