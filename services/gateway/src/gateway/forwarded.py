"""Builds one Litestar handler per row of the route table: guard by role, validate the body, forward.

Nothing here is written per route: the row says the path, method, status, bodies, roles and owning service, and
the OpenAPI document is generated from the same models that validate the requests.
"""

from typing import Any

from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import JSONBody

from gateway.authorisation import requires_role
from gateway.forwarding import Forwarder
from gateway.problems import errors_for
from gateway.routes import Forwarded
from gateway.tokens import Principal
from mentoring_contracts.routes import API_PREFIX
from mentoring_runtime.routing import litestar_path, route_handler, with_signature


def forwarded_handler(row: Forwarded) -> HTTPRouteHandler:
    route = row.route

    async def forward(request: Request[Principal, Any, Any], forwarder: Forwarder, data: Any = None) -> Any:
        return await forwarder.forward(request, row.service, data)

    parameters: dict[str, Any] = {"request": Request[Principal, Any, Any], "forwarder": NamedDependency[Forwarder]}
    if route.body is not None:
        parameters["data"] = JSONBody[route.body]
    return route_handler(
        route,
        litestar_path(route.path.removeprefix(API_PREFIX)),
        with_signature(forward, route, parameters, Response[route.response]),
        tags=[route.tag],
        guards=[requires_role(*row.roles)],
        responses=errors_for(route),
    )


def forwarded_handlers(rows: tuple[Forwarded, ...]) -> list[HTTPRouteHandler]:
    return [forwarded_handler(row) for row in rows]
