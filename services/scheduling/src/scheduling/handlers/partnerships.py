"""Reading partnerships: one, the caller's own, and a programme's for its coordinator, filtered by status.

Lists are answered from the partnerships held in memory, newest match first, paged by partnership id.
"""

from collections.abc import Callable
from datetime import datetime

from mentoring_contracts.api import MyPartnershipsQuery, PageQuery, PartnershipPage, PartnershipsQuery, PartnershipView
from mentoring_contracts.names import CadenceStanding, Role
from mentoring_runtime.paging import page, page_kept
from mentoring_runtime.web import Caller
from scheduling.domain.access import readable_by
from scheduling.domain.cadence import standing
from scheduling.domain.partnership import Partnership
from scheduling.domain.programs import ProgramTerms
from scheduling.stores.partnerships import HeldPartnerships
from scheduling.stores.programs import HeldProgramTerms
from scheduling.views import partnership_view

Clock = Callable[[], datetime]


def acting_as_member(caller: Caller) -> list[str]:
    """Whom a call must find among the partnership's members: the caller, unless they call as a coordinator (a
    group that does not know its caller is read again, in case another instance added them)."""
    return [] if Role.COORDINATOR in caller.roles else [caller.actor_id]


class Partnerships:
    def __init__(self, partnerships: HeldPartnerships, programs: HeldProgramTerms, clock: Clock) -> None:
        self.partnerships = partnerships
        self.programs = programs
        self.clock = clock

    async def partnership(self, caller: Caller, pair_id: str) -> PartnershipView:
        """The partnership, for its members and the programme's coordinator."""
        partnership = await self.partnerships.find(caller.agency_id, pair_id, acting_as_member(caller))
        readable_by(partnership, caller.actor_id, Role.COORDINATOR in caller.roles)
        return await self.view(caller.agency_id, partnership)

    async def my_partnerships(self, caller: Caller, query: MyPartnershipsQuery) -> PartnershipPage:
        mine = [
            p
            for p in await self.partnerships.of_member(caller.agency_id, caller.actor_id)
            if query.program_id in (None, p.program_id)
        ]
        return await self._page(caller.agency_id, mine, query)

    async def program_partnerships(self, caller: Caller, program_id: str, query: PartnershipsQuery) -> PartnershipPage:
        """The programme's partnerships, newest match first, filtered by status or cadence standing."""
        caller.require(Role.COORDINATOR)
        terms = await self.programs.terms(caller.agency_id, program_id)

        def kept(partnership_id: str) -> PartnershipView | None:
            partnership = self.partnerships.held(caller.agency_id, partnership_id)
            if partnership is None:
                return None
            standing = self._standing(partnership, terms)
            if query.status is not None and query.status not in (partnership.status, standing):
                return None
            return partnership_view(partnership, terms, standing)

        ids = await self.partnerships.of_program(caller.agency_id, program_id)
        items, cursor = page_kept(ids, query, kept)
        return PartnershipPage(items=items, next_cursor=cursor)

    async def view(self, agency_id: str, partnership: Partnership) -> PartnershipView:
        terms = await self.programs.terms(agency_id, partnership.program_id)
        return partnership_view(partnership, terms, self._standing(partnership, terms))

    def _standing(self, partnership: Partnership, terms: ProgramTerms) -> CadenceStanding | None:
        return standing(partnership, terms, self.clock())

    async def _page(self, agency_id: str, partnerships: list[Partnership], query: PageQuery) -> PartnershipPage:
        """A page of `partnerships`, newest match first: views are made for the page's items alone."""
        newest_first = sorted(partnerships, key=lambda p: (p.matched_at, p.partnership_id), reverse=True)
        chosen, cursor = page(newest_first, query, key=lambda p: p.partnership_id)
        return PartnershipPage(items=[await self.view(agency_id, p) for p in chosen], next_cursor=cursor)
