"""A PATCH applied to a whole model: the fields sent replace the current ones, and the result is checked whole.

A field sent as null is removed, which only a field that may be empty allows: a name, a duration or a matching
policy cannot be removed, only replaced, and saying so names the field instead of failing as the model is rebuilt.
"""

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from mentoring_runtime.errors import Invalid

M = TypeVar("M", bound=BaseModel)


def merged(current: M, changes: dict[str, Any]) -> M:
    fields = type(current).model_fields
    for name, value in changes.items():
        if value is None and (fields[name].is_required() or fields[name].default is not None):
            raise Invalid(f"`{name}` cannot be removed; send a new value", field=name)
    try:
        return type(current).model_validate({**current.model_dump(), **changes})
    except ValidationError as refused:
        error = refused.errors()[0]
        raise Invalid(error["msg"], field=".".join(str(part) for part in error["loc"])) from None
