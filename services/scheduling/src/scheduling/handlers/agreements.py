"""A partnership's agreement: read by the pair and the coordinator, proposed and signed by the pair, filed for the
coordinator by programme. The last signature makes the partnership active and is published as AgreementSigned."""

from mentoring_contracts import AgreementSigned
from mentoring_contracts.api import (
    AgreementPage,
    AgreementsQuery,
    AgreementTerms,
    AgreementView,
    ProposeAgreement,
    SignAgreement,
)
from mentoring_contracts.names import Role
from mentoring_runtime.aggregates import Decision
from mentoring_runtime.paging import page
from mentoring_runtime.web import Caller
from scheduling.domain.access import readable_by
from scheduling.domain.agreement import propose, sign
from scheduling.domain.facts import AgreementSignedBy
from scheduling.domain.meeting import member_only
from scheduling.domain.partnership import Partnership
from scheduling.handlers.partnerships import Clock
from scheduling.stores.partnerships import HeldPartnerships
from scheduling.stores.programs import HeldProgramTerms
from scheduling.views import agreement_view


class Agreements:
    def __init__(self, partnerships: HeldPartnerships, programs: HeldProgramTerms, clock: Clock) -> None:
        self.partnerships = partnerships
        self.programs = programs
        self.clock = clock

    async def agreement(self, caller: Caller, pair_id: str) -> AgreementView:
        partnership = await self.partnerships.find(caller.agency_id, pair_id, [caller.actor_id])
        readable_by(partnership, caller.actor_id, Role.COORDINATOR in caller.roles, "read its agreement")
        return await self._view(caller.agency_id, partnership)

    async def propose(self, caller: Caller, pair_id: str, request: ProposeAgreement) -> AgreementView:
        terms = AgreementTerms.model_validate(request.model_dump(exclude={"based_on_version"}))

        def decide(partnership: Partnership) -> Decision:
            member_only(partnership, caller.actor_id, "propose its agreement")
            return propose(
                partnership.agreement,
                partnership.partnership_id,
                caller.actor_id,
                terms,
                request.based_on_version,
            )

        changed = await self.partnerships.change(caller.cause(), pair_id, decide, [caller.actor_id])
        return await self._view(caller.agency_id, changed)

    async def sign(self, caller: Caller, pair_id: str, request: SignAgreement) -> AgreementView:
        def decide(partnership: Partnership) -> Decision:
            member_only(partnership, caller.actor_id, "sign its agreement")
            agreement = partnership.agreement
            if not sign(agreement, caller.actor_id, request.version, partnership.member_ids):
                return AgreementSignedBy(pair_id=partnership.partnership_id, version=request.version,
                                         person_id=caller.actor_id), None  # fmt: skip
            signed = AgreementSigned(
                pair_id=partnership.partnership_id,
                program_id=partnership.program_id,
                version=agreement.version,
                mentor_id=partnership.mentor_id,
                mentee_ids=tuple(sorted(partnership.mentee_ids)),
                signed_at=self.clock(),
            )
            return signed, None

        changed = await self.partnerships.change(caller.cause(), pair_id, decide, [caller.actor_id])
        return await self._view(caller.agency_id, changed)

    async def program_agreements(self, caller: Caller, program_id: str, query: AgreementsQuery) -> AgreementPage:
        """The programme's agreements, most recently signed (then matched) first: the coordinator's file."""
        caller.require(Role.COORDINATOR)
        chosen = [
            p
            for p in await self.partnerships.of_agency(caller.agency_id)
            if p.program_id == program_id and query.status in (None, p.agreement.status)
        ]
        newest = sorted(chosen, key=lambda p: (p.agreement.signed_at or p.matched_at, p.partnership_id), reverse=True)
        items, cursor = page(newest, query, key=lambda p: p.partnership_id)
        return AgreementPage(items=[await self._view(caller.agency_id, p) for p in items], next_cursor=cursor)

    async def _view(self, agency_id: str, partnership: Partnership) -> AgreementView:
        return agreement_view(partnership, await self.programs.terms(agency_id, partnership.program_id))
