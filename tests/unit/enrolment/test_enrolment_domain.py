from dataclasses import asdict

import pytest

from enrolment.domain import Person, ProgramRecord, enrol, open_program, program_from
from mentoring_contracts import MenteeEnrolled, MentorEnrolled
from mentoring_contracts.names import ParticipantRole, ProgramKind
from mentoring_runtime.errors import Invalid, NotFound
from tests.support.factories import CADENCE

pytestmark = pytest.mark.unit

ADA = Person(person_id="p1", department="finance", grade="g7", languages=("en",), manager_id="boss")


def test_a_mentor_brings_skills_and_a_capacity() -> None:
    event = enrol("g1", "pt1", ParticipantRole.MENTOR, ADA, skills=("sql",), capacity=2)
    assert isinstance(event, MentorEnrolled)
    assert (event.person_id, event.skills, event.capacity, event.manager_id) == ("p1", ("sql",), 2, "boss")


def test_a_mentee_brings_desired_skills() -> None:
    event = enrol("g1", "pt1", ParticipantRole.MENTEE, ADA, desired_skills=("sql",))
    assert isinstance(event, MenteeEnrolled)
    assert event.desired_skills == ("sql",)


@pytest.mark.parametrize(
    ("role", "fields", "field", "message"),
    [
        (ParticipantRole.MENTOR, {"capacity": 2}, "skills", "a mentor needs at least one skill"),
        (ParticipantRole.MENTOR, {"skills": ("sql",)}, "capacity", "a mentor needs a `capacity`"),
        (
            ParticipantRole.MENTOR,
            {"skills": ("a",), "capacity": 1, "desired_skills": ("b",)},
            "desired_skills",
            "for mentees",
        ),
        (ParticipantRole.MENTEE, {}, "desired_skills", "a mentee needs at least one skill"),
        (ParticipantRole.MENTEE, {"desired_skills": ("a",), "capacity": 1}, "skills", "are for mentors"),
    ],
)
def test_each_role_is_told_what_it_lacks_or_must_not_send(role, fields, field, message) -> None:
    with pytest.raises(Invalid, match=message) as refused:
        enrol("g1", "pt1", role, ADA, **fields)
    assert refused.value.field == field


def test_nobody_manages_themself() -> None:
    own_manager = Person(person_id="p1", department="d", grade="g", languages=("en",), manager_id="p1")
    with pytest.raises(Invalid, match="cannot be the person themself") as refused:
        enrol("g1", "pt1", ParticipantRole.MENTEE, own_manager, desired_skills=("sql",))
    assert refused.value.field == "person.manager_id"


def test_a_programme_is_rebuilt_from_its_stream() -> None:
    opened, record = open_program("g1", name="Leaders", kind=ProgramKind.ONE_TO_ONE, cadence=CADENCE, created_by="c1")
    assert record == ProgramRecord(name="Leaders", created_by="c1")
    program = program_from("g1", [(opened, asdict(record))])
    assert (program.program_id, program.name, program.kind, program.cadence) == ("g1", "Leaders", "one_to_one", CADENCE)


def test_an_empty_stream_is_a_programme_that_does_not_exist() -> None:
    with pytest.raises(NotFound, match="no programme g1"):
        program_from("g1", [])
