"""The OpenAPI document describes every body exactly as the gateway validates and sends it.

Litestar derives its own JSON Schema from the pydantic models, and that derivation is looser than validation: it
drops `extra="forbid"` (no `additionalProperties: false`, so a body with an extra key looked valid and answered
422), loses the item type of constrained tuples (`languages: [null]` looked valid) and puts array lengths under
string keywords. A client or a fuzzer that trusted the document was refused. So in this one place every component
schema is replaced by the JSON Schema pydantic generates from the same models that validate requests and shape
responses. Litestar still builds the paths, which refer to components by model name; a path that refers to a
component pydantic did not generate stops the gateway at start-up, naming it.

A 204 is documented without a body: Litestar would describe the None the handler returns as a JSON null. A row
with exports documents each of them beside JSON as its success's content, a string of that media type (a CSV
file, an SVG drawing), and Accept as what chooses among them (its 406 is in problems.py).

Query parameters and uploads, which the handlers read themselves (payloads.py), Litestar does not see: each query
model's fields are documented here as the route's query parameters, with the schema pydantic generated for them
(constraints and descriptions included), and an upload as the route's request body, a binary string of its media
type.

A path whose segment ends in a suffix after its parameter (`/calendar/{token}.ics`) is routed as its whole segment
(mentoring_runtime.routing), so Litestar names it `/calendar/{token}`: it is documented under the row's path.

It also links each route that creates an id to the routes that take it (from the rows' `creates`), so a client or
a fuzzer following the document uses a new programme's id as a `program_id`, never as a `run_id`.
"""

import re
from collections.abc import Iterable, Sequence
from typing import Any

from litestar.enums import ParamType
from litestar.openapi.spec import (
    Link,
    OpenAPI,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    RequestBody,
    Schema,
)
from litestar.status_codes import HTTP_204_NO_CONTENT
from pydantic import TypeAdapter
from pydantic.json_schema import JsonSchemaMode

from gateway.payloads import UPLOAD_LIMIT
from gateway.problems import errors_for
from gateway.routes import Forwarded
from mentoring_contracts.routes import Route
from mentoring_runtime.routing import litestar_path

COMPONENT_REF = "#/components/schemas/{model}"

BodyType = tuple[Any, JsonSchemaMode]
"""A type a path refers to, and whether it is read ("validation") or sent ("serialization")."""


def complete(openapi: OpenAPI, rows: Sequence[Forwarded]) -> None:
    """Finish the document Litestar built from `rows`: pydantic's component schemas, the query parameters and
    uploads, and the links between rows."""
    routes = [row.route for row in rows]
    for route in routes:
        _document_suffix(openapi, route)
    components = use_model_components(openapi, forwarded_types(rows))
    for route in routes:
        operation = _operation(openapi, route)
        if route.query is not None:
            operation.parameters = [*(operation.parameters or []), *query_parameters(components[route.query.__name__])]
        if route.upload is not None:
            operation.request_body = upload_body(route.upload)
        if route.status == HTTP_204_NO_CONTENT:  # Litestar describes the None it returns as a JSON null
            operation.responses[str(route.status)].content = None
        if route.exports:
            document_exports(operation.responses[str(route.status)], route.exports)
    link_created_ids(openapi, routes)


def forwarded_types(rows: Iterable[Forwarded]) -> list[BodyType]:
    """What the forwarded routes read and send: bodies, queries, responses and error bodies."""
    types: list[BodyType] = []
    for route in (row.route for row in rows):
        types.extend((model, "validation") for model in (route.body, route.query) if model is not None)
        types.append((route.response, "serialization"))
        types.extend((spec.data_container, "serialization") for spec in errors_for(route).values())
    return types


def _components(types: Iterable[BodyType]) -> dict[str, Any]:
    """pydantic's JSON Schema for every model reachable from `types`, by model name, referring to each other."""
    adapters = [(index, mode, TypeAdapter(type_)) for index, (type_, mode) in enumerate(types)]
    _, definitions = TypeAdapter.json_schemas(adapters, ref_template=COMPONENT_REF)
    return dict(sorted(definitions.get("$defs", {}).items()))


def use_model_components(openapi: OpenAPI, types: Iterable[BodyType]) -> dict[str, Any]:
    """Replace the component schemas Litestar derived for `openapi` with pydantic's own, and return them."""
    components = _components(types)
    missing = sorted(set(openapi.components.schemas) - set(components))
    if missing:
        raise RuntimeError(
            f"the OpenAPI paths refer to components {missing} that pydantic did not generate: give their models to "
            "use_model_components, and one shape for reading and writing (pydantic splits a model that reads and "
            "writes differently into <Name>-Input and <Name>-Output)"
        )
    openapi.components.schemas = components  # type: ignore[assignment]  # plain JSON Schema, served as it is
    return components


def query_parameters(model: dict[str, Any]) -> list[Parameter]:
    """A query model's component schema as query parameters: one per property, required when the model needs it."""
    required = set(model.get("required", ()))
    return [
        Parameter(
            name=name,
            param_in=ParamType.QUERY,
            required=name in required,
            description=schema.get("description"),
            schema=_never_null(schema),  # type: ignore[arg-type]  # plain JSON Schema, as the components
        )
        for name, schema in model["properties"].items()
    ]


def _never_null(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` without its `null`: a query string cannot spell one, so a parameter that may be null is left out."""
    if "anyOf" not in schema:
        return schema
    options = [option for option in schema["anyOf"] if option != {"type": "null"}]
    rest = {key: value for key, value in schema.items() if key != "anyOf" and not (key == "default" and value is None)}
    return {**rest, **options[0]} if len(options) == 1 else {**rest, "anyOf": options}


def upload_body(media_type: str) -> RequestBody:
    return RequestBody(
        content={media_type: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY))},
        description=f"The file itself, sent as {media_type}, of at most {UPLOAD_LIMIT}",
        required=True,
    )


def document_exports(response: OpenAPIResponse, exports: Sequence[str]) -> None:
    """Each media type of `exports` beside the JSON of `response`, as a string of that type."""
    response.content = {
        **(response.content or {}),
        **{media_type: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING)) for media_type in exports},
    }
    response.description = (
        f"{response.description or 'The answer'}: JSON, or as {' or '.join(exports)} when Accept asks for it"
    )


def _document_suffix(openapi: OpenAPI, route: Route) -> None:
    """The row's path in place of the segment Litestar routes, where a parameter has a suffix after it."""
    routed = re.sub(r"\{([a-z_]+):str\}", r"{\1}", litestar_path(route.path))
    if routed != route.path and openapi.paths is not None and routed in openapi.paths:
        openapi.paths[route.path] = openapi.paths.pop(routed)


def link_created_ids(openapi: OpenAPI, routes: Sequence[Route]) -> None:
    """Link each route that creates an id to every route taking it, with its other parameters from the request."""
    for source in (route for route in routes if route.creates):
        links = {
            target.operation_id: Link(
                operation_id=target.operation_id,
                parameters={
                    name: "$response.body#/id" if name == source.creates else f"$request.path.{name}"
                    for name in target.parameters
                },
            )
            for target in routes
            if source.creates in target.parameters and set(target.parameters) <= {*source.parameters, source.creates}
        }
        _operation(openapi, source).responses[str(source.status)].links = links


def _operation(openapi: OpenAPI, route: Route) -> Operation:
    return getattr(openapi.paths[route.path], route.method.lower())
