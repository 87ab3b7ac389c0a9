"""Enrolment's rules on plain values: the programme's status machine, eligibility, and an application's life."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from enrolment.domain import applications, programs
from enrolment.domain.applications import Applicant, Application
from enrolment.domain.eligibility import unmet_rules
from enrolment.domain.facts import InfoSessionAttended, ProfileRecorded
from enrolment.domain.people import Person
from enrolment.domain.people import mutate as person_mutate
from enrolment.domain.programs import Program
from mentoring_contracts import MenteeEnrolled, MentorEnrolled
from mentoring_contracts.names import ApplicationStatus, EligibilityRule, ParticipantRole, ProgramStatus
from mentoring_runtime.errors import Conflict, Invalid
from mentoring_runtime.folding import Fact, fold
from tests.support.people import design, profile

pytestmark = pytest.mark.unit

NOW = datetime(2027, 3, 1, tzinfo=UTC)
STRICT = {
    "eligibility": {
        "min_months_of_service": 24,
        "good_standing_required": True,
        "allowed_grades": {"mentor": ["g8", "g9"]},
    },
    "info_session_required": True,
}


def program_in(status: ProgramStatus, **fields: object) -> Program:
    return Program("g1", status, design(**fields), "coord", NOW)


def person(person_id: str = "p1", role: str = "mentee", attended: datetime | None = None, **fields: object) -> Person:
    facts = [Fact(ProfileRecorded(person_id=person_id, profile=profile(person_id, role, **fields)), NOW)]
    if attended:
        facts.append(Fact(InfoSessionAttended(person_id=person_id, session_id="s1", held_at=attended), NOW))
    folded = fold(person_mutate, facts)
    assert folded is not None
    return folded


def submitted(role: ParticipantRole = ParticipantRole.MENTEE, **program_fields: object) -> Application:
    program = program_in(ProgramStatus.OPEN, **program_fields)
    event, submission = applications.submit(
        Applicant(program, person(role=role), role), "a1", by="p1", now=NOW, needs_assessment={}
    )
    folded = applications.mutate(None, Fact(event, NOW, submission.__dict__))
    return folded


@pytest.mark.parametrize(
    ("status", "act"),
    [
        (ProgramStatus.OPEN, programs.open_program),
        (ProgramStatus.RUNNING, programs.open_program),
        (ProgramStatus.DRAFT, programs.close),
        (ProgramStatus.CLOSED, programs.close),
    ],
)
def test_an_illegal_transition_is_a_conflict_naming_the_status(status: ProgramStatus, act) -> None:
    with pytest.raises(Conflict, match=f"is {status}"):
        act(program_in(status))


def test_a_programme_moves_draft_open_running_closed() -> None:
    program = program_in(ProgramStatus.DRAFT)
    for decide in (programs.open_program, programs.start, programs.close):
        event = decide(program)
        assert event is not None
        program = programs.mutate(program, Fact(event, NOW))
    assert program.status is ProgramStatus.CLOSED
    assert programs.start(program_in(ProgramStatus.RUNNING)) is None  # a later pair changes nothing


def test_an_open_programme_changes_only_its_words_cadence_and_policy() -> None:
    with pytest.raises(Conflict, match="open: duration_months can change only in a draft"):
        programs.redesign(program_in(ProgramStatus.OPEN), {"duration_months": 24})
    event, words = programs.redesign(program_in(ProgramStatus.RUNNING), {"name": "Leaders II"})
    assert type(event).__name__ == "ProgramUpdated"
    assert words.name == "Leaders II"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "group"}, "group_size"),
        ({"group_size": 4}, "group_size"),
        ({"grade_scale": ["g1", "g2"], "eligibility": {"allowed_grades": {"mentor": ["g9"]}}}, "eligibility"),
    ],
)
def test_a_design_that_contradicts_itself_is_invalid(fields: dict, field: str) -> None:
    with pytest.raises(Invalid) as refused:
        programs.draft("g1", design(**fields), "coord")
    assert refused.value.field.startswith(field)


@pytest.mark.parametrize("field", ["name", "matching_policy", "duration_months"])
def test_a_draft_cannot_lose_a_field_every_programme_has(field: str) -> None:
    with pytest.raises(Invalid) as refused:
        programs.redesign(program_in(ProgramStatus.DRAFT), {field: None})
    assert refused.value.field == field
    event, _ = programs.redesign(program_in(ProgramStatus.DRAFT, objectives="grow"), {"objectives": None})
    assert event.design.objectives is None  # a field that may be empty is removed


def test_eligibility_names_every_unmet_rule() -> None:
    strict = design(**STRICT)
    newcomer = person(role="mentor", months_of_service=3, good_standing=False, grade="g2")
    unmet = unmet_rules(strict, ParticipantRole.MENTOR, newcomer, NOW)
    assert [item.rule for item in unmet] == [
        EligibilityRule.MONTHS_OF_SERVICE,
        EligibilityRule.GOOD_STANDING,
        EligibilityRule.GRADE,
        EligibilityRule.INFO_SESSION,
    ]
    assert "needs 24 months of service; has 3" in unmet[0].message


def test_attendance_counts_for_twelve_months() -> None:
    strict = design(**STRICT)
    recent = person(role="mentee", attended=NOW - timedelta(days=300))
    stale = person(role="mentee", attended=NOW - timedelta(days=400))
    assert unmet_rules(strict, ParticipantRole.MENTEE, recent, NOW) == ()
    assert [u.rule for u in unmet_rules(strict, ParticipantRole.MENTEE, stale, NOW)] == [EligibilityRule.INFO_SESSION]


def test_an_ineligible_application_is_approved_only_as_a_justified_exception() -> None:
    application = submitted(ParticipantRole.MENTEE, **STRICT)
    applicant = Applicant(program_in(ProgramStatus.OPEN, **STRICT), person(), ParticipantRole.MENTEE)
    with pytest.raises(Invalid) as refused:
        applications.approve(application, applicant, by="coord", now=NOW, justification=None)
    assert refused.value.field == "exception_justification"
    event, approval = applications.approve(application, applicant, by="coord", now=NOW, justification="returning")
    assert isinstance(event, MenteeEnrolled) and event.exception
    approved = applications.mutate(application, Fact(event, NOW, approval.__dict__))
    assert approved.approval is not None and (approved.approval.by, approved.approval.reason) == ("coord", "returning")


def test_an_approved_mentor_is_enrolled_with_the_facts_of_their_profile() -> None:
    application = submitted(ParticipantRole.MENTOR, grade_scale=["g6", "g7", "g8"])
    program = program_in(ProgramStatus.OPEN, grade_scale=["g6", "g7", "g8"])
    event, _ = applications.approve(
        application,
        Applicant(program, person(role="mentor"), ParticipantRole.MENTOR),
        by="c",
        now=NOW,
        justification=None,
    )
    assert isinstance(event, MentorEnrolled)
    assert (event.capacity, event.facts.grade_level, event.facts.time_zone) == (2, 2, "Europe/Paris")
    assert not event.exception


@pytest.mark.parametrize(
    ("status", "act"),
    [
        (ApplicationStatus.APPROVED, lambda a: applications.reject(a, by="c", reason="no")),
        (ApplicationStatus.REJECTED, lambda a: applications.withdraw(a, by="c", by_coordinator=True, reason=None)),
        (ApplicationStatus.WITHDRAWN, lambda a: applications.reject(a, by="c", reason="no")),
    ],
)
def test_a_decided_application_refuses_what_its_status_does_not_allow(status: ApplicationStatus, act) -> None:
    with pytest.raises(Conflict, match=f"is {status}"):
        act(replace(submitted(), status=status))


def test_applying_to_a_draft_or_without_the_roles_profile_part_is_refused() -> None:
    with pytest.raises(Conflict, match="is draft"):
        applications.submit(
            Applicant(program_in(ProgramStatus.DRAFT), person(), ParticipantRole.MENTEE),
            "a1", by="p1", now=NOW, needs_assessment={},
        )  # fmt: skip
    with pytest.raises(Invalid) as refused:
        applications.submit(
            Applicant(program_in(ProgramStatus.OPEN), person(role="mentee"), ParticipantRole.MENTOR),
            "a1", by="p1", now=NOW, needs_assessment={},
        )  # fmt: skip
    assert refused.value.field == "profile.mentor"


def test_a_mentee_answers_every_required_question_and_no_other() -> None:
    questions = {"needs_assessment": [{"id": "goal", "text": "What do you want to learn?"}]}
    applicant = Applicant(program_in(ProgramStatus.OPEN, **questions), person(), ParticipantRole.MENTEE)
    for answers, field in (({}, "needs_assessment.goal"), ({"goal": "x", "other": "y"}, "needs_assessment.other")):
        with pytest.raises(Invalid) as refused:
            applications.submit(applicant, "a1", by="p1", now=NOW, needs_assessment=answers)
        assert refused.value.field == field


def test_a_profile_update_tells_only_what_changed_since_last_told() -> None:
    application = submitted(ParticipantRole.MENTOR)
    program = program_in(ProgramStatus.OPEN)
    enrolled, approval = applications.approve(
        application,
        Applicant(program, person(role="mentor"), ParticipantRole.MENTOR),
        by="c",
        now=NOW,
        justification=None,
    )
    approved = applications.mutate(application, Fact(enrolled, NOW, approval.__dict__))
    assert applications.profile_updated(approved, profile("p1", "mentor"), ()) is None
    moved = profile("p1", "mentor", time_zone="America/New_York", languages=["en", "fr"])
    update = applications.profile_updated(approved, moved, ())
    assert update is not None and set(update.changed) == {"time_zone", "languages"}
