"""A service's part of the public API, built from rows of `mentoring_contracts.routes`: no handler is hand-written.

Each row of a service's table names a route and the application-service method that answers it. The method is
called as `method(service, caller, *path parameters in path order, body, query)`: `body` when the row has one
(its validated model, or an upload's raw bytes, whose content the service checks), `query` when the row has one
(its model, validated as query_parameters.py reads it). A method answering a route whose response is `Created`
returns the new id; one answering a row of another media type than JSON returns the body as text or bytes, sent as
the row's media type; one answering a 204 row returns None. An anonymous row's method gets no caller: there is
none, the path's secret is all it has. Path, method, status, operation id, media type, body, upload and query
models come from the row, so a service cannot serve a path the gateway does not publish, or read a request
otherwise than the gateway checked it.

A row with `exports` (an analytics answer, also given as CSV or SVG) answers the media type the request's Accept
prefers among JSON and its exports (negotiation.py: JSON when Accept is absent or */*, 406 naming them when none
is acceptable, before the method is called). Its method gets the chosen media type as its last positional
argument, after the query: `method(service, caller, *path parameters, query, media_type)`, and returns the row's
model for JSON, or the body as text or bytes for any other. The answer is sent as that media type, with
`Vary: Accept`, so that no cache gives one client's CSV to another who asked for JSON.

Litestar matches a parameter only as a whole path segment, so a segment that ends in a fixed suffix after its
parameter (`/calendar/{token}.ics`) is routed as the whole segment (`/calendar/{token:str}`), and
`path_values` takes the suffix off, answering 404 for a segment without it.
"""

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody, RawBody

from mentoring_contracts.api import MAX_IMPORT_BYTES, Created
from mentoring_contracts.routes import Route, path_parameters
from mentoring_runtime.errors import NotFound
from mentoring_runtime.negotiation import choose_media_type
from mentoring_runtime.query_parameters import read_query
from mentoring_runtime.web import Caller

Method = Callable[..., Awaitable[Any]]

_KEYWORD = inspect.Parameter.KEYWORD_ONLY
# Litestar's names for a JSON body, as its validated model, and for the raw bytes of a body it does not decode.
_BODY = ("data", "body")
# A parameter and the fixed suffix after it in one segment: {token}.ics
_SUFFIXED = re.compile(r"\{([a-z_]+)\}([^/{}]+)(?=/|$)")

MAX_UPLOAD_BYTES = MAX_IMPORT_BYTES
"""The most an upload may carry, at the gateway and at the service: the one upload is an import's CSV file."""


def litestar_path(path: str) -> str:
    """/programs/{program_id} in Litestar's spelling, /programs/{program_id:str}; a suffixed parameter's segment
    whole: /calendar/{token}.ics as /calendar/{token:str}."""
    path = _SUFFIXED.sub(lambda match: f"{{{match[1]}}}", path)
    for name in path_parameters(path):
        path = path.replace(f"{{{name}}}", f"{{{name}:str}}")
    return path


def path_suffixes(path: str) -> dict[str, str]:
    """The parameters of `path` followed by a fixed suffix in their segment, and the suffix: {"token": ".ics"}."""
    return {match[1]: match[2] for match in _SUFFIXED.finditer(path)}


def path_values(route: Route, arguments: Mapping[str, Any]) -> list[str]:
    """The row's path parameters in path order, from Litestar's `arguments`, each without its segment's suffix:
    NotFound for a segment that does not end in it, since no such resource can exist."""
    suffixes = path_suffixes(route.path)
    values = []
    for name in route.parameters:
        value = arguments[name]
        suffix = suffixes.get(name)
        if suffix is not None:
            if not value.endswith(suffix) or value == suffix:
                raise NotFound(f"no such resource: the path ends in {suffix}")
            value = value.removesuffix(suffix)
        values.append(value)
    return values


def application_dependency(application_type: type) -> str:
    """The named dependency under which a service's app provides an application service (`ServiceRuntime.app`):
    one per class, so that a service with several (programmes, applications, ...) routes each row to its own."""
    return f"application_{application_type.__name__.lower()}"


def served_routes(application_type: type, table: Mapping[Route, Method]) -> list[HTTPRouteHandler]:
    """One handler per row, calling the row's method on the application service."""
    return [_handler(route, application_type, method) for route, method in table.items()]


def _handler(route: Route, application_type: type, method: Method) -> HTTPRouteHandler:
    dependency = application_dependency(application_type)

    async def handle(**arguments: Any) -> Any:
        positional = [*path_values(route, arguments), *(arguments[name] for name in _BODY if name in arguments)]
        media_type = None
        if route.exports:
            media_type = choose_media_type(route, arguments["request"].headers.get("accept"))
        if route.query is not None:
            positional.append(read_query(route.query, arguments["request"].scope["query_string"]))
        if media_type is not None:
            positional.append(media_type)
        callers = [] if route.anonymous else [arguments["caller"]]
        result = await method(arguments[dependency], *callers, *positional)
        if media_type is not None:
            return Response(result, media_type=media_type, headers={"Vary": "Accept"})
        return Created(id=result) if route.response is Created else result

    parameters: dict[str, Any] = {name: FromPath[str] for name in route.parameters}
    if route.body is not None:
        parameters["data"] = JSONBody[route.body]
    if route.upload is not None:
        parameters["body"] = RawBody
    if route.query is not None or route.exports:
        parameters["request"] = Request[Any, Any, Any]
    if not route.anonymous:
        parameters["caller"] = NamedDependency[Caller]
    parameters[dependency] = NamedDependency[application_type]
    return route_handler(route, litestar_path(route.path), with_signature(handle, route, parameters, route.response))


def with_signature(handle: Method, route: Route, parameters: Mapping[str, Any], returns: Any) -> Method:
    """Give `handle(**arguments)` the named, typed parameters Litestar injects and documents."""
    handle.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, _KEYWORD, annotation=annotation) for name, annotation in parameters.items()],
        return_annotation=returns,
    )
    handle.__annotations__ = {**parameters, "return": returns}
    handle.__name__ = handle.__qualname__ = route.operation_id
    return handle


def route_handler(route: Route, path: str, handle: Method, **options: Any) -> HTTPRouteHandler:
    """The Litestar handler for a row: its method, status, media type, operation id and summary, at `path`. An
    upload may be larger than Litestar's default limit on bodies, up to MAX_UPLOAD_BYTES."""
    if route.upload is not None:
        options["request_max_body_size"] = MAX_UPLOAD_BYTES
    return HTTPRouteHandler(
        path=path,
        http_method=route.method,
        status_code=route.status,
        media_type=route.media_type,
        operation_id=route.operation_id,
        summary=route.summary,
        **options,
    )(handle)
