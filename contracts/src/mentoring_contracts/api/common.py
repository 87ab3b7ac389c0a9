"""What every body of the public API is made of: strict shapes, text without NUL, ids, tags, pages.

Models check shapes only; what a value means for a programme (eligibility, whose profile) is a service's rule.
"""

from typing import Annotated, Any
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, create_model
from pydantic.fields import FieldInfo

from mentoring_contracts.wire import Integer

# PostgreSQL, under FerretDB, cannot store U+0000 in a string: a body carrying one is refused here, 422 naming the
# field, instead of failing as it is stored.
NO_NUL = r"^[^\x00]*$"
# The same, and not blank: stripped, at least one character must remain, which `minLength: 1` alone would not say.
TEXT = r"^[^\x00]*[^\s\x00][^\x00]*$"
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128, pattern=TEXT)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64, pattern=TEXT)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=TEXT)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000, pattern=TEXT)]
Tags = Annotated[tuple[Tag, ...], Field(max_length=50)]

_TIME_ZONES = frozenset(available_timezones())


def _time_zone(name: str) -> str:
    if name not in _TIME_ZONES:
        raise ValueError("must be an IANA time zone name, such as Europe/Paris or America/New_York")
    return name


TimeZone = Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(_time_zone)]


class Body(BaseModel):
    """A request body: unknown keys are refused, so a misspelt field is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Created(BaseModel):
    id: str


class PageQuery(Body):
    """`?limit=&cursor=` of every list: the cursor is the `next_cursor` of the page before, opaque to clients."""

    limit: Integer = Field(default=50, ge=1, le=200)
    cursor: Identifier | None = None


class Page(BaseModel):
    """A page of a list; `next_cursor` is absent on the last page."""

    next_cursor: str | None = None


def partial(model: type[Body], name: str, doc: str) -> type[Body]:
    """A PATCH body: `model`'s fields, each with its constraints, all optional; only the fields sent change."""
    fields: dict[str, Any] = {
        field_name: (_constrained(field) | None, Field(default=None, description=field.description))
        for field_name, field in model.model_fields.items()
    }
    return create_model(name, __base__=Body, __doc__=doc, **fields)  # type: ignore[call-overload, no-any-return]


def _constrained(field: FieldInfo) -> Any:
    """The field's type with its constraints, which pydantic keeps apart from the annotation."""
    if not field.metadata:
        return field.annotation
    return Annotated[(field.annotation, *field.metadata)]  # type: ignore[valid-type]
