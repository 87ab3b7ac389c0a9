"""Enrolment's facts translated into matching's pool at the edge of the service, one handler per event."""

from typing import Any

from matching.domain import Mentee, Mentor
from matching.stores import CandidateStore
from mentoring_contracts import Envelope, Event, MenteeEnrolled, MentorEnrolled, ProgramOpened
from mentoring_runtime.consumer import Handler


class Pool:
    def __init__(self, candidates: CandidateStore) -> None:
        self.candidates = candidates

    async def on_program_opened(self, envelope: Envelope[ProgramOpened]) -> None:
        await self.candidates.add_program(envelope.agency_id, envelope.payload.program_id)

    async def on_mentor_enrolled(self, envelope: Envelope[MentorEnrolled]) -> None:
        event = envelope.payload
        mentor = Mentor(**_person(event), skills=frozenset(event.skills), capacity=event.capacity)
        await self.candidates.add_mentor(envelope.agency_id, event.program_id, mentor)

    async def on_mentee_enrolled(self, envelope: Envelope[MenteeEnrolled]) -> None:
        event = envelope.payload
        mentee = Mentee(**_person(event), desired_skills=frozenset(event.desired_skills))
        await self.candidates.add_mentee(envelope.agency_id, event.program_id, mentee)

    def consumed(self) -> dict[type[Event], Handler]:
        """Each consumed event and its handler: adding one is one entry."""
        return {
            ProgramOpened: self.on_program_opened,
            MentorEnrolled: self.on_mentor_enrolled,
            MenteeEnrolled: self.on_mentee_enrolled,
        }


def _person(event: MentorEnrolled | MenteeEnrolled) -> dict[str, Any]:
    """What matching keeps of anyone enrolled; grade, for instance, stays with enrolment."""
    return {
        "person_id": event.person_id,
        "participant_id": event.participant_id,
        "manager_id": event.manager_id,
        "department": event.department,
        "languages": event.languages,
    }
