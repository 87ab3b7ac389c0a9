"""Applications through enrolment's application service: who may apply, screening, decisions, withdrawal."""

import pytest

from enrolment.bootstrap import wire
from enrolment.handlers.applications import AlreadyApplied
from mentoring_contracts.api import ApplicationsQuery, Apply, Approve, EnrolParticipant, Reject, Withdraw
from mentoring_contracts.names import ApplicationStatus, EligibilityRule
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from tests.support.factories import caller
from tests.support.people import design, profile
from tests.unit.enrolment.conftest import Service

pytestmark = pytest.mark.unit

SENIOR_ONLY = design(eligibility={"min_months_of_service": 60})


async def test_an_application_is_screened_then_approved_into_the_pool(service: Service) -> None:
    program_id = await service.open_program()
    application_id = await service.apply_self(program_id, "p1", "mentor")
    view = await service.enrolment.applications.get_application(caller("agency-a", "p1", "mentor"), application_id)
    assert (view.status, view.eligibility.eligible, view.profile.name) == ("pending", True, "Person p1")
    [submitted] = await service.published("ApplicationSubmitted")
    assert submitted["eligible"] and "Person p1" not in str(submitted)
    assert await service.published("MentorEnrolled") == []

    approved = await service.enrolment.applications.approve_application(caller(), application_id, Approve())
    assert (approved.status, approved.approval.by, approved.exception) == ("approved", "coord-1", False)
    [enrolled] = await service.published("MentorEnrolled")
    assert (enrolled["participant_id"], enrolled["capacity"]) == (application_id, 2)


async def test_an_exception_records_its_justification_and_who_approved_it(service: Service) -> None:
    program_id = await service.open_program(program=SENIOR_ONLY)
    application_id = await service.apply_self(program_id, "p1")
    view = await service.enrolment.applications.get_application(caller(), application_id)
    assert [(u.rule, u.message) for u in view.eligibility.unmet] == [
        (EligibilityRule.MONTHS_OF_SERVICE, "needs 60 months of service; has 36")
    ]
    with pytest.raises(Invalid, match="exception_justification|needs 60 months") as refused:
        await service.enrolment.applications.approve_application(caller(), application_id, Approve())
    assert refused.value.field == "exception_justification"
    approved = await service.enrolment.applications.approve_application(
        caller("agency-a", "coord-2"), application_id, Approve(exception_justification="acting head of unit")
    )
    assert approved.exception and (approved.approval.by, approved.approval.reason) == ("coord-2", "acting head of unit")
    [enrolled] = await service.published("MenteeEnrolled")
    assert enrolled["exception"] is True


async def test_a_coordinator_applies_for_someone_and_rejects_with_a_reason(service: Service) -> None:
    program_id = await service.open_program()
    body = Apply(role="mentee", person_id="p9", profile=profile("p9"))
    application_id = await service.enrolment.applications.apply(caller(), program_id, body)
    rejected = await service.enrolment.applications.reject_application(caller(), application_id, Reject(reason="full"))
    assert (rejected.status, rejected.rejection.reason, rejected.submitted_by) == ("rejected", "full", "coord-1")
    with pytest.raises(Conflict, match="is rejected"):
        await service.enrolment.applications.approve_application(caller(), application_id, Approve())


async def test_who_may_apply_for_whom(service: Service) -> None:
    program_id = await service.open_program()
    applications = service.enrolment.applications
    with pytest.raises(Forbidden, match="role mentor"):
        await applications.apply(
            caller("agency-a", "p1", "mentee"), program_id, Apply(role="mentor", profile=profile("p1", "mentor"))
        )
    with pytest.raises(Forbidden):
        await applications.apply(
            caller("agency-a", "p1", "mentee"), program_id, Apply(role="mentee", person_id="p2", profile=profile("p2"))
        )
    with pytest.raises(Invalid) as refused:
        await applications.apply(caller(), program_id, Apply(role="mentee", profile=profile("p3")))
    assert refused.value.field == "person_id"
    with pytest.raises(Invalid) as refused:
        await applications.apply(caller("agency-a", "p4", "mentee"), program_id, Apply(role="mentee"))
    assert refused.value.field == "profile"
    with pytest.raises(NotFound):
        await applications.apply(
            caller("agency-b", "p5", "mentee"), program_id, Apply(role="mentee", profile=profile("p5"))
        )
    assert await service.ports.log.outbox() == [
        entry for entry in await service.ports.log.outbox() if entry["envelope"]["event_type"] == "ProgramOpened"
    ]


