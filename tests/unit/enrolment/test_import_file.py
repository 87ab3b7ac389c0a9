import csv
import io
from collections.abc import Sequence

import pytest

from enrolment.domain.import_file import ImportFile, csv_header, read_import
from mentoring_contracts.api.imports import MAX_IMPORT_BYTES, RejectedRow
from mentoring_contracts.names import ParticipantRole
from mentoring_runtime.errors import Invalid

pytestmark = pytest.mark.unit

QUESTIONS = ("goals", "support")
HEADER = csv_header(QUESTIONS)
PERSON = {
    "name": "Ada Lovelace",
    "email": "ada@example.org",
    "department": "finance",
    "grade": "g7",
    "months_of_service": "24",
    "languages": "en",
}
MENTOR = {**PERSON, "person_id": "p1", "role": "mentor", "skills": "sql", "capacity": "2"}
MENTEE = {**PERSON, "person_id": "p2", "role": "mentee", "desired_skills": "sql"}


def csv_bytes(*records: Sequence[str]) -> bytes:
    """A file of these records, as an export writes it; an empty record is a blank line."""
    text = io.StringIO()
    csv.writer(text).writerows(records)
    return text.getvalue().encode()


def record(row: dict[str, str]) -> list[str]:
    """The row's cells in `HEADER`'s order, empty where the row gives none."""
    return [row.get(column, "") for column in HEADER]


def imported(*rows: dict[str, str]) -> ImportFile:
    return read_import(csv_bytes(HEADER, *map(record, rows)), QUESTIONS)


def rejection(row: dict[str, str]) -> RejectedRow:
    result = imported(row)
    assert not result.rows
    [rejected] = result.rejected
    return rejected


def test_a_mentor_row_becomes_an_application_with_its_mentor_section() -> None:
    [row] = imported({**MENTOR, "good_standing": "no", "effective_partnership": "Candour"}).rows
    assert (row.number, row.person_id, row.apply.role, row.apply.person_id) == (2, "p1", ParticipantRole.MENTOR, "p1")
    profile = row.apply.profile
    assert profile is not None and profile.mentee is None
    assert (profile.name, profile.months_of_service, profile.good_standing) == ("Ada Lovelace", 24, False)
    assert profile.mentor is not None
    assert (profile.mentor.skills, profile.mentor.capacity) == (("sql",), 2)
    assert profile.mentor.effective_partnership == "Candour"


def test_a_mentee_row_becomes_an_application_with_its_mentee_section_and_answers() -> None:
    answers = {"needs_assessment:goals": "Lead a team", "needs_assessment:support": "Feedback"}
    [row] = imported({**MENTEE, **answers, "goal_tags": "leadership", "effective_partnership": "Trust"}).rows
    assert row.apply.role is ParticipantRole.MENTEE
    assert row.apply.needs_assessment == {"goals": "Lead a team", "support": "Feedback"}
    profile = row.apply.profile
    assert profile is not None and profile.mentor is None and profile.mentee is not None
    assert (profile.mentee.desired_skills, profile.mentee.goal_tags) == (("sql",), ("leadership",))
    assert profile.mentee.effective_partnership == "Trust"


def test_list_cells_are_split_on_semicolons() -> None:
    [row] = imported({**MENTOR, "languages": "en; FR ;", "conflicts": "p7;p8", "skills": "SQL;Python"}).rows
    profile = row.apply.profile
    assert profile is not None and profile.mentor is not None
    assert (profile.languages, profile.conflicts, profile.mentor.skills) == (
        ("en", "fr"),
        ("p7", "p8"),
        ("sql", "python"),
    )


@pytest.mark.parametrize(
    ("cell", "good_standing"), [("Yes", True), ("TRUE", True), ("1", True), ("no", False), ("0", False)]
)
def test_good_standing_reads_true_false_yes_no_or_one_zero(cell: str, good_standing: bool) -> None:
    [row] = imported({**MENTOR, "good_standing": cell}).rows
    assert row.apply.profile is not None and row.apply.profile.good_standing is good_standing


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + csv_bytes(HEADER, record(MENTOR)),
        csv_bytes([f" {column.upper()} " for column in HEADER], record(MENTOR)),
    ],
    ids=["byte order mark", "header in capitals with spaces"],
)
def test_a_header_is_read_whatever_its_byte_order_mark_case_or_spaces(data: bytes) -> None:
    [row] = read_import(data, QUESTIONS).rows
    assert row.person_id == "p1"


