"""Test data built one way everywhere: events with sensible defaults, overridable field by field."""

from typing import Any
from uuid import uuid4

from mentoring_contracts import (
    Cadence,
    EligibilityRules,
    Envelope,
    GroupFormed,
    MatchingPolicy,
    MeetingLogged,
    MenteeEnrolled,
    MentorEnrolled,
    PairMatched,
    ParticipantFacts,
    ParticipantProfileUpdated,
    ParticipantWithdrawn,
    ProgramClosed,
    ProgramOpened,
)
from mentoring_contracts.names import MatchMode, ParticipantRole, ProgramKind
from mentoring_runtime.web import Caller

CADENCE = Cadence(meetings_per_month=2, hours_per_month=2)

Enrolled = MentorEnrolled | MenteeEnrolled


def pair_matched(pair_id: str = "p1", **fields: Any) -> PairMatched:
    values = {
        "program_id": "g1", "mode": MatchMode.RUN, "run_id": "r1", "mentor_id": "mentor", "mentee_id": "mentee",
        "score": 80.0,
    }  # fmt: skip
    return PairMatched(pair_id=pair_id, **{**values, **fields})


def group_formed(group_id: str = "grp1", mentees: str = "e1 e2", **fields: Any) -> GroupFormed:
    """A group of a group programme as matching tells it: mentor "mentor" and the mentees named, space-separated."""
    values = {"program_id": "g1", "mentor_id": "mentor"}
    return GroupFormed(group_id=group_id, mentee_ids=tuple(mentees.split()), **{**values, **fields})


def program_opened(program_id: str = "g1", **fields: Any) -> ProgramOpened:
    values = {
        "kind": ProgramKind.ONE_TO_ONE,
        "duration_months": 12,
        "cadence": CADENCE,
        "matching_policy": MatchingPolicy(),
        "eligibility": EligibilityRules(),
        "grade_scale": (),
    }
    return ProgramOpened(program_id=program_id, **{**values, **fields})


def program_closed(program_id: str = "g1") -> ProgramClosed:
    return ProgramClosed(program_id=program_id)


def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields of `ParticipantFacts` (department, time_zone, ...) among `fields`, and the others."""
    facts = {name: value for name, value in fields.items() if name in ParticipantFacts.model_fields}
    return facts, {name: value for name, value in fields.items() if name not in facts}


def _person(program_id: str, person_id: str, manager_id: str | None, **fields: Any) -> dict[str, Any]:
    """An enrolment's common part: a field of `ParticipantFacts` goes into its facts, any other (participant_id,
    exception, goal_tags) beside them."""
    facts, others = _split(fields)
    defaults = {"department": "digital", "grade": "g7", "manager_id": manager_id, "languages": ("en",)}
    values = {
        "program_id": program_id,
        "participant_id": str(uuid4()),
        "person_id": person_id,
        "facts": ParticipantFacts(**{**defaults, **facts}),
        "exception": False,
    }
    return {**values, **others}


def mentor_enrolled(
    person_id: str, skills: str = "python", capacity: int = 1, *, program_id: str = "g1", manager_id: str | None = None,
    **fields: Any,
) -> MentorEnrolled:  # fmt: skip
    person = _person(program_id, person_id, manager_id, **fields)
    return MentorEnrolled(**person, skills=tuple(skills.split()), capacity=capacity)


def mentee_enrolled(
    person_id: str, wants: str = "python", *, program_id: str = "g1", manager_id: str | None = None, **fields: Any
) -> MenteeEnrolled:
    return MenteeEnrolled(**_person(program_id, person_id, manager_id, **fields), desired_skills=tuple(wants.split()))


def _ids(enrolled: Enrolled) -> dict[str, Any]:
    """What a later event of the same participant repeats of their enrolment: ids and role."""
    role = ParticipantRole.MENTOR if isinstance(enrolled, MentorEnrolled) else ParticipantRole.MENTEE
    return {
        "program_id": enrolled.program_id,
        "participant_id": enrolled.participant_id,
        "person_id": enrolled.person_id,
        "role": role,
    }


def participant_withdrawn(enrolled: Enrolled, by_coordinator: bool = False) -> ParticipantWithdrawn:
    """The withdrawal of the participant `enrolled` enrolled."""
    return ParticipantWithdrawn(**_ids(enrolled), by_coordinator=by_coordinator)


def profile_updated(enrolled: Enrolled, **changes: Any) -> ParticipantProfileUpdated:
    """The profile of the participant `enrolled` enrolled, with `changes` made: fields of `ParticipantFacts` by
    name, or a mentor's skills and capacity, a mentee's desired_skills and goal_tags."""
    changed_facts, changed_others = _split(changes)
    facts = ParticipantFacts(**{**enrolled.facts.model_dump(), **changed_facts})
    if isinstance(enrolled, MentorEnrolled):
        role_fields: dict[str, Any] = {"skills": enrolled.skills, "capacity": enrolled.capacity}
    else:
        role_fields = {"desired_skills": enrolled.desired_skills, "goal_tags": enrolled.goal_tags}
    role_fields.update(changed_others)
    return ParticipantProfileUpdated(**_ids(enrolled), facts=facts, **role_fields, changed=tuple(changes))


def meeting_logged(pair_id: str = "p1", minutes: int = 45, **fields: Any) -> MeetingLogged:
    values = {"meeting_id": str(uuid4()), "program_id": "g1", "held_at": "2026-03-02T10:00:00Z", "logged_by": "mentee"}
    return MeetingLogged(pair_id=pair_id, duration_minutes=minutes, **{**values, **fields})


def wrapped(event: Any, agency_id: str = "agency-a", producer: str = "test") -> Envelope[Any]:
    return Envelope.wrap(event, agency_id=agency_id, producer=producer)


def caller(
    agency_id: str = "agency-a", actor_id: str = "coord-1", *roles: str, request_key: str | None = None
) -> Caller:
    """Who calls a service, as the gateway forwards it: a coordinator of agency-a unless told otherwise."""
    return Caller(agency_id, actor_id, frozenset(roles or ("coordinator",)), str(uuid4()), request_key)
