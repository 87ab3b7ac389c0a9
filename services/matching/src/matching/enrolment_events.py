"""Translates enrolment's facts into matching's candidate view, at the edge of the service."""

from typing import Any

from matching.candidate_store import CandidateStore
from mentoring_contracts import Envelope, MenteeEnrolled, MentorEnrolled, ProgramOpened
from mentoring_runtime.consumer import Handler

# What matching needs of an enrolment; everything else (grade, for instance) stays with enrolment.
PERSON_FIELDS = ("program_id", "person_id", "department", "manager_id", "languages")


def enrolment_handlers(store: CandidateStore) -> dict[str, Handler]:
    async def program_opened(envelope: Envelope[ProgramOpened]) -> None:
        await store.add_program(envelope.payload.program_id, envelope.agency_id)

    async def mentor_enrolled(envelope: Envelope[MentorEnrolled]) -> None:
        event = envelope.payload
        fields = _person(envelope) | {"role": "mentor", "skills": list(event.skills), "capacity": event.capacity}
        await store.add_candidate(event.participant_id, fields)

    async def mentee_enrolled(envelope: Envelope[MenteeEnrolled]) -> None:
        event = envelope.payload
        fields = _person(envelope) | {"role": "mentee", "desired_skills": list(event.desired_skills)}
        await store.add_candidate(event.participant_id, fields)

    return {"ProgramOpened": program_opened, "MentorEnrolled": mentor_enrolled, "MenteeEnrolled": mentee_enrolled}


def _person(envelope: Envelope[MentorEnrolled] | Envelope[MenteeEnrolled]) -> dict[str, Any]:
    fields = envelope.payload.model_dump(mode="json", include=set(PERSON_FIELDS))
    return fields | {"agency_id": envelope.agency_id}
