"""Enrolling a mentor or a mentee: what each role must bring. Approved at once in this slice; screening comes later.

Contracts check the shape of a request; the rules about what a role needs live here, on plain values, so every
way into enrolment (the API today, imports and applications later) meets the same rules.
"""

from dataclasses import dataclass

from mentoring_contracts import MenteeEnrolled, MentorEnrolled
from mentoring_contracts.names import ParticipantRole
from mentoring_runtime.errors import Invalid


@dataclass(frozen=True)
class Person:
    person_id: str
    department: str
    grade: str
    languages: tuple[str, ...]
    manager_id: str | None = None


@dataclass(frozen=True)
class PersonalData:
    """Kept beside the fact in enrolment's own log and never published."""

    name: str
    email: str


def enrolment_stream(program_id: str, person_id: str) -> str:
    """One stream per person and programme: its unique first version is what stops a second enrolment."""
    return f"enrolment:{program_id}:{person_id}"


def enrol(
    program_id: str,
    participant_id: str,
    role: ParticipantRole,
    person: Person,
    *,
    skills: tuple[str, ...] | None = None,
    desired_skills: tuple[str, ...] | None = None,
    capacity: int | None = None,
) -> MentorEnrolled | MenteeEnrolled:
    """The enrolment fact, or Invalid naming the field that breaks the role's rules."""
    if person.manager_id == person.person_id:
        raise Invalid("`person.manager_id` cannot be the person themself", field="person.manager_id")
    common = {
        "program_id": program_id,
        "participant_id": participant_id,
        "person_id": person.person_id,
        "department": person.department,
        "grade": person.grade,
        "manager_id": person.manager_id,
        "languages": person.languages,
    }
    if role is ParticipantRole.MENTOR:
        if desired_skills is not None:
            raise Invalid("`desired_skills` is for mentees; a mentor lists `skills`", field="desired_skills")
        if not skills:
            raise Invalid("a mentor needs at least one skill in `skills`", field="skills")
        if capacity is None:
            raise Invalid("a mentor needs a `capacity` (how many mentees)", field="capacity")
        return MentorEnrolled(**common, skills=skills, capacity=capacity)
    if skills is not None or capacity is not None:
        raise Invalid("`skills` and `capacity` are for mentors; a mentee lists `desired_skills`", field="skills")
    if not desired_skills:
        raise Invalid("a mentee needs at least one skill in `desired_skills`", field="desired_skills")
    return MenteeEnrolled(**common, desired_skills=desired_skills)
