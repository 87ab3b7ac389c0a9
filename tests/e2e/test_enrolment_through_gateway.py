"""Enrolment through the gateway with real tokens: design, apply, screen, exception, approve, pool, withdraw."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.e2e.conftest import Platform
from tests.support.matching import matched
from tests.support.people import profile_body, program_body
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

RULES = {
    "eligibility": {"min_months_of_service": 24},
    "info_session_required": True,
    "needs_assessment": [{"id": "goal", "text": "What do you want to learn?"}],
}


@dataclass
class Programme:
    platform: Platform
    agency: str
    tag: str
    coordinator: httpx.Client
    program_id: str

    def person(self, name: str, *roles: str) -> tuple[str, httpx.Client]:
        person_id = f"{name}-{self.tag}"
        return person_id, self.platform.client(person_id, self.agency, *roles)

    def apply(self, client: httpx.Client, person_id: str, role: str, **fields: object) -> str:
        body: dict = {"role": role, "profile": profile_body(person_id, role, **fields)}
        if role == "mentee":
            body["needs_assessment"] = {"goal": "lead a team"}
        response = client.post(f"/api/v1/programs/{self.program_id}/applications", json=body)
        assert response.status_code == 201, response.text
        return response.json()["id"]


@pytest.fixture(scope="module")
def programme(platform: Platform) -> Programme:
    tag = uuid.uuid4().hex[:6]
    agency = f"agency-{tag}"
    coordinator = platform.client(f"coord-{tag}", agency, "coordinator")
    created = coordinator.post("/api/v1/programs", json=program_body(**RULES))
    assert created.status_code == 201, created.text
    program_id = created.json()["id"]
    assert coordinator.get(f"/api/v1/programs/{program_id}").json()["status"] == "draft"
    opened = coordinator.post(f"/api/v1/programs/{program_id}/open")
    assert (opened.status_code, opened.json()["status"]) == (200, "open"), opened.text
    return Programme(platform, agency, tag, coordinator, program_id)


def test_an_application_is_screened_excepted_approved_and_pooled_and_a_withdrawal_leaves(programme: Programme) -> None:
    coordinator, program = programme.coordinator, f"/api/v1/programs/{programme.program_id}"
    mentor_id, mentor = programme.person("mentor", "mentor")
    junior_id, junior = programme.person("junior", "mentee")
    leaver_id, leaver = programme.person("leaver", "mentee")
    mentor_application = programme.apply(mentor, mentor_id, "mentor")
    junior_application = programme.apply(junior, junior_id, "mentee", months_of_service=10)
    leaver_application = programme.apply(leaver, leaver_id, "mentee")

    screened = junior.get(f"/api/v1/applications/{junior_application}").json()
    assert [unmet["rule"] for unmet in screened["eligibility"]["unmet"]] == ["months_of_service", "info_session"]
    pending = coordinator.get(f"{program}/applications", params={"status": "pending"}).json()
    assert {item["id"] for item in pending["items"]} == {mentor_application, junior_application, leaver_application}

    started = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    session = coordinator.post(
        f"{program}/info-sessions", json={"starts_at": started, "link": "https://meet.example/x", "capacity": 10}
    )
    assert session.status_code == 201, session.text
    session_id = session.json()["id"]
    for client in (mentor, junior, leaver):
        assert client.post(f"/api/v1/info-sessions/{session_id}/registrations").status_code == 201
    attended = coordinator.post(
        f"/api/v1/info-sessions/{session_id}/attendance", json={"person_ids": [mentor_id, junior_id, leaver_id]}
    )
    assert (attended.status_code, attended.json()) == (200, {"attended": 3})

    refused = coordinator.post(f"/api/v1/applications/{junior_application}/approve", json={})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "exception_justification"
    excepted = coordinator.post(
        f"/api/v1/applications/{junior_application}/approve", json={"exception_justification": "acting team lead"}
    ).json()
    assert (excepted["status"], excepted["exception"], excepted["approval"]["reason"]) == (
        "approved",
        True,
        "acting team lead",
    )
    for application in (mentor_application, leaver_application):
        approved = coordinator.post(f"/api/v1/applications/{application}/approve", json={})
        assert approved.json()["status"] == "approved", approved.text
    withdrawn = leaver.post(f"/api/v1/applications/{leaver_application}/withdraw", json={"reason": "moved away"})
    assert withdrawn.json()["status"] == "withdrawn", withdrawn.text

    # A run started before matching had the withdrawal would have considered the leaver too. Once the withdrawal is
    # applied, a run considers only the mentor and the junior.
    _, published = matched(coordinator, programme.program_id, lambda r: (r["mentors"], r["mentees"]) == (1, 1))
    pairs = {(pair["mentor_id"], pair["mentee_id"]) for pair in published}
    assert (mentor_id, junior_id) in pairs
    assert eventually(lambda: coordinator.get(program).json()["status"], lambda s: s == "running", what="running")


def test_who_may_call_what(programme: Programme) -> None:
    person_id, mentee = programme.person("curious", "mentee")
    application = programme.apply(mentee, person_id, "mentee")
    _, other_mentee = programme.person("nosy", "mentee", "mentor")
    program = f"/api/v1/programs/{programme.program_id}"
    for method, path, body in [
        ("POST", "/api/v1/programs", program_body()),
        ("PATCH", program, {"name": "Renamed"}),
        ("POST", f"{program}/close", None),
        ("GET", f"{program}/applications", None),
        ("POST", f"/api/v1/applications/{application}/approve", {}),
        ("POST", f"/api/v1/applications/{application}/reject", {"reason": "no"}),
        ("POST", f"{program}/info-sessions", {"starts_at": "2027-01-05T10:00:00Z", "location": "Hall", "capacity": 5}),
        ("GET", f"{program}/imports/some-import", None),
    ]:
        assert mentee.request(method, path, json=body).status_code == 403, (method, path)
    assert other_mentee.get(f"/api/v1/applications/{application}").status_code == 403
    assert other_mentee.post(f"/api/v1/applications/{application}/withdraw", json={}).status_code == 403
    assert other_mentee.get("/api/v1/me/profile").status_code == 404  # they have none
    assert mentee.get(f"/api/v1/applications/{application}").json()["profile"]["person_id"] == person_id
    assert mentee.get("/api/v1/programs").json()["items"][0]["id"] == programme.program_id
    sessions = mentee.get(f"{program}/info-sessions", params={"limit": 5})
    assert sessions.status_code == 200 and all(
        item["program_id"] == programme.program_id for item in sessions.json()["items"]
    )
    rejected = programme.coordinator.post(f"/api/v1/applications/{application}/reject", json={"reason": "full"})
    assert (rejected.json()["status"], rejected.json()["rejection"]["reason"]) == ("rejected", "full")
    assert mentee.get(f"/api/v1/applications/{application}").json()["status"] == "rejected"

    elsewhere = programme.platform.client(f"coord-x-{programme.tag}", "agency-elsewhere", "coordinator")
    for method, path in [
        ("GET", program),
        ("GET", f"{program}/applications"),
        ("GET", f"/api/v1/applications/{application}"),
        ("POST", f"{program}/open"),
    ]:
        assert elsewhere.request(method, path).status_code == 404, (method, path)


def test_a_profile_is_read_and_changed_by_its_person(programme: Programme) -> None:
    person_id, mentor = programme.person("changing", "mentor")
    programme.apply(mentor, person_id, "mentor")
    changed = mentor.patch("/api/v1/me/profile", json={"location": "Lyon", "time_zone": "Europe/Berlin"})
    assert (changed.status_code, changed.json()["location"]) == (200, "Lyon"), changed.text
    assert mentor.get("/api/v1/me/profile").json()["time_zone"] == "Europe/Berlin"
    bad = mentor.patch("/api/v1/me/profile", json={"time_zone": "Mars/Olympus"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "time_zone"


def test_a_programme_moves_only_forward(programme: Programme, platform: Platform) -> None:
    coordinator = programme.coordinator
    program_id = coordinator.post("/api/v1/programs", json=program_body()).json()["id"]
    assert (
        coordinator.patch(f"/api/v1/programs/{program_id}", json={"duration_months": 24}).json()["duration_months"]
        == 24
    )
    assert coordinator.post(f"/api/v1/programs/{program_id}/close").status_code == 409
    assert coordinator.post(f"/api/v1/programs/{program_id}/open").status_code == 200
    refused = coordinator.patch(f"/api/v1/programs/{program_id}", json={"kind": "peer"})
    assert refused.status_code == 409 and "is open" in refused.json()["detail"]
    assert coordinator.post(f"/api/v1/programs/{program_id}/close").json()["status"] == "closed"
    again = coordinator.post(f"/api/v1/programs/{program_id}/open")
    assert again.status_code == 409 and "is closed" in again.json()["detail"]
