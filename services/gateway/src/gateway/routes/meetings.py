from typing import Any

from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from gateway.authorisation import requires_role
from gateway.forwarding import Forwarder
from gateway.routes.errors import ERRORS_WITH_BODY
from gateway.tokens import Principal
from mentoring_contracts.api import Created, LogMeeting


class MeetingController(Controller):
    path = "/pairs/{pair_id:str}/meetings"
    tags = ["meetings"]
    # Whether the caller is a member of this pair is the scheduling service's rule (403 otherwise).
    guards = [requires_role("mentor", "mentee")]

    @post(
        operation_id="logMeeting",
        responses=ERRORS_WITH_BODY,
        summary="Log a meeting of the caller's pair",
        status_code=201,
    )
    async def log_meeting(
        self,
        request: Request[Principal, Any, Any],
        data: JSONBody[LogMeeting],
        forwarder: NamedDependency[Forwarder],
    ) -> Response[Created]:
        return await forwarder.forward(request, "scheduling", data)
