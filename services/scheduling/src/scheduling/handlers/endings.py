"""Ending partnerships: dissolved early by a member or the coordinator, or by a member's withdrawal from the
programme; closed at term with a final review. Matching gives the mentor's places back on either fact."""

from mentoring_contracts import Envelope, ParticipantWithdrawn
from mentoring_contracts.api import ClosePartnership, DissolvePartnership, PartnershipView
from mentoring_contracts.names import Role
from mentoring_runtime.aggregates import Decision
from mentoring_runtime.recording import Cause
from mentoring_runtime.web import Caller
from scheduling.domain.ending import close, dissolve, withdrawn
from scheduling.domain.partnership import Partnership
from scheduling.handlers.partnerships import Partnerships


class Endings:
    def __init__(self, partnerships: Partnerships) -> None:
        self.reads = partnerships
        self.partnerships = partnerships.partnerships

    async def dissolve(self, caller: Caller, pair_id: str, request: DissolvePartnership) -> PartnershipView:
        coordinator = Role.COORDINATOR in caller.roles

        def decide(partnership: Partnership) -> Decision:
            return dissolve(partnership, caller.actor_id, coordinator, request)

        changed = await self.partnerships.change(caller.cause(), pair_id, decide, [caller.actor_id])
        return await self.reads.view(caller.agency_id, changed)

    async def close(self, caller: Caller, pair_id: str, request: ClosePartnership) -> PartnershipView:
        coordinator = Role.COORDINATOR in caller.roles
        today = self.reads.clock().date()

        found = await self.partnerships.find(caller.agency_id, pair_id, [caller.actor_id])
        terms = await self.reads.programs.terms(caller.agency_id, found.program_id)

        def decide(partnership: Partnership) -> Decision:
            term_ends = partnership.ends_on(terms.duration_months)
            return close(partnership, caller.actor_id, coordinator, request, term_ends, today)

        changed = await self.partnerships.change(caller.cause(), pair_id, decide, [caller.actor_id])
        return await self.reads.view(caller.agency_id, changed)

    async def on_participant_withdrawn(self, envelope: Envelope[ParticipantWithdrawn]) -> None:
        """The person's partnerships in the programme end, or for a group member, their place in the group."""
        withdrawal = envelope.payload
        cause = Cause.of_event(envelope)
        for partnership in await self.partnerships.of_agency(envelope.agency_id):
            if partnership.program_id != withdrawal.program_id or not partnership.is_member(withdrawal.person_id):
                continue
            await self.partnerships.change(
                cause, partnership.partnership_id, lambda current: _withdrawal(current, withdrawal.person_id)
            )


def _withdrawal(partnership: Partnership, person_id: str) -> Decision:
    event = withdrawn(partnership, person_id)
    return (event, None) if event else None
