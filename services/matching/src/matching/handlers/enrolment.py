"""Enrolment's facts translated into matching's pool at the edge of the service.

The pool must not depend on the order the facts arrive in, and they do not arrive in order: the batched handlers
below take a batch's events beside the partition's in-order ones, and after a crash the relay publishes a fact
again, possibly behind the facts that followed it. A withdrawn participant must still never re-enter the pool.
So a withdrawal is remembered for good, as a tombstone keyed by the participant id and inserted once, and the pool
is read as everyone enrolled less the tombstoned (`CandidateStore.of_program`): an enrolment delivered late
inserts a candidate that the tombstone hides. A profile update is kept as a new version under its event's id, the
newest one counting. Every handler is unique-key inserts and reads nothing, so a batch of enrolments stays one
insert per programme. Handling each partition strictly in order was the other way, and was not taken: it would
give up the batched inserts, and a fact the relay publishes again late would still come out of order.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from matching.domain import Mentee, Mentor
from matching.stores import CandidateStore, PolicyChange, ProfileChange
from mentoring_contracts import (
    Envelope,
    Event,
    MenteeEnrolled,
    MentorEnrolled,
    ParticipantProfileUpdated,
    ParticipantWithdrawn,
    ProgramClosed,
    ProgramOpened,
    ProgramUpdated,
)
from mentoring_contracts.names import ParticipantRole, ProgramKind
from mentoring_runtime.consumer import Batched, Subscriber

E = TypeVar("E", bound=Event)
T = TypeVar("T")


class Pool:
    def __init__(self, candidates: CandidateStore) -> None:
        self.candidates = candidates

    async def on_program_opened(self, envelope: Envelope[ProgramOpened]) -> None:
        opened = envelope.payload
        group_size = opened.group_size if opened.kind is ProgramKind.GROUP else None
        await self.candidates.add_program(envelope.agency_id, opened.program_id, group_size)
        await self.on_policy_set(envelope)

    async def on_policy_set(self, envelope: Envelope[ProgramOpened] | Envelope[ProgramUpdated]) -> None:
        change = PolicyChange(str(envelope.event_id), envelope.occurred_at, envelope.payload.matching_policy)
        await self.candidates.set_policy(envelope.agency_id, envelope.payload.program_id, change)

    async def on_program_closed(self, envelope: Envelope[ProgramClosed]) -> None:
        await self.candidates.close_program(envelope.agency_id, envelope.payload.program_id)

    async def on_enrolled(self, envelopes: Sequence[Envelope[MentorEnrolled | MenteeEnrolled]]) -> None:
        for (agency_id, program_id), people in _per_programme(envelopes, lambda e: _enrolled(e.payload)).items():
            await self.candidates.add(agency_id, program_id, people)

    async def on_profile_updated(self, envelopes: Sequence[Envelope[ParticipantProfileUpdated]]) -> None:
        def change(envelope: Envelope[ParticipantProfileUpdated]) -> ProfileChange:
            return ProfileChange(str(envelope.event_id), envelope.occurred_at, _updated(envelope.payload))

        for (agency_id, program_id), changes in _per_programme(envelopes, change).items():
            await self.candidates.add_profiles(agency_id, program_id, changes)

    async def on_withdrawn(self, envelopes: Sequence[Envelope[ParticipantWithdrawn]]) -> None:
        for (agency_id, program_id), leaving in _per_programme(envelopes, lambda e: e.payload.participant_id).items():
            await self.candidates.withdraw(agency_id, program_id, leaving)

    def consumed(self) -> dict[type[Event], Subscriber]:
        """Each consumed event and its handler: adding one is one entry."""
        joining = Batched(self.on_enrolled)
        return {
            ProgramOpened: self.on_program_opened,
            ProgramUpdated: self.on_policy_set,
            ProgramClosed: self.on_program_closed,
            MentorEnrolled: joining,
            MenteeEnrolled: joining,
            ParticipantProfileUpdated: Batched(self.on_profile_updated),
            ParticipantWithdrawn: Batched(self.on_withdrawn),
        }


def _per_programme(
    envelopes: Sequence[Envelope[E]], item: Callable[[Envelope[E]], T]
) -> dict[tuple[str, str], list[T]]:
    """A batch's items grouped by the agency and programme they belong to: one write per programme."""
    grouped: dict[tuple[str, str], list[T]] = defaultdict(list)
    for envelope in envelopes:
        grouped[envelope.agency_id, envelope.payload.program_id].append(item(envelope))  # type: ignore[attr-defined]
    return grouped


def _enrolled(event: MentorEnrolled | MenteeEnrolled) -> Mentor | Mentee:
    if isinstance(event, MentorEnrolled):
        return _mentor(event, event.skills, event.capacity)
    return _mentee(event, event.desired_skills, event.goal_tags)


def _updated(event: ParticipantProfileUpdated) -> Mentor | Mentee:
    if event.role is ParticipantRole.MENTEE:
        return _mentee(event, event.desired_skills, event.goal_tags)
    if event.capacity is None:
        raise ValueError(
            f"the profile update of mentor {event.participant_id} has no capacity; enrolment must send a mentor's "
            "capacity with every profile update, as the contract's `capacity` field says"
        )
    return _mentor(event, event.skills, event.capacity)


Participant = MentorEnrolled | MenteeEnrolled | ParticipantProfileUpdated


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
        "location": facts.location_key,
    }
