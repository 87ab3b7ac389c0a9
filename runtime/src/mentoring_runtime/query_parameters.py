"""Query parameters: the fields of one model per route, read from the query string no more loosely than documented.

On the wire every value is text, as OpenAPI's default style spells it: `?limit=50&dry_run=true&status=pending`.
A parameter whose JSON Schema admits a string (a cursor, a status) is read as the text it is, any other as the
JSON it spells (50, true), and the model validates them strictly, as the document states them: `dry_run=yes`,
`limit=5.5` and `cursor=` are refused, never coerced or dropped. Unknown and repeated parameters are refused too.
Every error names its parameter, in the format of body errors (422).

A field with an alias is spelled by its alias only, reading and writing: `?from=2026-01-01` fills
`AnalyticsQuery.from_` (`from` is a Python keyword), and `?from_=` is an unknown parameter, as the document, which
names the alias, says.

`query_params` writes a validated model back in the spelling `read_query` reads, so the gateway forwards what it
validated, never the raw query string, and the service reads back the same model.
"""

import json
from collections import Counter
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from pydantic import BaseModel, ValidationError

from mentoring_runtime.web import invalid

Query = TypeVar("Query", bound=BaseModel)


def read_query(model: type[Query], query_string: bytes) -> Query:
    """The query string as `model`, or a 422 naming each parameter that is unknown, repeated or invalid."""
    # Blank values are kept: `?cursor=` is an invalid cursor, not an absent one.
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    counts = Counter(name for name, _ in pairs)
    repeated = [(name, "given more than once; give it once") for name, count in counts.items() if count > 1]
    text = _text_parameters(model)
    values = {name: raw if name in text else _json(raw) for name, raw in pairs}
    try:
        query = model.model_validate_json(json.dumps(values), strict=True, by_alias=True, by_name=False)
    except ValidationError as exc:
        raise invalid([*repeated, *(_error(model, error) for error in exc.errors())]) from exc
    if repeated:
        raise invalid(repeated)
    return query


def query_params(query: BaseModel) -> dict[str, str]:
    """`query` spelled as `read_query` reads it: text as it is, anything else as JSON; fields never set left out."""
    return {
        name: value if isinstance(value, str) else json.dumps(value)
        for name, value in query.model_dump(mode="json", exclude_unset=True, by_alias=True).items()
    }


def parameter_names(model: type[BaseModel]) -> list[str]:
    """The query parameters `model` reads, in field order, each by its alias where it has one."""
    return [field.alias or name for name, field in model.model_fields.items()]


def _json(raw: str) -> Any:
    """The value `raw` spells as JSON; text that spells none stays text, for the model to refuse with its message."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _error(model: type[BaseModel], error: Mapping[str, Any]) -> tuple[str, str]:
    field = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return field, f"not a query parameter of this route, which takes {', '.join(parameter_names(model))}"
    return field, error["msg"]


@cache
def _text_parameters(model: type[BaseModel]) -> frozenset[str]:
    """The parameters whose JSON Schema admits a string: their text is their value."""
    schema = model.model_json_schema()
    definitions = schema.get("$defs", {})
    return frozenset(name for name, field in schema["properties"].items() if _admits_string(field, definitions))


def _admits_string(schema: dict[str, Any], definitions: dict[str, Any]) -> bool:
    if "$ref" in schema:
        return _admits_string(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    if "anyOf" in schema:
        return any(_admits_string(option, definitions) for option in schema["anyOf"])
    return schema.get("type", "string") == "string"
