from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency

from gateway.authorisation import requires_role
from gateway.forwarding import Forwarder
from gateway.routes.errors import ERRORS
from gateway.tokens import Principal
from mentoring_contracts.api import ProgramMetrics


class MetricsController(Controller):
    path = "/programs/{program_id:str}/metrics"
    tags = ["evaluation"]
    guards = [requires_role("coordinator")]

    @get(
        operation_id="getProgramMetrics",
        responses=ERRORS,
        summary="The programme's aggregate figures",
    )
    async def get_program_metrics(
        self, request: Request[Principal, Any, Any], forwarder: NamedDependency[Forwarder]
    ) -> Response[ProgramMetrics]:
        return await forwarder.forward(request, "evaluation")
