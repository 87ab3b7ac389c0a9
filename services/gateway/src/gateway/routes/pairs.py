from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency

from gateway.authorisation import requires_role
from gateway.forwarding import Forwarder
from gateway.routes.errors import ERRORS
from gateway.tokens import Principal
from mentoring_contracts.api import PairView


class PairController(Controller):
    path = "/programs/{program_id:str}/pairs"
    tags = ["matching"]
    guards = [requires_role("coordinator")]

    @get(
        operation_id="listPairs",
        responses=ERRORS,
        summary="The programme's matched pairs",
    )
    async def list_pairs(
        self, request: Request[Principal, Any, Any], forwarder: NamedDependency[Forwarder]
    ) -> Response[list[PairView]]:
        return await forwarder.forward(request, "matching")
