"""Enrolment's facts translated into matching's pool at the edge of the service."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

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
            people[envelope.agency_id, envelope.payload.program_id].append(_enrolled(envelope.payload))
        for (agency_id, program_id), candidates in people.items():
            await self.candidates.add(agency_id, program_id, candidates)

    def consumed(self) -> dict[type[Event], Subscriber]:
        """Each consumed event and its handler: adding one is one entry."""
        joining = Batched(self.on_enrolled)
        return {ProgramOpened: self.on_program_opened, MentorEnrolled: joining, MenteeEnrolled: joining}


def _enrolled(event: MentorEnrolled | MenteeEnrolled) -> Mentor | Mentee:
    if isinstance(event, MentorEnrolled):
        return _mentor(event, event.skills, event.capacity)
    return _mentee(event, event.desired_skills, event.goal_tags)


Participant = MentorEnrolled | MenteeEnrolled


def _mentor(event: Participant, skills: Sequence[str], capacity: int) -> Mentor:
    return Mentor(**_person(event), skills=frozenset(skills), capacity=capacity)


def _mentee(event: Participant, desired_skills: Sequence[str], goal_tags: Sequence[str]) -> Mentee:
    return Mentee(**_person(event), desired_skills=frozenset(desired_skills), goal_tags=frozenset(goal_tags))


def _person(event: Participant) -> dict[str, Any]:
    """What matching keeps of anyone enrolled; their grade's name, for instance, stays with enrolment."""
    facts = event.facts
    return {
        "person_id": event.person_id,
        "participant_id": event.participant_id,
        "manager_id": facts.manager_id,
        "department": facts.department,
        "languages": facts.languages,
        "grade_level": facts.grade_level,
        "time_zone": facts.time_zone,
        "conflicts": frozenset(facts.conflicts),
    }
