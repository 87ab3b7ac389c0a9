"""The OpenAPI document describes every body exactly as the gateway validates and sends it.

Litestar derives its own JSON Schema from the pydantic models, and that derivation is looser than validation: it
drops `extra="forbid"` (no `additionalProperties: false`, so a body with an extra key looked valid and answered
422), loses the item type of constrained tuples (`languages: [null]` looked valid) and puts array lengths under
string keywords. A client or a fuzzer that trusted the document was refused. So in this one place every component
schema is replaced by the JSON Schema pydantic generates from the same models that validate requests and shape
responses. Litestar still builds the paths, which refer to components by model name; a path that refers to a
component pydantic did not generate stops the gateway at start-up, naming it.

It also links each route that creates an id to the routes that take it (from the rows' `creates`), so a client or
a fuzzer following the document uses a new programme's id as a `program_id`, never as a `run_id`.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from litestar.openapi.spec import Link, OpenAPI
from pydantic import TypeAdapter
from pydantic.json_schema import JsonSchemaMode

from gateway.problems import errors_for
from gateway.routes import Forwarded
from mentoring_contracts.routes import Route

COMPONENT_REF = "#/components/schemas/{model}"

BodyType = tuple[Any, JsonSchemaMode]
"""A type a path refers to, and whether it is read ("validation") or sent ("serialization")."""


def complete(openapi: OpenAPI, rows: Sequence[Forwarded]) -> None:
    """Finish the document Litestar built from `rows`: pydantic's component schemas, and the links between rows."""
    use_model_components(openapi, forwarded_types(rows))
    link_created_ids(openapi, [row.route for row in rows])


def forwarded_types(rows: Iterable[Forwarded]) -> list[BodyType]:
    """What the forwarded routes read and send: bodies, responses and error bodies."""
    types: list[BodyType] = []
    for route in (row.route for row in rows):
        if route.body is not None:
            types.append((route.body, "validation"))
        types.append((route.response, "serialization"))
        types.extend((spec.data_container, "serialization") for spec in errors_for(route).values())
    return types


def _components(types: Iterable[BodyType]) -> dict[str, Any]:
    """pydantic's JSON Schema for every model reachable from `types`, by model name, referring to each other."""
    adapters = [(index, mode, TypeAdapter(type_)) for index, (type_, mode) in enumerate(types)]
    _, definitions = TypeAdapter.json_schemas(adapters, ref_template=COMPONENT_REF)
    return dict(sorted(definitions.get("$defs", {}).items()))


def use_model_components(openapi: OpenAPI, types: Iterable[BodyType]) -> None:
    """Replace the component schemas Litestar derived for `openapi` with pydantic's own."""
    components = _components(types)
    missing = sorted(set(openapi.components.schemas) - set(components))
    if missing:
        raise RuntimeError(
            f"the OpenAPI paths refer to components {missing} that pydantic did not generate: give their models to "
            "use_model_components, and one shape for reading and writing (pydantic splits a model that reads and "
            "writes differently into <Name>-Input and <Name>-Output)"
        )
    openapi.components.schemas = components  # type: ignore[assignment]  # plain JSON Schema, served as it is


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
        operation = getattr(openapi.paths[source.path], source.method.lower())
        operation.responses[str(source.status)].links = links
