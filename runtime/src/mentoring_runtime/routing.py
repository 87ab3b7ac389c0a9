"""A service's part of the public API, built from rows of `mentoring_contracts.routes`: no handler is hand-written.

Each row of a service's table names a route and the application-service method that answers it. The method is
called as `method(service, caller, *path parameters in path order, body)`; a method answering a route whose
response is `Created` returns the new id. Path, method, status, operation id and body model come from the row,
so a service cannot serve a path the gateway does not publish, or validate a body the gateway did not.
"""

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody

from mentoring_contracts.api import Created
from mentoring_contracts.routes import Route, path_parameters
from mentoring_runtime.web import Caller

Method = Callable[..., Awaitable[Any]]

_KEYWORD = inspect.Parameter.KEYWORD_ONLY


def litestar_path(path: str) -> str:
    """/programs/{program_id} in Litestar's spelling, /programs/{program_id:str}."""
    for name in path_parameters(path):
        path = path.replace(f"{{{name}}}", f"{{{name}:str}}")
    return path


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
        positional = [arguments[name] for name in route.parameters]
        if route.body is not None:
            positional.append(arguments["data"])
        result = await method(arguments[dependency], arguments["caller"], *positional)
        return Created(id=result) if route.response is Created else result

    parameters = {name: FromPath[str] for name in route.parameters}
    if route.body is not None:
        parameters["data"] = JSONBody[route.body]
    parameters |= {"caller": NamedDependency[Caller], dependency: NamedDependency[application_type]}
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
    """The Litestar handler for a row: its method, status, operation id and summary, at `path`."""
    return HTTPRouteHandler(
        path=path,
        http_method=route.method,
        status_code=route.status,
        operation_id=route.operation_id,
        summary=route.summary,
        **options,
    )(handle)
