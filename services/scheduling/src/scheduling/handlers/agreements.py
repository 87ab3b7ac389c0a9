"""A partnership's agreement: read by the pair and the coordinator, proposed and signed by the pair, filed for the
coordinator by programme. The last signature makes the partnership active and is published as AgreementSigned. A
partnership that ended takes no more proposals or signatures: signing one would make it active again."""

from datetime import datetime

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
from mentoring_runtime.paging import page_kept
from mentoring_runtime.web import Caller
from scheduling.domain.access import readable_by
from scheduling.domain.agreement import propose, sign
from scheduling.domain.facts import AgreementSignedBy
from scheduling.domain.meeting import member_only, still_going
from scheduling.domain.partnership import Partnership
from scheduling.handlers.partnerships import Clock, acting_as_member
from scheduling.stores.partnerships import HeldPartnerships
from scheduling.stores.programs import HeldProgramTerms
from scheduling.views import agreement_view


class Agreements:
    def __init__(self, partnerships: HeldPartnerships, programs: HeldProgramTerms, clock: Clock) -> None:
        self.partnerships = partnerships
        self.programs = programs
        self.clock = clock

    async def agreement(self, caller: Caller, pair_id: str) -> AgreementView:
        partnership = await self.partnerships.find(caller.agency_id, pair_id, acting_as_member(caller))
        readable_by(partnership, caller.actor_id, Role.COORDINATOR in caller.roles, "read its agreement")
        return await self._view(caller.agency_id, partnership)

    async def propose(self, caller: Caller, pair_id: str, request: ProposeAgreement) -> AgreementView:
        terms = AgreementTerms.model_validate(request.model_dump(exclude={"based_on_version"}))

        def decide(partnership: Partnership) -> Decision:
            member_only(partnership, caller.actor_id, "propose its agreement")
            still_going(partnership, "its agreement no longer changes")
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
            still_going(partnership, "its agreement can no longer be signed")
            if not sign(partnership.agreement, caller.actor_id, request.version, partnership.member_ids):
                return AgreementSignedBy(pair_id=partnership.partnership_id, version=request.version,
                                         person_id=caller.actor_id), None  # fmt: skip
            return agreement_signed(partnership, self.clock()), None

        changed = await self.partnerships.change(caller.cause(), pair_id, decide, [caller.actor_id])
        return await self._view(caller.agency_id, changed)

    async def program_agreements(self, caller: Caller, program_id: str, query: AgreementsQuery) -> AgreementPage:
        """The programme's agreements, newest match first: the coordinator's file."""
        caller.require(Role.COORDINATOR)
        terms = await self.programs.terms(caller.agency_id, program_id)

        def kept(partnership_id: str) -> AgreementView | None:
            partnership = self.partnerships.held(caller.agency_id, partnership_id)
            if partnership is None or query.status not in (None, partnership.agreement.status):
                return None
            return agreement_view(partnership, terms)

        ids = await self.partnerships.of_program(caller.agency_id, program_id)
        items, cursor = page_kept(ids, query, kept)
        return AgreementPage(items=items, next_cursor=cursor)

    async def _view(self, agency_id: str, partnership: Partnership) -> AgreementView:
        return agreement_view(partnership, await self.programs.terms(agency_id, partnership.program_id))


def agreement_signed(partnership: Partnership, at: datetime) -> AgreementSigned:
    """The agreement's current version signed by every member, the last of them at `at`."""
    return AgreementSigned(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        version=partnership.agreement.version,
        mentor_id=partnership.mentor_id,
        mentee_ids=tuple(sorted(partnership.mentee_ids)),
        signed_at=at,
    )
