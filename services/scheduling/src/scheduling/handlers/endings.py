"""Ending partnerships: dissolved early by a member or the coordinator, or by a member's withdrawal from the
programme; closed at term with a final review. Matching gives the mentor's places back on either fact.

Once a partnership ended, each of its meetings still to come is cancelled (MeetingCancelled, by whoever ended it), so
that no calendar keeps a meeting that will not take place. A group member who leaves may have been the last one
whose signature the agreement waited for: those who stay all signed it, so it is signed then (AgreementSigned),
rather than waiting for a signature nobody is left to give. Both follow the ending as facts of their own, decided
again on every delivery of a withdrawal, so a redelivery completes what a crash in between left undone.
"""

from mentoring_contracts import Envelope, ParticipantWithdrawn
from mentoring_contracts.api import ClosePartnership, DissolvePartnership, PartnershipView
from mentoring_contracts.names import Role
from mentoring_runtime.aggregates import Decision
from mentoring_runtime.recording import Cause
from mentoring_runtime.web import Caller
from scheduling.domain.agreement import signed_by_all
from scheduling.domain.ending import close, dissolve, withdrawn
from scheduling.domain.partnership import Partnership
from scheduling.domain.schedule import cancelled_with_ending, still_to_come
from scheduling.handlers.agreements import agreement_signed
from scheduling.handlers.partnerships import Partnerships, acting_as_member


class Endings:
    def __init__(self, partnerships: Partnerships) -> None:
        self.reads = partnerships
        self.partnerships = partnerships.partnerships

    async def dissolve(self, caller: Caller, pair_id: str, request: DissolvePartnership) -> PartnershipView:
        coordinator = Role.COORDINATOR in caller.roles

        def decide(partnership: Partnership) -> Decision:
            return dissolve(partnership, caller.actor_id, coordinator, request)

        changed = await self.partnerships.change(caller.cause(), pair_id, decide, acting_as_member(caller))
        changed = await self._after_leaving(caller.cause(), changed, caller.actor_id)
        return await self.reads.view(caller.agency_id, changed)

    async def close(self, caller: Caller, pair_id: str, request: ClosePartnership) -> PartnershipView:
        coordinator = Role.COORDINATOR in caller.roles
        today = self.reads.clock().date()

        found = await self.partnerships.find(caller.agency_id, pair_id, acting_as_member(caller))
        terms = await self.reads.programs.terms(caller.agency_id, found.program_id)

        def decide(partnership: Partnership) -> Decision:
            term_ends = partnership.ends_on(terms.duration_months)
            return close(partnership, caller.actor_id, coordinator, request, term_ends, today)

        changed = await self.partnerships.change(caller.cause(), pair_id, decide, acting_as_member(caller))
        changed = await self._after_leaving(caller.cause(), changed, caller.actor_id)
        return await self.reads.view(caller.agency_id, changed)

    async def on_participant_withdrawn(self, envelope: Envelope[ParticipantWithdrawn]) -> None:
        """The person's partnerships in the programme end, or for a group member, their place in the group."""
        withdrawal = envelope.payload
        cause = Cause.of_event(envelope)
        for partnership in await self.partnerships.of_member(envelope.agency_id, withdrawal.person_id, former=True):
            if partnership.program_id != withdrawal.program_id:
                continue
            changed = await self.partnerships.change(
                cause, partnership.partnership_id, lambda current: _withdrawal(current, withdrawal.person_id)
            )
            await self._after_leaving(cause, changed, withdrawal.person_id)

    async def _after_leaving(self, cause: Cause, partnership: Partnership, by: str) -> Partnership:
        """What follows someone leaving: the meetings still to come of a partnership that ended are cancelled, and
        an agreement that every member who stays signed is complete."""
        partnership_id = partnership.partnership_id
        if partnership.ending is not None:
            for meeting_id in still_to_come(partnership, self.reads.clock()):

                def cancelled(current: Partnership, meeting_id: str = meeting_id) -> Decision:
                    event = cancelled_with_ending(current, meeting_id, by)
                    return (event, None) if event else None

                partnership = await self.partnerships.change(cause, partnership_id, cancelled)
            return partnership

        def signed(current: Partnership) -> Decision:
            if current.ending is not None or not signed_by_all(current.agreement, current.member_ids):
                return None
            return agreement_signed(current, self.reads.clock()), None

        return await self.partnerships.change(cause, partnership_id, signed)


def _withdrawal(partnership: Partnership, person_id: str) -> Decision:
    event = withdrawn(partnership, person_id)
    return (event, None) if event else None
