"""Internal HTTP API: the same paths the gateway publishes; the caller comes from the gateway's headers."""

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, JSONBody

from enrolment import commands
from mentoring_contracts.api import Created, CreateProgram, EnrolParticipant
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.web import Caller


def _coordinator(caller: Caller) -> None:
    if "coordinator" not in caller.roles:
        raise PermissionDeniedException("only a programme coordinator can do this")


class ProgramsController(Controller):
    path = "/api/v1/programs"

    @post("/", operation_id="createProgram")
    async def create(
        self, data: JSONBody[CreateProgram], caller: NamedDependency[Caller], runtime: NamedDependency[ServiceRuntime]
    ) -> Created:
        _coordinator(caller)
        return Created(id=await commands.create_program(runtime, caller, data))

    @post("/{program_id:str}/participants", operation_id="enrolParticipant")
    async def enrol(
        self,
        program_id: FromPath[str],
        data: JSONBody[EnrolParticipant],
        caller: NamedDependency[Caller],
        runtime: NamedDependency[ServiceRuntime],
    ) -> Created:
        _coordinator(caller)
        return Created(id=await commands.enrol_participant(runtime, caller, program_id, data))
