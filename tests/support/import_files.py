"""Import files as an HR export writes them: a header of the agreed columns, a row per person."""

import csv
import io
from collections.abc import Sequence

from enrolment.domain.import_file import csv_header

PERSON_CELLS = {
    "department": "finance",
    "grade": "g7",
    "months_of_service": "36",
    "languages": "en;fr",
    "time_zone": "Europe/Paris",
}


def mentor_row(person_id: str, **cells: str) -> dict[str, str]:
    return {
        "person_id": person_id,
        "role": "mentor",
        **_person(person_id),
        "skills": "budgeting;sql",
        "capacity": "2",
        **cells,
    }


def mentee_row(person_id: str, **cells: str) -> dict[str, str]:
    return {"person_id": person_id, "role": "mentee", **_person(person_id), "desired_skills": "budgeting", **cells}


def _person(person_id: str) -> dict[str, str]:
    return {"name": f"Person {person_id}", "email": f"{person_id}@agency.example", **PERSON_CELLS}


def import_file(rows: Sequence[dict[str, str]], questions: Sequence[str] = ()) -> bytes:
    header = csv_header(questions)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows([row.get(column, "") for column in header] for row in rows)
    return text.getvalue().encode()
