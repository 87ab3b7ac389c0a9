"""Enrolling a mentor or a mentee. Approved at once in this slice; screening comes later."""

from enrolment.domain.programs import Program
from mentoring_contracts import MenteeEnrolled, MentorEnrolled
from mentoring_contracts.api import EnrolParticipant


def enrolment_stream(program_id: str, person_id: str) -> str:
    """One stream per person and programme: its unique first version is what stops a second enrolment."""
    return f"enrolment:{program_id}:{person_id}"


def enrol(program: Program, participant_id: str, command: EnrolParticipant) -> MentorEnrolled | MenteeEnrolled:
    person = command.person
    common = {
        "program_id": program.program_id,
        "participant_id": participant_id,
        "person_id": person.id,
        "department": person.department,
        "grade": person.grade,
        "manager_id": person.manager_id,
        "languages": person.languages,
    }
    if command.role == "mentor":
        return MentorEnrolled(**common, skills=command.skills or (), capacity=command.capacity or 1)
    return MenteeEnrolled(**common, desired_skills=command.desired_skills or ())


def personal_data(command: EnrolParticipant) -> dict[str, str]:
    """Kept beside the fact in enrolment's own log and never published."""
    return {"name": command.person.name, "email": str(command.person.email)}
