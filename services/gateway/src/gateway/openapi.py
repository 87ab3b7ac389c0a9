"""The OpenAPI document describes every body exactly as the gateway validates and sends it.

Litestar derives its own JSON Schema from the pydantic models, and that derivation is looser than validation: it
drops `extra="forbid"` (no `additionalProperties: false`, so a body with an extra key looked valid and answered
422), loses the item type of constrained tuples (`languages: [null]` looked valid) and puts array lengths under
string keywords. A client or a fuzzer that trusted the document was refused. So in this one place every component
schema is replaced by the JSON Schema pydantic generates from the same models that validate requests and shape
responses. Litestar still builds the paths, which refer to components by model name; a path that refers to a
component pydantic did not generate stops the gateway at start-up, naming it.
"""

from collections.abc import Iterable
from typing import Any

from litestar.openapi.spec import OpenAPI
from pydantic import TypeAdapter
from pydantic.json_schema import JsonSchemaMode

from gateway.problems import errors_for
from gateway.routes import Forwarded

COMPONENT_REF = "#/components/schemas/{model}"

BodyType = tuple[Any, JsonSchemaMode]
"""A type a path refers to, and whether it is read ("validation") or sent ("serialization")."""


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
