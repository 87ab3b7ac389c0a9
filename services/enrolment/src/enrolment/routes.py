"""Enrolment's part of the public API, one handler per row of `mentoring_contracts.routes`."""

from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from enrolment.handlers import Enrolment
from mentoring_contracts import routes
from mentoring_contracts.api import Created, CreateProgram, EnrolParticipant
from mentoring_runtime.web import Caller, serves


@serves(routes.CREATE_PROGRAM)
async def create_program(
    data: JSONBody[CreateProgram], caller: NamedDependency[Caller], enrolment: NamedDependency[Enrolment]
) -> Created:
    return Created(id=await enrolment.create_program(caller, data))


@serves(routes.ENROL_PARTICIPANT)
async def enrol_participant(
    program_id: FromPath[str],
    data: JSONBody[EnrolParticipant],
    caller: NamedDependency[Caller],
    enrolment: NamedDependency[Enrolment],
) -> Created:
    return Created(id=await enrolment.enrol_participant(caller, program_id, data))


ROUTES = [create_program, enrol_participant]
