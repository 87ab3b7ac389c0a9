"""Imports through enrolment's application service: rows applied in batches, re-imports, dry runs, approval."""

import pytest

from enrolment.bootstrap import wire
from enrolment.handlers import imports as importing
from mentoring_contracts.api import ApplicationsQuery, ImportQuery
from mentoring_contracts.names import ApplicationStatus, ImportStatus
from mentoring_runtime.errors import Conflict, Invalid, NotFound
from tests.support.factories import caller
from tests.support.import_files import import_file, mentee_row, mentor_row
from tests.support.people import design
from tests.unit.enrolment.conftest import Service

pytestmark = pytest.mark.unit

ROWS = [
    mentor_row("m1"),
    mentee_row("e1"),
    mentee_row("e2", months_of_service="2"),  # ineligible below
    mentee_row("e1"),  # the same person twice in one file
    mentee_row("e3", email="not-an-address"),
    mentee_row("e4", grade="g99"),  # not on the programme's scale
]
PROGRAM = design(grade_scale=["g6", "g7", "g8"], eligibility={"min_months_of_service": 12})


async def run_import(service: Service, program_id: str, rows=ROWS, dry_run: bool = False) -> str:
    import_id = await service.enrolment.imports.start_import(
        caller(), program_id, import_file(rows), ImportQuery(dry_run=dry_run)
    )
    await service.ports.run_spawned()
    return import_id


async def test_an_import_applies_good_rows_and_names_every_bad_one(service: Service, monkeypatch) -> None:
    monkeypatch.setattr(importing, "BATCH_ROWS", 2)  # several batches
    program_id = await service.open_program(program=PROGRAM)
    import_id = await run_import(service, program_id)
    view = await service.enrolment.imports.get_import(caller(), program_id, import_id)
    assert (view.status, view.rows_total, view.rows_done) == (ImportStatus.COMPLETED, 6, 6)
    assert (view.imported, view.already_present, view.eligible) == (3, 0, 2)
    assert sorted((row.row, row.field) for row in view.rejected) == [(5, "person_id"), (6, "email"), (7, "grade")]
    assert len(await service.published("ApplicationSubmitted")) == 3

    again = await run_import(service, program_id)
    view = await service.enrolment.imports.get_import(caller(), program_id, again)
    assert (view.imported, view.already_present) == (0, 3)
    assert len(await service.published("ApplicationSubmitted")) == 3  # nothing changed


async def test_a_dry_run_reports_without_writing(service: Service) -> None:
    program_id = await service.open_program(program=PROGRAM)
    import_id = await run_import(service, program_id, dry_run=True)
    view = await service.enrolment.imports.get_import(caller(), program_id, import_id)
    assert (view.dry_run, view.imported, view.eligible, len(view.rejected)) == (True, 3, 2, 3)
    assert await service.published("ApplicationSubmitted") == []
    with pytest.raises(Conflict, match="dry run"):
        await service.enrolment.imports.approve_eligible(caller(), program_id, import_id)


async def test_the_eligible_rows_of_an_import_are_approved_in_one_call(service: Service) -> None:
    program_id = await service.open_program(program=PROGRAM)
    import_id = await run_import(service, program_id)
    imports = service.enrolment.imports
    assert (await imports.approve_eligible(caller(), program_id, import_id)).approving == 2
    view = await imports.get_import(caller(), program_id, import_id)
    assert (view.approving, view.approved) == (True, 0)
    with pytest.raises(Conflict, match="still running"):
        await imports.approve_eligible(caller(), program_id, import_id)
    await service.ports.run_spawned()
    view = await imports.get_import(caller(), program_id, import_id)
    assert (view.approving, view.approved) == (False, 2)
    assert {event["person_id"] for event in await service.published("MentorEnrolled")} == {"m1"}
    assert {event["person_id"] for event in await service.published("MenteeEnrolled")} == {"e1"}
    assert (await imports.approve_eligible(caller(), program_id, import_id)).approving == 0
    assert service.ports.spawned == []  # nothing left to approve, nothing started
    pending = await service.enrolment.applications.list_applications(
        caller(), program_id, ApplicationsQuery(status=ApplicationStatus.PENDING)
    )
    assert [item.person_id for item in pending.items] == ["e2"]


async def test_a_file_that_cannot_be_read_is_refused_before_anything_is_written(service: Service) -> None:
    program_id = await service.open_program()
    with pytest.raises(Invalid) as refused:
        await service.enrolment.imports.start_import(caller(), program_id, b"\xff\xfe bad", ImportQuery())
    assert refused.value.field == "body"
    assert service.ports.spawned == []


async def test_an_import_cut_short_by_a_restart_is_reported_failed(service: Service) -> None:
    program_id = await service.open_program()
    import_id = await service.enrolment.imports.start_import(caller(), program_id, import_file(ROWS), ImportQuery())
    for run in service.ports.spawned:  # the process dies before the run does anything
        run.close()
    restarted = wire(service.ports.log, service.ports.recorder, service.ports.spawn, service.clock)
    view = await restarted.imports.get_import(caller(), program_id, import_id)
    assert view.status is ImportStatus.FAILED and "import the same file again" in view.failure
    with pytest.raises(NotFound):
        await restarted.imports.get_import(caller("agency-b"), program_id, import_id)


async def test_a_person_the_process_does_not_hold_is_read_and_decided_again(service: Service) -> None:
    first = await service.open_program()
    await service.apply_self(first, "e1")  # e1 has a profile already
    restarted = wire(service.ports.log, service.ports.recorder, service.ports.spawn, service.clock)
    second = await restarted.programs.create_program(caller(), design())
    await restarted.programs.open_program(caller(), second)
    import_id = await restarted.imports.start_import(
        caller(), second, import_file([mentee_row("e1", location="Lyon")]), ImportQuery()
    )
    await service.ports.run_spawned()
    view = await restarted.imports.get_import(caller(), second, import_id)
    assert (view.imported, view.rejected) == (1, [])
    stream = await service.ports.log.for_agency("agency-a").stream("person:agency-a:e1")
    assert [fact.version for fact in stream] == [1, 2]
    assert (await restarted.profiles.get_my_profile(caller("agency-a", "e1", "mentee"))).location == "Lyon"
