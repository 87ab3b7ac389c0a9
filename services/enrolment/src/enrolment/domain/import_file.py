"""Reading an import file: the CSV of a programme's applicants that a coordinator exports from an HR system.

The invariant: a file that cannot be read as the agreed CSV (too big, not UTF-8, not CSV, or a header that is not
the agreed columns) is refused whole, before anything is written; a file that can be read has every row judged on its
own, each becoming an application or a rejection that names its row and column. Why: a fault of the file makes every
row suspect (a wrong encoding garbles names, a misspelt column drops a field from every row), so importing part of it
would write wrong data that looks right; a fault of one row concerns one person, so holding back the others for it
would only make the coordinator fix a file one error at a time. Judging every row before answering is what lets the
coordinator learn all the problems of a file in one go.

Each row is built into the API's own `Apply` body, so an imported application meets every shape rule an application
sent through the API meets. The columns are the profile's fields, flattened, read from the contract's models, so the
file follows the contract as it grows.
"""

import csv
import io
from _csv import Reader
from codecs import BOM_UTF8
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, get_origin

from pydantic import ValidationError

from mentoring_contracts.api.imports import LIST_SEPARATOR, MAX_IMPORT_BYTES, RejectedRow
from mentoring_contracts.api.participants import Apply, MenteeProfile, MentorProfile, Profile
from mentoring_contracts.names import ParticipantRole
from mentoring_runtime.errors import Invalid

PERSON_ID = "person_id"
ROLE = "role"
NEEDS_ASSESSMENT = "needs_assessment:"

_SECTIONS = {ParticipantRole.MENTOR: MentorProfile, ParticipantRole.MENTEE: MenteeProfile}
# Profile's `mentor` and `mentee` fields are its role sections, which the file flattens into their own columns.
_PROFILE_COLUMNS = tuple(name for name in Profile.model_fields if name not in _SECTIONS)
_REQUIRED_COLUMNS = (PERSON_ID, ROLE, *(name for name in _PROFILE_COLUMNS if Profile.model_fields[name].is_required()))
# The columns only one role fills in; a column both sections have (effective_partnership) goes to the row's role.
_ROLE_OF_COLUMN = {
    column: role
    for role, section in _SECTIONS.items()
    for column in section.model_fields
    if sum(column in other.model_fields for other in _SECTIONS.values()) == 1
}
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


@dataclass(frozen=True)
class ImportRow:
    """A row that reads as an application: `number` is its row in the file, the header being row 1."""

    number: int
    person_id: str
    apply: Apply


@dataclass(frozen=True)
class ImportFile:
    """Every data row of a file, each either read or rejected; `total` counts them (blank lines are not rows)."""

    rows: list[ImportRow]
    rejected: list[RejectedRow]
    total: int


def csv_header(questions: Sequence[str]) -> list[str]:
    """The accepted columns, in a template's order: who and in which role, the profile, the mentor's section, the
    mentee's, then one column per needs-assessment question of the programme."""
    sections = (column for section in _SECTIONS.values() for column in section.model_fields)
    answers = (NEEDS_ASSESSMENT + question for question in questions)
    return list(dict.fromkeys((PERSON_ID, ROLE, *_PROFILE_COLUMNS, *sections, *answers)))


def read_import(data: bytes, questions: Collection[str]) -> ImportFile:
    """The file's rows, read or rejected one by one; Invalid (field `body`) when the file as a whole cannot be read.
    `questions` are the ids of the programme's needs-assessment questions."""
    records = csv.reader(io.StringIO(_text(data), newline=""), strict=True)
    try:
        header = _header(next(records, []), questions)
        first_rows: dict[str, int] = {}
        judged = [_judge(number, cells, first_rows) for number, cells in _data_rows(records, header)]
    except csv.Error as error:
        raise _unreadable(
            f"the file is not valid CSV at line {records.line_num} ({error}): a cell that starts with a quote must "
            'end with one, and a quote inside a quoted cell is written twice (""); export the file again as CSV'
        ) from None
    return ImportFile(
        rows=[row for row in judged if isinstance(row, ImportRow)],
        rejected=[row for row in judged if isinstance(row, RejectedRow)],
        total=len(judged),
    )


def _unreadable(problem: str) -> Invalid:
    """The refusal of a whole file, which the caller answers before writing anything."""
    return Invalid(problem, field="body")


