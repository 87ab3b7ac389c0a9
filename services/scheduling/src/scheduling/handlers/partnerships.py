"""Reading partnerships: one, the caller's own, and a programme's for its coordinator, filtered by status.

Lists are answered from the partnerships held in memory, newest match first, paged by partnership id.
"""

from collections.abc import Callable
from datetime import datetime

from mentoring_contracts.api import MyPartnershipsQuery, PageQuery, PartnershipPage, PartnershipsQuery, PartnershipView
from mentoring_contracts.names import CadenceStanding, Role
from mentoring_runtime.paging import page
from mentoring_runtime.web import Caller
from scheduling.domain.access import readable_by
from scheduling.domain.cadence import standing
from scheduling.domain.partnership import Partnership
from scheduling.domain.programs import ProgramTerms
from scheduling.stores.partnerships import HeldPartnerships
from scheduling.stores.programs import HeldProgramTerms
from scheduling.views import partnership_view

Clock = Callable[[], datetime]


class Partnerships:
    def __init__(self, partnerships: HeldPartnerships, programs: HeldProgramTerms, clock: Clock) -> None:
        self.partnerships = partnerships
        self.programs = programs
        self.clock = clock

    async def partnership(self, caller: Caller, pair_id: str) -> PartnershipView:
        """The partnership, for its members and the programme's coordinator."""
        partnership = await self.partnerships.find(caller.agency_id, pair_id, [caller.actor_id])
        readable_by(partnership, caller.actor_id, Role.COORDINATOR in caller.roles)
        return await self.view(caller.agency_id, partnership)

    async def my_partnerships(self, caller: Caller, query: MyPartnershipsQuery) -> PartnershipPage:
        mine = [
            p
            for p in await self.partnerships.of_agency(caller.agency_id)
            if p.is_member(caller.actor_id) and query.program_id in (None, p.program_id)
        ]
        return await self._page(caller.agency_id, mine, query)

    async def program_partnerships(self, caller: Caller, program_id: str, query: PartnershipsQuery) -> PartnershipPage:
        caller.require(Role.COORDINATOR)
        chosen = [p for p in await self.partnerships.of_agency(caller.agency_id) if p.program_id == program_id]
        if query.status is not None:
            terms = await self.programs.terms(caller.agency_id, program_id)
            chosen = [p for p in chosen if query.status in (p.status, self._standing(p, terms))]
        return await self._page(caller.agency_id, chosen, query)

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
