"""Information sessions and profiles through enrolment's application services."""

from datetime import timedelta

import pytest

from mentoring_contracts.api import (
    Approve,
    InfoSessionsQuery,
    ProfilePatch,
    RecordAttendance,
    ScheduleInfoSession,
)
from mentoring_contracts.names import EligibilityRule
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from tests.support.factories import caller
from tests.support.people import design
from tests.unit.enrolment.conftest import Service

pytestmark = pytest.mark.unit

NEEDS_SESSION = design(info_session_required=True)


async def schedule(service: Service, program_id: str, capacity: int = 2) -> str:
    plan = ScheduleInfoSession(starts_at=service.clock.now + timedelta(days=1), location="Room 4", capacity=capacity)
    return await service.enrolment.sessions.schedule_info_session(caller(), program_id, plan)


async def test_attendance_makes_an_application_eligible_for_approval(service: Service) -> None:
    program_id = await service.open_program(program=NEEDS_SESSION)
    application_id = await service.apply_self(program_id, "p1")
    applications = service.enrolment.applications
    view = await applications.get_application(caller(), application_id)
    assert [unmet.rule for unmet in view.eligibility.unmet] == [EligibilityRule.INFO_SESSION]

    session_id = await schedule(service, program_id)
    await service.enrolment.sessions.register_for_info_session(caller("agency-a", "p1", "mentee"), session_id)
    with pytest.raises(Conflict, match="not started"):
        await service.enrolment.sessions.record_attendance(caller(), session_id, RecordAttendance(person_ids=["p1"]))
    service.clock.now += timedelta(days=2)
    recorded = await service.enrolment.sessions.record_attendance(
        caller(), session_id, RecordAttendance(person_ids=["p1", "p1"])
    )
    assert recorded.attended == 1
    approved = await applications.approve_application(caller(), application_id, Approve())
    assert approved.eligibility.eligible and not approved.exception


async def test_a_session_takes_registrations_up_to_its_capacity_once_each(service: Service) -> None:
    program_id = await service.open_program()
    session_id = await schedule(service, program_id, capacity=1)
    sessions = service.enrolment.sessions
    for _ in range(2):  # registering again is the same registration
        await sessions.register_for_info_session(caller("agency-a", "p1", "mentee"), session_id)
    with pytest.raises(Conflict, match="is full"):
        await sessions.register_for_info_session(caller("agency-a", "p2", "mentee"), session_id)
    [listed] = (
        await sessions.list_info_sessions(caller("agency-a", "p2", "mentee"), program_id, InfoSessionsQuery())
    ).items
    assert (listed.id, listed.registered, listed.location) == (session_id, 1, "Room 4")
    with pytest.raises(NotFound):
        await sessions.register_for_info_session(caller("agency-b", "p3", "mentee"), session_id)
    with pytest.raises(Forbidden):
        await sessions.record_attendance(
            caller("agency-a", "p1", "mentee"), session_id, RecordAttendance(person_ids=["p1"])
        )


async def test_a_session_needs_a_place(service: Service) -> None:
    program_id = await service.open_program()
    with pytest.raises(Invalid) as refused:
        await service.enrolment.sessions.schedule_info_session(
            caller(), program_id, ScheduleInfoSession(starts_at=service.clock.now, capacity=5)
        )
    assert refused.value.field == "location"


async def test_a_person_reads_and_changes_their_own_profile(service: Service) -> None:
    program_id = await service.open_program()
    me = caller("agency-a", "p1", "mentor")
    with pytest.raises(NotFound, match="no profile yet"):
        await service.enrolment.profiles.get_my_profile(me)
    application_id = await service.apply_self(program_id, "p1", "mentor")
    changed = await service.enrolment.profiles.update_my_profile(me, ProfilePatch(location="Lyon"))
    assert (changed.location, changed.name) == ("Lyon", "Person p1")
    assert await service.published("ParticipantProfileUpdated") == []  # nobody outside knows a pending applicant

    await service.enrolment.applications.approve_application(caller(), application_id, Approve())
    await service.enrolment.profiles.update_my_profile(me, ProfilePatch(time_zone="America/New_York"))
    [update] = await service.published("ParticipantProfileUpdated")
    assert (update["changed"], update["facts"]["time_zone"]) == (["time_zone"], "America/New_York")
    assert "Lyon" not in str(update)


async def test_a_profile_change_that_breaks_a_rule_changes_nothing(service: Service) -> None:
    program_id = await service.open_program()
    await service.apply_self(program_id, "p1", "mentor")
    me = caller("agency-a", "p1", "mentor")
    for patch, field in ((ProfilePatch(manager_id="p1"), "manager_id"), (ProfilePatch(name=None), "name")):
        with pytest.raises(Invalid) as refused:
            await service.enrolment.profiles.update_my_profile(me, patch)
        assert refused.value.field == field
    with pytest.raises(Invalid) as refused:
        await service.enrolment.profiles.update_my_profile(me, ProfilePatch(mentor=None))
    assert refused.value.field == "mentor"
    assert len(await service.ports.log.for_agency("agency-a").stream("person:agency-a:p1")) == 1
