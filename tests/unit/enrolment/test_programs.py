"""Programmes through enrolment's application service: drafted, opened, changed, closed, seen by whom."""

import pytest

from enrolment.bootstrap import wire
from mentoring_contracts.api import ProgramsQuery, UpdateProgram
from mentoring_contracts.names import ProgramStatus
from mentoring_runtime.errors import Conflict, Forbidden, NotFound
from tests.support.factories import caller, pair_matched, wrapped
from tests.support.people import design
from tests.unit.enrolment.conftest import Service

pytestmark = pytest.mark.unit


async def test_a_draft_is_published_only_when_it_opens(service: Service) -> None:
    programs = service.enrolment.programs
    program_id = await programs.create_program(caller(), design(duration_months=18))
    assert await service.published("ProgramOpened") == []
    opened = await programs.open_program(caller(), program_id)
    assert opened.status is ProgramStatus.OPEN
    [payload] = await service.published("ProgramOpened")
    assert (payload["program_id"], payload["duration_months"]) == (program_id, 18)
    assert "Leaders" not in str(payload)  # the name stays with enrolment


async def test_changes_to_an_open_programme_are_published_and_kept(service: Service) -> None:
    program_id = await service.open_program()
    cadence = {"meetings_per_month": 2, "hours_per_month": 3, "inactive_after_days": 60}
    view = await service.enrolment.programs.update_program(
        caller(), program_id, UpdateProgram(name="Leaders II", cadence=cadence)
    )
    assert (view.name, view.cadence.meetings_per_month) == ("Leaders II", 2)
    [update] = await service.published("ProgramUpdated")
    assert update["cadence"] == cadence
    with pytest.raises(Conflict, match="is open"):
        await service.enrolment.programs.update_program(caller(), program_id, UpdateProgram(kind="peer"))


async def test_the_first_pair_starts_a_programme_once(service: Service) -> None:
    program_id = await service.open_program()
    programs = service.enrolment.programs
    for _ in range(2):  # a redelivery changes nothing
        await programs.on_pair_matched(wrapped(pair_matched(program_id=program_id)))
    assert (await programs.get_program(caller(), program_id)).status is ProgramStatus.RUNNING
    assert len(await service.published("ProgramStarted")) == 1
    await programs.close_program(caller(), program_id)
    with pytest.raises(Conflict, match="is closed"):
        await programs.close_program(caller(), program_id)


async def test_mentors_and_mentees_see_only_programmes_taking_applications(service: Service) -> None:
    programs = service.enrolment.programs
    draft_id = await programs.create_program(caller(), design())
    open_id = await service.open_program()
    mentee = caller("agency-a", "p1", "mentee")
    listed = await programs.list_programs(mentee, ProgramsQuery())
    assert [program.id for program in listed.items] == [open_id]
    with pytest.raises(NotFound):
        await programs.get_program(mentee, draft_id)
    with pytest.raises(NotFound):
        await programs.get_program(caller("agency-b"), open_id)
    with pytest.raises(Forbidden):
        await programs.open_program(mentee, draft_id)


async def test_programmes_are_listed_a_page_at_a_time(service: Service) -> None:
    created = [await service.open_program() for _ in range(5)]
    programs, seen, cursor = service.enrolment.programs, [], None
    while True:
        page = await programs.list_programs(caller(), ProgramsQuery(limit=2, cursor=cursor))
        seen += [program.id for program in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == created


async def test_a_restarted_service_warmed_from_the_log_answers_without_reading_it_again(service: Service) -> None:
    first = await service.open_program("agency-a")
    second = await service.open_program("agency-b")
    application = await service.apply_self(first, "p1")
    restarted = wire(service.ports.log, service.ports.recorder, service.ports.spawn, service.clock)
    for aggregates in restarted.held:
        await aggregates.warm()

    def unread(agency_id: str) -> None:
        raise AssertionError(f"read the log for {agency_id} on demand")

    service.ports.log.for_agency = unread  # type: ignore[method-assign]
    assert (await restarted.programs.get_program(caller("agency-b"), second)).id == second
    assert (await restarted.applications.get_application(caller("agency-a"), application)).status == "pending"
    with pytest.raises(NotFound):
        await restarted.programs.get_program(caller("agency-b"), first)  # another agency's, as if missing