async def test_a_person_applies_once_and_a_retry_finds_the_first(service: Service) -> None:
    program_id = await service.open_program()
    first = await service.apply_self(program_id, "p1")
    with pytest.raises(AlreadyApplied, match="p1 already applied"):
        await service.apply_self(program_id, "p1")
    retried = caller("agency-a", "p2", "mentee", request_key="k1")
    body = Apply(role="mentee", profile=profile("p2"))
    assert await service.enrolment.applications.apply(
        retried, program_id, body
    ) == await service.enrolment.applications.apply(retried, program_id, body)
    assert len(await service.published("ApplicationSubmitted")) == 2
    assert first


async def test_withdrawal_by_the_applicant_or_a_coordinator(service: Service) -> None:
    program_id = await service.open_program()
    applications = service.enrolment.applications
    own = await service.apply_self(program_id, "p1")
    await applications.approve_application(caller(), own, Approve())
    with pytest.raises(Forbidden):
        await applications.withdraw_application(caller("agency-a", "p2", "mentee"), own, Withdraw())
    withdrawn = await applications.withdraw_application(
        caller("agency-a", "p1", "mentee"), own, Withdraw(reason="moved")
    )
    assert (withdrawn.status, withdrawn.withdrawal.reason) == ("withdrawn", "moved")
    other = await service.apply_self(program_id, "p3")
    await applications.withdraw_application(caller(), other, Withdraw(reason="left the agency"))
    by_self, by_coordinator = await service.published("ParticipantWithdrawn")
    assert (by_self["by_coordinator"], by_coordinator["by_coordinator"]) == (False, True)
    assert "moved" not in str(by_self)


async def test_applications_are_listed_by_status_a_page_at_a_time(service: Service) -> None:
    program_id = await service.open_program()
    ids = [await service.apply_self(program_id, f"p{n}") for n in range(5)]
    await service.enrolment.applications.reject_application(caller(), ids[1], Reject(reason="no"))
    applications, seen, cursor = service.enrolment.applications, [], None
    while True:
        page = await applications.list_applications(
            caller(), program_id, ApplicationsQuery(limit=2, cursor=cursor, status="pending")
        )
        seen += [item.id for item in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [ids[0], *ids[2:]]
    with pytest.raises(Forbidden):
        await applications.list_applications(caller("agency-a", "p0", "mentee"), program_id, ApplicationsQuery())
    with pytest.raises(Invalid) as refused:
        await applications.list_applications(caller(), program_id, ApplicationsQuery(cursor="not-from-here"))
    assert refused.value.field == "cursor"


async def test_the_coordinators_shortcut_enrols_and_approves_at_once(service: Service) -> None:
    program_id = await service.open_program()
    person = {
        "id": "p1",
        "name": "Ada",
        "email": "ada@agency.example",
        "department": "finance",
        "grade": "g7",
        "languages": ["en"],
    }
    body = EnrolParticipant(role="mentor", person=person, skills=["sql"], capacity=2)
    participant_id = await service.enrolment.applications.enrol_participant(caller(request_key="k"), program_id, body)
    assert (
        await service.enrolment.applications.enrol_participant(caller(request_key="k"), program_id, body)
        == participant_id
    )
    with pytest.raises(AlreadyApplied):
        await service.enrolment.applications.enrol_participant(caller(), program_id, body)
    [enrolled] = await service.published("MentorEnrolled")
    assert enrolled["participant_id"] == participant_id
    view = await service.enrolment.applications.get_application(caller(), participant_id)
    assert view.status is ApplicationStatus.APPROVED


async def test_a_refused_application_changes_nothing(service: Service) -> None:
    program_id = await service.open_program(program=design(needs_assessment=[{"id": "goal", "text": "Why?"}]))
    with pytest.raises(Invalid):
        await service.apply_self(program_id, "p1")  # no answer to the required question
    assert await service.ports.log.for_agency("agency-a").stream("person:agency-a:p1") == []


async def test_a_restarted_process_reads_the_agencys_applications_once_and_lists_them_in_order(
    service: Service,
) -> None:
    program_id = await service.open_program()
    ids = [await service.apply_self(program_id, f"p{n}") for n in range(3)]
    restarted = wire(service.ports.log, service.ports.recorder, service.ports.spawn, service.clock)
    listed = await restarted.applications.list_applications(caller(), program_id, ApplicationsQuery())
    assert [item.id for item in listed.items] == ids
    assert [item.profile.name for item in listed.items] == ["Person p0", "Person p1", "Person p2"]
    fourth = await restarted.applications.apply(
        caller("agency-a", "p3", "mentee"), program_id, Apply(role="mentee", profile=profile("p3"))
    )
    listed = await restarted.applications.list_applications(caller(), program_id, ApplicationsQuery())
    assert [item.id for item in listed.items] == [*ids, fourth]
