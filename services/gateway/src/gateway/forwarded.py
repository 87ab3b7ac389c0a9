"""Builds one Litestar handler per row of the route table: guard by role, read and validate the payload, forward.

Nothing here is written per route: the row says the path, method, status, bodies, query, upload, roles and owning
service, and the OpenAPI document is generated from the same models that validate the requests (openapi.py adds
the query parameters and the upload's body, which Litestar does not read). Every POST takes an Idempotency-Key
(idempotency.py), documented here and in problems.py, once for all of them.

An anonymous row (a calendar feed, whose URL is its credential) is built apart, for a router without
authentication: no guard, no caller, only its path goes on (`Forwarder.forward_anonymous`), once its secret looks
like one the service could have issued.

OPTIONS on a path answers 204 with every method the table has at that path, without a token. Litestar's own
OPTIONS handler lists only the methods registered at the path when it was made, so of a path whose GET and POST
are two rows it would name only the first: the gateway registers its own, from the rows, before the rows' handlers.
"""

from collections import defaultdict
from typing import Annotated, Any

from litestar import HttpMethod, Request, Response
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import HeaderParameter, JSONBody
from litestar.status_codes import HTTP_204_NO_CONTENT

from gateway.authorisation import requires_role
from gateway.forwarding import Forwarder
from gateway.idempotency import IDEMPOTENCY_KEY, MAX_KEY_LENGTH, REPLAYED, Idempotency, key_digest
from gateway.path_ids import require_well_formed
from gateway.payloads import read_payload
from gateway.problems import errors_for
from gateway.routes import Forwarded
from gateway.tokens import Principal
from mentoring_contracts.routes import API_PREFIX
from mentoring_runtime.routing import litestar_path, path_values, route_handler, with_signature

IdempotencyKeyHeader = Annotated[
    str | None,
    HeaderParameter(
        name=IDEMPOTENCY_KEY,
        required=False,
        description=(
            f"Any string of 1-{MAX_KEY_LENGTH} characters, new for each request (a UUID, say). The same key with the "
            "same body and query, from the same caller, within 24 hours, answers the first response again and "
            "changes nothing; with another body or query it answers 422. Send it to retry a POST safely after a "
            "503, 504 or a lost connection."
        ),
        # Checked by idempotency.py, whose 422 names the header; declared here for the document.
        schema_extra={"minLength": 1, "maxLength": MAX_KEY_LENGTH},
    ),
]
REPLAYED_HEADER = ResponseHeader(
    name=REPLAYED,
    documentation_only=True,
    description=f"'true' when this is the stored response of an earlier request with the same {IDEMPOTENCY_KEY}",
)


def forwarded_handler(row: Forwarded) -> HTTPRouteHandler:
    route = row.route

    async def forward(
        request: Request[Principal, Any, Any],
        forwarder: Forwarder,
        idempotency: Idempotency | None = None,
        idempotency_key: str | None = None,
        data: Any = None,
    ) -> Any:
        payload = await read_payload(route, request, data)
        if idempotency is None or idempotency_key is None:
            return await forwarder.forward(request, row.service, payload)

        async def send() -> Response[Any]:
            return await forwarder.forward(request, row.service, payload, key_digest(request.user, idempotency_key))

        return await idempotency.once(request.user, idempotency_key, payload, send)

    parameters: dict[str, Any] = {"request": Request[Principal, Any, Any], "forwarder": NamedDependency[Forwarder]}
    options: dict[str, Any] = {"responses": errors_for(route)}
    if route.method == "POST":
        parameters["idempotency"] = NamedDependency[Idempotency]
        parameters["idempotency_key"] = IdempotencyKeyHeader
        options["response_headers"] = [REPLAYED_HEADER]
    if route.body is not None:
        parameters["data"] = JSONBody[route.body]
    return route_handler(
        route,
        _path(route.path),
        with_signature(forward, route, parameters, Response[route.response]),
        tags=[route.tag],
        guards=[requires_role(*row.roles)],
        **options,
    )


def anonymous_handler(row: Forwarded) -> HTTPRouteHandler:
    """A row served without a token: its path's secret is checked for shape, then the path alone is forwarded."""
    route = row.route

    async def forward(request: Request[Any, Any, Any], forwarder: Forwarder) -> Any:
        for value in path_values(route, request.path_params):
            require_well_formed(value)
        return await forwarder.forward_anonymous(request, row.service)

    parameters: dict[str, Any] = {"request": Request[Any, Any, Any], "forwarder": NamedDependency[Forwarder]}
    return route_handler(
        route,
        litestar_path(route.path),
        with_signature(forward, route, parameters, Response[route.response]),
        tags=[route.tag],
        responses=errors_for(route),
        # The audit line names the route, not the path: the path is the credential.
        opt={"audit_path": route.path},
    )


def options_handler(path: str, methods: set[str]) -> HTTPRouteHandler:
    allow = ", ".join(sorted({*methods, HttpMethod.OPTIONS}))

    def options() -> Response[None]:
        return Response(None, status_code=HTTP_204_NO_CONTENT, headers={"Allow": allow})

    return HTTPRouteHandler(
        path=_path(path), http_method=HttpMethod.OPTIONS, include_in_schema=False, sync_to_thread=False
    )(options)


def forwarded_handlers(rows: tuple[Forwarded, ...]) -> list[HTTPRouteHandler]:
    """Each path's OPTIONS first, so that Litestar makes none of its own, then one handler per row (for the /api/v1
    router: none of the rows may be anonymous)."""
    if any(row.route.anonymous for row in rows):
        raise ValueError("an anonymous row is served by anonymous_handler, outside the authenticated router")
    methods: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        methods[row.route.path].add(row.route.method)
    return [
        *(options_handler(path, path_methods) for path, path_methods in methods.items()),
        *(forwarded_handler(row) for row in rows),
    ]


def _path(path: str) -> str:
    """A public path as the /api/v1 router's handlers spell it."""
    return litestar_path(path.removeprefix(API_PREFIX))
