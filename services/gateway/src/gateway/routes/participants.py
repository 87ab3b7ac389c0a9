from typing import Any

from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from gateway.authorisation import requires_role
from gateway.forwarding import Forwarder
from gateway.routes.errors import ERRORS_WITH_BODY
from gateway.tokens import Principal
from mentoring_contracts.api import Created, EnrolParticipant


class ParticipantController(Controller):
    path = "/programs/{program_id:str}/participants"
    tags = ["participants"]
    guards = [requires_role("coordinator")]

    @post(
        operation_id="enrolParticipant",
        responses=ERRORS_WITH_BODY,
        summary="Enrol a mentor or a mentee in a programme",
        status_code=201,
    )
    async def enrol_participant(
        self,
        request: Request[Principal, Any, Any],
        data: JSONBody[EnrolParticipant],
        forwarder: NamedDependency[Forwarder],
    ) -> Response[Created]:
        return await forwarder.forward(request, "enrolment", data)
