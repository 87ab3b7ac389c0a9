"""Scheduling's application services: load what a decision needs, decide in the domain, record the fact.

A pair's and a group's partnerships are found by the id their meetings are logged under, and a group also by any
member's pair id. A group held in memory is right about everyone it knows; before refusing someone it does not know,
it is read again, so a member who joined a moment ago, told to another instance, is not turned away.
"""

from collections.abc import Iterable
from uuid import uuid4

from mentoring_contracts import Envelope, Event, GroupFormed, PairMatched
from mentoring_contracts.api import LogMeeting, PartnershipView
from mentoring_runtime.consumer import Handler
from mentoring_runtime.errors import NotFound
from mentoring_runtime.recording import LATEST, EventRecorder
from mentoring_runtime.web import Caller
from scheduling.domain import MeetingNotes, Partnership, meeting_logged, member_only, memberships
from scheduling.stores import Partnerships


class Scheduling:
    def __init__(self, partnerships: Partnerships, recorder: EventRecorder) -> None:
        self.partnerships = partnerships
        self.recorder = recorder

    async def on_pair_matched(self, envelope: Envelope[PairMatched]) -> None:
        await self.partnerships.add_pair(envelope.agency_id, envelope.payload, envelope.occurred_at)

    async def on_group_formed(self, envelope: Envelope[GroupFormed]) -> None:
        await self.partnerships.add_members(envelope.agency_id, memberships(envelope.payload), envelope.occurred_at)

    async def partnership(self, caller: Caller, pair_id: str) -> PartnershipView:
        """The partnership, for its mentor and mentees only."""
        partnership = await self._deciding_on(caller, pair_id, [caller.actor_id])
        member_only(partnership, caller.actor_id, "see it")
        return PartnershipView(
            id=partnership.partnership_id,
            program_id=partnership.program_id,
            group_id=partnership.group_id,
            mentor_id=partnership.mentor_id,
            mentee_ids=sorted(partnership.mentee_ids),
        )

    async def log_meeting(self, caller: Caller, pair_id: str, request: LogMeeting) -> str:
        """Store the meeting, its notes beside it in the partnership's stream, and return its id."""
        partnership = await self._deciding_on(caller, pair_id, [caller.actor_id, *(request.attendee_ids or ())])
        event = meeting_logged(
            partnership,
            meeting_id=str(uuid4()),
            held_at=request.held_at,
            duration_minutes=request.duration_minutes,
            logged_by=caller.actor_id,
            attendee_ids=request.attendee_ids,
        )
        notes = MeetingNotes(notes=request.notes, author=caller.actor_id)
        # A meeting does not depend on the partnership's earlier ones: append after the latest, whoever logs at once.
        stream = partnership.partnership_id
        await self.recorder.record(stream, event, caller.cause(), expected_version=LATEST, private=notes)
        return event.meeting_id

    async def _deciding_on(self, caller: Caller, pair_id: str, people: Iterable[str]) -> Partnership:
        """The partnership, current about `people`: a group that does not know one of them is read again first."""
        partnership = await self.partnerships.find(caller.agency_id, pair_id)
        if partnership is None:
            raise NotFound(f"no pair or group {pair_id!r} in your agency")
        if not partnership.knows(people):
            partnership = await self.partnerships.refreshed(partnership)
        return partnership


def consumed(scheduling: Scheduling) -> dict[type[Event], Handler]:
    """Each consumed event and its handler: adding one is one entry."""
    return {PairMatched: scheduling.on_pair_matched, GroupFormed: scheduling.on_group_formed}
