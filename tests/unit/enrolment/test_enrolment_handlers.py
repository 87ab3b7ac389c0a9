"""Enrolment's application services on in-memory ports: what they record, and what they refuse."""

import pytest

from enrolment.handlers import AlreadyEnrolled, Enrolment
from mentoring_contracts.api import CreateProgram, EnrolParticipant
from mentoring_runtime.errors import Forbidden, Invalid, NotFound
from tests.support.factories import caller
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit

PROGRAM = CreateProgram(name="Leaders", kind="one_to_one", cadence={"meetings_per_month": 1, "hours_per_month": 2})
PERSON = {
    "id": "p1",
    "name": "Ada",
    "email": "ada@example.org",
    "department": "finance",
    "grade": "g7",
    "languages": ["en"],
}
MENTOR = EnrolParticipant(role="mentor", person=PERSON, skills=["sql"], capacity=2)


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("enrolment")


@pytest.fixture
def enrolment(ports: MemoryPorts) -> Enrolment:
    return Enrolment(ports.log, ports.recorder)


async def test_a_programme_is_opened_with_its_name_kept_private(enrolment: Enrolment, ports: MemoryPorts) -> None:
    program_id = await enrolment.create_program(caller("agency-a", "c1"), PROGRAM)
    [fact] = await ports.log.for_agency("agency-a").stream(program_id)
    assert fact.event_type == "ProgramOpened"
    assert fact.private == {"name": "Leaders", "created_by": "c1"}
    assert "Leaders" not in str(fact.envelope)
    assert (await enrolment.program(caller("agency-a"), program_id)).name == "Leaders"


async def test_only_a_coordinator_opens_programmes_or_enrols(enrolment: Enrolment, ports: MemoryPorts) -> None:
    program_id = await enrolment.create_program(caller(), PROGRAM)
    with pytest.raises(Forbidden, match="the role coordinator"):
        await enrolment.create_program(caller("agency-a", "m1", "mentor"), PROGRAM)
    with pytest.raises(Forbidden):
        await enrolment.enrol_participant(caller("agency-a", "m1", "mentee"), program_id, MENTOR)


async def test_a_person_enrols_once_per_programme(enrolment: Enrolment, ports: MemoryPorts) -> None:
    program_id = await enrolment.create_program(caller(), PROGRAM)
    participant_id = await enrolment.enrol_participant(caller(), program_id, MENTOR)
    with pytest.raises(AlreadyEnrolled, match="person p1 is already enrolled"):
        await enrolment.enrol_participant(caller(), program_id, MENTOR)
    [fact] = await ports.log.for_agency("agency-a").facts("MentorEnrolled", program_id=program_id)
    assert fact.payload["participant_id"] == participant_id
    assert fact.private == {"name": "Ada", "email": "ada@example.org"}


async def test_another_agencys_programme_is_not_found(enrolment: Enrolment) -> None:
    program_id = await enrolment.create_program(caller("agency-a"), PROGRAM)
    with pytest.raises(NotFound):
        await enrolment.enrol_participant(caller("agency-b"), program_id, MENTOR)
    with pytest.raises(NotFound):
        await enrolment.enrol_participant(caller("agency-a"), "no-such-programme", MENTOR)


async def test_a_role_without_what_it_needs_is_refused_and_nothing_is_stored(
    enrolment: Enrolment, ports: MemoryPorts
) -> None:
    program_id = await enrolment.create_program(caller(), PROGRAM)
    mentee_with_skills = EnrolParticipant(role="mentee", person=PERSON, skills=["sql"], desired_skills=["sql"])
    with pytest.raises(Invalid) as refused:
        await enrolment.enrol_participant(caller(), program_id, mentee_with_skills)
    assert refused.value.field == "skills"
    assert await ports.log.for_agency("agency-a").facts("MenteeEnrolled", program_id=program_id) == []


async def test_a_retried_request_with_its_key_finds_its_first_write_instead_of_repeating_it(
    enrolment: Enrolment, ports: MemoryPorts
) -> None:
    program_id = await enrolment.create_program(caller(request_key="k1"), PROGRAM)
    assert await enrolment.create_program(caller(request_key="k1"), PROGRAM) == program_id
    assert await enrolment.create_program(caller(request_key="k2"), PROGRAM) != program_id
    assert len(await ports.log.for_agency("agency-a").stream(program_id)) == 1

    participant_id = await enrolment.enrol_participant(caller(request_key="k3"), program_id, MENTOR)
    assert await enrolment.enrol_participant(caller(request_key="k3"), program_id, MENTOR) == participant_id
    with pytest.raises(AlreadyEnrolled):  # the same person by another request is still refused
        await enrolment.enrol_participant(caller(request_key="k4"), program_id, MENTOR)
    assert len(await ports.log.for_agency("agency-a").facts("MentorEnrolled", program_id=program_id)) == 1
