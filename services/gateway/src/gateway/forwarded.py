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
from gateway.problems import ERRORS, ERRORS_WITH_BODY
from gateway.routes import Forwarded
from gateway.tokens import Principal
from mentoring_contracts.routes import API_PREFIX
from mentoring_runtime.web import litestar_path


def forwarded_handler(row: Forwarded) -> HTTPRouteHandler:
    route = row.route
    if route.body is None:

        async def forward(request: Any, forwarder: Any) -> Any:
            return await forwarder.forward(request, row.service)

    else:

        async def forward(request: Any, forwarder: Any, data: Any) -> Any:  # type: ignore[misc]
            return await forwarder.forward(request, row.service, data)

        forward.__annotations__["data"] = JSONBody[route.body]
    forward.__annotations__.update(
        request=Request[Principal, Any, Any],
        forwarder=NamedDependency[Forwarder],
        **{"return": Response[route.response]},
    )
    forward.__name__ = forward.__qualname__ = route.operation_id
    return HTTPRouteHandler(
        path=litestar_path(route.path.removeprefix(API_PREFIX)),
        http_method=route.method,
        status_code=route.status,
        operation_id=route.operation_id,
        summary=route.summary,
        tags=[route.tag],
        guards=[requires_role(*row.roles)],
        responses=ERRORS_WITH_BODY if route.body else ERRORS,
    )(forward)


def forwarded_handlers(rows: tuple[Forwarded, ...]) -> list[HTTPRouteHandler]:
    return [forwarded_handler(row) for row in rows]
