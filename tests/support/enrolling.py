"""Opening a programme and enrolling people through the gateway, as a coordinator does, for end-to-end tests."""

from typing import Any

import httpx

from tests.support.people import program_body


def opened_programme(coordinator: httpx.Client, **design: Any) -> str:
    """A programme of the coordinator's agency (the minimal design, with `design` over it), open: its id."""
    created = coordinator.post("/api/v1/programs", json=program_body(**design))
    assert created.status_code == 201, created.text
    program_id: str = created.json()["id"]
    assert coordinator.post(f"/api/v1/programs/{program_id}/open").status_code == 200
    return program_id


def enrol(coordinator: httpx.Client, program_id: str, person_id: str, role: str, **fields: Any) -> str:
    """Enrol `person_id` as `role` with the role's `fields` (skills, capacity, desired skills): the application id."""
    details = {
        "id": person_id, "name": f"Person {person_id}", "email": f"{person_id}@agency.example",
        "department": "finance", "grade": "g7", "languages": ["en"],
    }  # fmt: skip
    enrolled = coordinator.post(
        f"/api/v1/programs/{program_id}/participants", json={"role": role, "person": details, **fields}
    )
    assert enrolled.status_code == 201, enrolled.text
    application_id: str = enrolled.json()["id"]
    return application_id
