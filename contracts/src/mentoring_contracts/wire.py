"""Numbers and date-times in request bodies, read no more loosely than the JSON Schema published for them.

pydantic's lax mode reads "5" as 5, true as 1 and 0 or "1700000000" as a date-time, all of which the published
JSON Schema calls invalid: a client trusting the document, or a fuzzer, found the API accepting what it says it
refuses. Strict mode is no answer, as bodies reach pydantic as Python values, where strict refuses a date-time
string and a list for a tuple. So these types refuse, before pydantic converts, anything JSON would not spell so.
"""

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AwareDatetime, BeforeValidator, StringConstraints

# RFC 3339's date-time, which JSON Schema's "date-time" format names: 2026-01-05T10:00:00Z, ...T10:00:00.5+01:00.
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _json_number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a JSON number, not a string or a boolean")
    return value


def _rfc3339(value: object) -> object:
    if isinstance(value, datetime) or (isinstance(value, str) and _RFC3339.fullmatch(value)):
        return value
    raise ValueError("must be an RFC 3339 date-time with an offset, such as 2026-01-05T10:00:00Z")


def _day(value: object) -> object:
    # A day's text is read here, so that strict validation (a query parameter's) takes it too.
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # no such day, as 2026-02-30
    raise ValueError("must be a date, such as 2026-01-05")


JSON_NUMBER = BeforeValidator(_json_number)
"""For a number inside a union: `Annotated[int, Field(ge=1), JSON_NUMBER] | None`, constraints first, or pydantic
writes them into the JSON Schema under their Python names (ge, le) instead of minimum and maximum."""
Integer = Annotated[int, JSON_NUMBER]
Number = Annotated[float, JSON_NUMBER]
DateTime = Annotated[AwareDatetime, BeforeValidator(_rfc3339)]
Day = Annotated[date, BeforeValidator(_day)]
"""A calendar date, spelt as JSON Schema's "date" format says (2026-01-05): never a number of seconds."""
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,63}$")]
"""A name a client chooses that becomes a key of a stored object (a policy's weights, a question's id): lower-case
letters, digits, '_' and '-', starting with a letter. A document store refuses keys that start with '$' or hold '.'."""
