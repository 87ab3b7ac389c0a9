from typing import Any

from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from gateway.authorisation import requires_role
from gateway.forwarding import Forwarder
from gateway.routes.errors import ERRORS_WITH_BODY
from gateway.tokens import Principal
from mentoring_contracts.api import Created, CreateProgram


class ProgramController(Controller):
    path = "/programs"
    tags = ["programs"]
    guards = [requires_role("coordinator")]

    @post(
        operation_id="createProgram",
        responses=ERRORS_WITH_BODY,
        summary="Create a programme in the caller's agency",
        status_code=201,
    )
    async def create_program(
        self,
        request: Request[Principal, Any, Any],
        data: JSONBody[CreateProgram],
        forwarder: NamedDependency[Forwarder],
    ) -> Response[Created]:
        return await forwarder.forward(request, "enrolment", data)