NOT_UTF8 = csv_bytes(HEADER) + b"p1,mentor,Ad\xe9\n"
NOT_UTF8_AT = NOT_UTF8.index(b"\xe9")
RAGGED = csv_bytes(HEADER, record(MENTOR), record(MENTEE) + ["extra"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\n" + csv_bytes(HEADER), "the first row is empty"),
        (NOT_UTF8, rf"not UTF-8: byte {NOT_UTF8_AT} \(line 2\) .* export the file .* as CSV UTF-8"),
        (b"\xef\xbb\xbf" + NOT_UTF8, rf"not UTF-8: byte {NOT_UTF8_AT + 3} \(line 2\)"),
        (
            csv_bytes([*HEADER, "nickname", "needs_assessment:hobby"]),
            "unknown columns: 'nickname', 'needs_assessment:hobby'; .* person_id, role",
        ),
        (csv_bytes([*HEADER, ""]), rf"unknown columns: column {len(HEADER) + 1} \(no name\)"),
        (csv_bytes([*HEADER, " Email"]), "columns named more than once: email; keep one of each"),
        (
            csv_bytes([column for column in HEADER if column not in ("email", "languages")]),
            "missing columns: email, languages; every file needs",
        ),
        (RAGGED, f"line 3 has {len(HEADER) + 1} cells but the header names {len(HEADER)} columns"),
        (csv_bytes(HEADER) + b'"p1"x,mentor\n', "not valid CSV at line 2"),
        (b" " * (MAX_IMPORT_BYTES + 1), f"more than the {MAX_IMPORT_BYTES:,} an import takes"),
    ],
    ids=[
        "empty",
        "no header",
        "not UTF-8",
        "not UTF-8 after a byte order mark",
        "unknown column",
        "unnamed column",
        "duplicate column",
        "missing column",
        "ragged row",
        "bad quoting",
        "too big",
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole_naming_the_problem(data: bytes, message: str) -> None:
    with pytest.raises(Invalid, match=message) as refused:
        read_import(data, QUESTIONS)
    assert refused.value.field == "body"


@pytest.mark.parametrize(
    ("row", "field", "problem"),
    [
        ({**MENTOR, "email": "ada"}, "email", "value is not a valid email address"),
        ({**MENTOR, "capacity": "two"}, "capacity", "must be a whole number from 1 to 50"),
        ({**MENTOR, "capacity": "51"}, "capacity", "must be a whole number from 1 to 50"),
        ({**MENTOR, "role": "boss"}, "role", "must be mentor or mentee"),
        ({**MENTOR, "role": ""}, "role", "required; write mentor or mentee"),
        ({**MENTOR, "desired_skills": "sql"}, "desired_skills", "is for mentees; leave it empty on a mentor row"),
        ({**MENTEE, "capacity": "2"}, "capacity", "is for mentors; leave it empty on a mentee row"),
        ({**MENTOR, "time_zone": "Mars/Olympus"}, "time_zone", "must be an IANA time zone name"),
        ({**MENTOR, "months_of_service": "-1"}, "months_of_service", "must be a whole number from 0 to 720"),
        ({**MENTOR, "good_standing": "maybe"}, "good_standing", "must be true or false"),
        ({**MENTOR, "name": ""}, "name", "required; fill it in"),
        ({**MENTOR, "person_id": ""}, "person_id", "required"),
        ({**MENTOR, "skills": ""}, "skills", "required for a mentor; write one or more values separated by ';'"),
        ({**MENTOR, "languages": " ; "}, "languages", "must list at least 1, separated by ';'"),
        ({**MENTEE, "needs_assessment:goals": "x" * 5001}, "needs_assessment:goals", "must be at most 5000 characters"),
    ],
)
def test_a_bad_row_is_rejected_naming_its_row_and_column(row: dict[str, str], field: str, problem: str) -> None:
    rejected = rejection(row)
    assert (rejected.row, rejected.field) == (2, field)
    assert rejected.message.startswith(f"{field}: {problem}")


def test_a_person_appearing_again_is_rejected_pointing_at_their_first_row() -> None:
    result = imported(MENTOR, MENTEE, {**MENTOR, "capacity": "3"}, MENTOR)
    assert [row.number for row in result.rows] == [2, 3]
    assert result.rejected == [
        RejectedRow(
            row=number,
            field="person_id",
            message="person_id: person p1 already appears in row 2; keep one row per person",
        )
        for number in (4, 5)
    ]


def test_rows_are_numbered_as_in_a_spreadsheet_blank_lines_skipped_and_every_problem_reported() -> None:
    short_mentor = record({**MENTOR, "person_id": "p3"})[: HEADER.index("capacity") + 1]
    data = csv_bytes(
        HEADER,
        record({**MENTOR, "motivation": "To give back,\nand to learn"}),  # one row over two lines
        [],
        [""] * len(HEADER),
        record({**MENTEE, "email": "bob"}),
        short_mentor,
        record({**MENTEE, "person_id": "p4", "desired_skills": ""}),
    )
    result = read_import(data, QUESTIONS)
    assert [row.number for row in result.rows] == [2, 6]
    assert [(rejected.row, rejected.field) for rejected in result.rejected] == [(5, "email"), (7, "desired_skills")]
    assert result.total == 4


def test_the_header_names_every_profile_field_then_the_programmes_questions() -> None:
    assert csv_header(["goals"]) == [
        "person_id",
        "role",
        "name",
        "email",
        "current_role",
        "department",
        "grade",
        "manager_id",
        "months_of_service",
        "good_standing",
        "conflicts",
        "languages",
        "location",
        "time_zone",
        "skills",
        "capacity",
        "strengths",
        "career_path",
        "motivation",
        "mentoring_experience",
        "effective_partnership",
        "availability",
        "desired_skills",
        "goal_tags",
        "goals",
        "hopes_to_learn",
        "needs_assessment:goals",
    ]
