"""Bulk import through the gateway: good, duplicate and bad rows of every kind, imported twice, then approved."""

import uuid

import httpx
import pytest

from mentoring_contracts.api import MAX_IMPORT_BYTES
from tests.e2e.conftest import Platform
from tests.support.import_files import import_file, mentee_row, mentor_row
from tests.support.people import program_body
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

CSV = {"content-type": "text/csv"}


def rows(tag: str) -> list[dict[str, str]]:
    return [
        mentor_row(f"m1-{tag}"),
        mentor_row(f"m2-{tag}", months_of_service="3"),  # ineligible: imported, not approved in bulk
        mentee_row(f"e1-{tag}"),
        mentee_row(f"e1-{tag}"),  # row 5: the same person again
        mentee_row(f"e2-{tag}", email="not-an-address"),  # row 6
        mentor_row(f"m3-{tag}", capacity="many"),  # row 7
        mentee_row(f"e3-{tag}", role="trainee"),  # row 8
        mentor_row(f"m4-{tag}", desired_skills="sql"),  # row 9: a mentee's cell on a mentor's row
        mentee_row(f"e4-{tag}", time_zone="Mars/Olympus"),  # row 10
        mentee_row(f"e5-{tag}", name=""),  # row 11
        mentee_row(f"e6-{tag}", grade="g99"),  # row 12: not on the programme's scale
    ]


REJECTED = {
    5: "person_id", 6: "email", 7: "capacity", 8: "role", 9: "desired_skills", 10: "time_zone", 11: "name", 12: "grade",
}  # fmt: skip


@pytest.fixture(scope="module")
def coordinator(platform: Platform) -> httpx.Client:
    return platform.client("coord-import", f"agency-{uuid.uuid4().hex[:6]}", "coordinator")


def open_program(coordinator: httpx.Client) -> str:
    design = program_body(grade_scale=["g6", "g7", "g8"], eligibility={"min_months_of_service": 12})
    program_id = coordinator.post("/api/v1/programs", json=design).json()["id"]
    assert coordinator.post(f"/api/v1/programs/{program_id}/open").status_code == 200
    return program_id


def imported(coordinator: httpx.Client, program_id: str, data: bytes, dry_run: bool = False) -> dict:
    started = coordinator.post(
        f"/api/v1/programs/{program_id}/imports", content=data, headers=CSV, params={"dry_run": dry_run}
    )
    assert started.status_code == 202, started.text
    path = f"/api/v1/programs/{program_id}/imports/{started.json()['id']}"
    return eventually(lambda: coordinator.get(path).json(), lambda view: view["status"] != "running", what="import")


def test_a_file_is_imported_row_by_row_twice_then_its_eligible_rows_approved(coordinator: httpx.Client) -> None:
    program_id = open_program(coordinator)
    data = import_file(rows(uuid.uuid4().hex[:6]))
    dry = imported(coordinator, program_id, data, dry_run=True)
    assert (dry["dry_run"], dry["imported"]) == (True, 3)
    assert coordinator.get(f"/api/v1/programs/{program_id}/applications").json()["items"] == []

    first = imported(coordinator, program_id, data)
    assert (first["status"], first["rows_total"], first["rows_done"]) == ("completed", 11, 11)
    assert (first["imported"], first["already_present"], first["eligible"]) == (3, 0, 2)
    assert {row["row"]: row["field"] for row in first["rejected"]} == REJECTED
    assert all(row["message"] for row in first["rejected"])

    second = imported(coordinator, program_id, data)
    assert (second["imported"], second["already_present"], len(second["rejected"])) == (0, 3, 8)

    path = f"/api/v1/programs/{program_id}/imports/{first['id']}"
    started = coordinator.post(f"{path}/approve-eligible")
    assert (started.status_code, started.json()) == (202, {"approving": 2})
    eventually(lambda: coordinator.get(path).json(), lambda view: view["approved"] == 2, what="approvals")
    listed = coordinator.get(f"/api/v1/programs/{program_id}/applications", params={"status": "approved"}).json()
    assert len(listed["items"]) == 2


@pytest.mark.parametrize(
    ("data", "headers", "says"),
    [
        (b"person_id,role,shoe_size\n", CSV, "shoe_size"),
        ("person_id,role,name\np1,mentee,Zo\u00eb\n".encode("latin-1"), CSV, "UTF-8"),
        (b'{"rows": []}', {"content-type": "application/json"}, "text/csv"),
        (b"x" * (MAX_IMPORT_BYTES + 1), CSV, "20 MB"),
    ],
    ids=["unknown column", "not UTF-8", "not CSV", "too large"],
)
def test_a_file_that_cannot_be_read_is_refused_and_changes_nothing(
    coordinator: httpx.Client, data: bytes, headers: dict, says: str
) -> None:
    program_id = open_program(coordinator)
    refused = coordinator.post(f"/api/v1/programs/{program_id}/imports", content=data, headers=headers)
    assert refused.status_code == 422, refused.text
    assert says in str(refused.json())
    assert coordinator.get(f"/api/v1/programs/{program_id}/applications").json()["items"] == []
