"""Enrolment's facts translated into matching's pool at the edge of the service."""

from collections import defaultdict
from collections.abc import Sequence

from matching.domain import Mentee, Mentor
from matching.stores import CandidateStore
from mentoring_contracts import Envelope, Event, MenteeEnrolled, MentorEnrolled, ProgramOpened
from mentoring_runtime.consumer import Batched, Subscriber


class Pool:
    def __init__(self, candidates: CandidateStore) -> None:
        self.candidates = candidates

    async def on_program_opened(self, envelope: Envelope[ProgramOpened]) -> None:
        await self.candidates.add_program(envelope.agency_id, envelope.payload.program_id)

    async def on_enrolled(self, envelopes: Sequence[Envelope[MentorEnrolled | MenteeEnrolled]]) -> None:
        """People join the pool in any order (until withdrawals exist): a batch is one insert per programme."""
        people: dict[tuple[str, str], list[Mentor | Mentee]] = defaultdict(list)
        for envelope in envelopes:
            people[envelope.agency_id, envelope.payload.program_id].append(_candidate(envelope.payload))
        for (agency_id, program_id), candidates in people.items():
            await self.candidates.add(agency_id, program_id, candidates)

    def consumed(self) -> dict[type[Event], Subscriber]:
        """Each consumed event and its handler: adding one is one entry."""
        joining = Batched(self.on_enrolled)
        return {ProgramOpened: self.on_program_opened, MentorEnrolled: joining, MenteeEnrolled: joining}


def _candidate(event: MentorEnrolled | MenteeEnrolled) -> Mentor | Mentee:
    """What matching keeps of anyone enrolled; grade, for instance, stays with enrolment."""
    person = {
        "person_id": event.person_id,
        "participant_id": event.participant_id,
        "manager_id": event.manager_id,
        "department": event.department,
        "languages": event.languages,
    }
    if isinstance(event, MentorEnrolled):
        return Mentor(**person, skills=frozenset(event.skills), capacity=event.capacity)
    return Mentee(**person, desired_skills=frozenset(event.desired_skills))
