"""Scheduling's application services: load what a decision needs, decide in the domain, record the fact."""

from uuid import uuid4

from mentoring_contracts import Envelope, Event, PairMatched
from mentoring_contracts.api import LogMeeting
from mentoring_runtime.consumer import Handler
from mentoring_runtime.errors import NotFound
from mentoring_runtime.recording import LATEST, EventRecorder
from mentoring_runtime.web import Caller
from scheduling.domain import MeetingNotes, Partnership, meeting_logged
from scheduling.stores import Partnerships


class Scheduling:
    def __init__(self, partnerships: Partnerships, recorder: EventRecorder) -> None:
        self.partnerships = partnerships
        self.recorder = recorder

    async def on_pair_matched(self, envelope: Envelope[PairMatched]) -> None:
        pair = envelope.payload
        partnership = Partnership(pair.pair_id, pair.program_id, envelope.agency_id, pair.mentor_id, pair.mentee_id)
        await self.partnerships.add(envelope.agency_id, partnership, envelope.occurred_at)

    async def log_meeting(self, caller: Caller, pair_id: str, request: LogMeeting) -> str:
        """Store the meeting, its notes beside it in the pair's stream, and return its id."""
        partnership = await self.partnerships.find(caller.agency_id, pair_id)
        if partnership is None:
            raise NotFound(f"no pair {pair_id!r} in your agency")
        event = meeting_logged(
            partnership,
            meeting_id=str(uuid4()),
            held_at=request.held_at,
            duration_minutes=request.duration_minutes,
            logged_by=caller.actor_id,
        )
        notes = MeetingNotes(notes=request.notes, author=caller.actor_id)
        # A meeting does not depend on the pair's earlier ones: append after the latest, whoever logs at once.
        await self.recorder.record(pair_id, event, caller.cause(), expected_version=LATEST, private=notes)
        return event.meeting_id


def consumed(scheduling: Scheduling) -> dict[type[Event], Handler]:
    """Each consumed event and its handler: adding one is one entry."""
    return {PairMatched: scheduling.on_pair_matched}