def _text(data: bytes) -> str:
    """The file's text, without the byte order mark some exports begin with."""
    if len(data) > MAX_IMPORT_BYTES:
        raise _unreadable(
            f"the file has {len(data):,} bytes, more than the {MAX_IMPORT_BYTES:,} an import takes: split it into "
            "smaller files"
        )
    body = data.removeprefix(BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = len(data) - len(body) + error.start
        line = data.count(b"\n", 0, offset) + 1
        raise _unreadable(
            f"the file is not UTF-8: byte {offset} (line {line}) is not valid UTF-8; export the file from the HR "
            "system as CSV UTF-8"
        ) from None
    if not text.strip():
        raise _unreadable(f"the file is empty: it needs a header row naming at least {_listed(_REQUIRED_COLUMNS)}")
    return text


def _header(names: list[str], questions: Collection[str]) -> list[str]:
    """The columns the header names, spelt as `csv_header` spells them."""
    accepted = {column.lower(): column for column in csv_header(list(questions))}
    given = [name.strip() for name in names]
    keys = [name.lower() for name in given]
    if not any(keys):
        raise _unreadable(
            f"the first row is empty: it must be the header, naming at least {_listed(_REQUIRED_COLUMNS)}"
        )
    unknown = [
        repr(name) if name else f"column {position} (no name)"
        for position, name in enumerate(given, start=1)
        if name.lower() not in accepted
    ]
    if unknown:
        raise _unreadable(
            f"unknown columns: {_listed(unknown)}; the first row must name the columns, which can be "
            f"{_listed(accepted.values())}"
        )
    repeated = [accepted[key] for key, count in Counter(keys).items() if count > 1]
    if repeated:
        raise _unreadable(f"columns named more than once: {_listed(repeated)}; keep one of each")
    missing = [column for column in _REQUIRED_COLUMNS if column not in keys]
    if missing:
        raise _unreadable(f"missing columns: {_listed(missing)}; every file needs {_listed(_REQUIRED_COLUMNS)}")
    return [accepted[key] for key in keys]


def _listed(names: Collection[str]) -> str:
    return ", ".join(names)


def _data_rows(records: Reader, header: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row's number and its given cells, by column; a row with no cell given (a blank line) is skipped."""
    for number, record in enumerate(records, start=2):
        if len(record) > len(header):
            raise _unreadable(
                f"line {records.line_num} has {len(record)} cells but the header names {len(header)} columns: put "
                "quotes around a cell that contains a comma, or remove the extra cells"
            )
        # A row shorter than the header leaves its last columns not given, as empty cells would.
        cells = {column: value for column, cell in zip(header, record, strict=False) if (value := cell.strip())}
        if cells:
            yield number, cells


class _Rejected(Exception):
    """A row's first problem: `column` is the column it is in; the message names the column and what to write."""

    def __init__(self, column: str, problem: str) -> None:
        super().__init__(f"{column}: {problem}")
        self.column = column


def _judge(number: int, cells: dict[str, str], first_rows: dict[str, int]) -> ImportRow | RejectedRow:
    """The row as an application, or its rejection. `first_rows` is where each person was first seen in the file."""
    try:
        person_id = _person_id(number, cells, first_rows)
        return ImportRow(number=number, person_id=person_id, apply=_application(cells))
    except _Rejected as rejected:
        return RejectedRow(row=number, field=rejected.column, message=str(rejected))


def _person_id(number: int, cells: dict[str, str], first_rows: dict[str, int]) -> str:
    person_id = _required(cells, PERSON_ID)
    first_row = first_rows.setdefault(person_id, number)
    if first_row != number:
        raise _Rejected(PERSON_ID, f"person {person_id} already appears in row {first_row}; keep one row per person")
    return person_id


def _application(cells: dict[str, str]) -> Apply:
    role = _read(ROLE, _required(cells, ROLE))
    misplaced = next((column for column in cells if _ROLE_OF_COLUMN.get(column, role) != role), None)
    if misplaced is not None:
        raise _Rejected(misplaced, f"is for {_ROLE_OF_COLUMN[misplaced]}s; leave it empty on a {role} row")
    values = {column: _read(column, cell) for column, cell in cells.items()}
    try:
        return Apply.model_validate(_body(role, values))
    except ValidationError as refused:
        raise _contract_rejection(refused.errors()[0]) from None


def _body(role: ParticipantRole, values: dict[str, Any]) -> dict[str, Any]:
    """The `Apply` body the row's values make: the profile with the row's role section, and the answers."""
    section = _SECTIONS[role].model_fields
    profile = {column: value for column, value in values.items() if column in _PROFILE_COLUMNS}
    answers = {
        column.removeprefix(NEEDS_ASSESSMENT): value
        for column, value in values.items()
        if column.startswith(NEEDS_ASSESSMENT)
    }
    return {
        ROLE: role,
        PERSON_ID: values[PERSON_ID],
        "profile": {**profile, role.value: {column: value for column, value in values.items() if column in section}},
        "needs_assessment": answers,
    }


@dataclass(frozen=True)
class _Column:
    """A column whose cells are not plain text: how a cell becomes the contract's value, and what to write in it."""

    read: Callable[[str], object]
    expected: str


def _column(field: Any) -> _Column | None:
    """How a contract field's column reads: as a flag, a whole number within the field's bounds, a list, or (None)
    as the text it is."""
    if field.annotation is bool:
        return _Column(lambda cell: _BOOLEANS[cell.lower()], "true or false (or yes/no, 1/0)")
    if field.annotation is int:
        return _Column(int, f"a whole number from {_bound(field, 'ge')} to {_bound(field, 'le')}")
    if get_origin(field.annotation) is tuple:
        return _Column(_values, f"one or more values separated by '{LIST_SEPARATOR}'")
    return None


def _bound(field: Any, name: str) -> int:
    return next(getattr(rule, name) for rule in field.metadata if hasattr(rule, name))


def _values(cell: str) -> tuple[str, ...]:
    return tuple(value for part in cell.split(LIST_SEPARATOR) if (value := part.strip()))


_FIELDS = {name: field for model in (Profile, *_SECTIONS.values()) for name, field in model.model_fields.items()}
_COLUMNS = {
    PERSON_ID: _Column(str, "the person's id in the HR system"),
    ROLE: _Column(lambda cell: ParticipantRole(cell.lower()), "mentor or mentee"),
    **{name: column for name, field in _FIELDS.items() if (column := _column(field)) is not None},
}
# How the contract's refusals read in a coordinator's words; `expected` is the column's, the rest pydantic's context.
_PROBLEMS = {
    "greater_than_equal": "must be {expected}",
    "less_than_equal": "must be {expected}",
    "string_too_long": "must be at most {max_length} characters",
    "string_pattern_mismatch": "must not contain a NUL character",
    "too_short": "must list at least {min_length}, separated by '{separator}'",
    "too_long": "must list at most {max_length}, separated by '{separator}'",
}


def _required(cells: Mapping[str, str], column: str) -> str:
    if column not in cells:
        raise _missing(column)
    return cells[column]


def _missing(column: str) -> _Rejected:
    role = _ROLE_OF_COLUMN.get(column)
    required = f"required for a {role}" if role else "required"
    reading = _COLUMNS.get(column)
    return _Rejected(column, f"{required}; write {reading.expected}" if reading else f"{required}; fill it in")


def _read(column: str, cell: str) -> Any:
    reading = _COLUMNS.get(column)
    if reading is None:
        return cell
    try:
        return reading.read(cell)
    except (KeyError, ValueError):
        raise _Rejected(column, f"must be {reading.expected}") from None


def _contract_rejection(error: Mapping[str, Any]) -> _Rejected:
    """The rejection for pydantic's first error, in the column it concerns."""
    column = _column_of(error["loc"])
    if error["type"] == "missing":
        return _missing(column)
    template = _PROBLEMS.get(error["type"])
    if template is None:
        return _Rejected(column, error["msg"].removeprefix("Value error, "))
    expected = reading.expected if (reading := _COLUMNS.get(column)) else None
    return _Rejected(column, template.format(expected=expected, separator=LIST_SEPARATOR, **error.get("ctx", {})))


def _column_of(location: tuple[int | str, ...]) -> str:
    """The file's column for a place in the `Apply` body: ('profile', 'mentor', 'capacity') is `capacity`."""
    match location:
        case ("profile", "mentor" | "mentee", field, *_):
            return str(field)
        case ("profile", field, *_):
            return str(field)
        case ("needs_assessment", question, *_):
            return f"{NEEDS_ASSESSMENT}{question}"
        case _:
            return str(location[0])
