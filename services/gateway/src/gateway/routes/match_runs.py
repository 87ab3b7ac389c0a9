from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency

from gateway.authorisation import requires_role
from gateway.forwarding import Forwarder
from gateway.routes.errors import ERRORS
from gateway.tokens import Principal
from mentoring_contracts.api import Created, MatchRunView


class MatchRunController(Controller):
    path = "/programs/{program_id:str}/match-runs"
    tags = ["matching"]
    guards = [requires_role("coordinator")]

    @post(
        operation_id="startMatchRun",
        responses=ERRORS,
        summary="Start a matching run over the programme's pool",
        status_code=202,
    )
    async def start_match_run(
        self, request: Request[Principal, Any, Any], forwarder: NamedDependency[Forwarder]
    ) -> Response[Created]:
        return await forwarder.forward(request, "matching")

    @get(
        "/{run_id:str}",
        operation_id="getMatchRun",
        responses=ERRORS,
        summary="A matching run: its status and how many it considered and paired",
    )
    async def get_match_run(
        self, request: Request[Principal, Any, Any], forwarder: NamedDependency[Forwarder]
    ) -> Response[MatchRunView]:
        return await forwarder.forward(request, "matching")
