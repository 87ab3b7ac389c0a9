"""Matching through the gateway with real tokens: a run reviewed, locked, excluded, re-solved, reproduced and
published; suggestions and pairs made by hand; and who may do any of it."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Platform
from tests.support.matching import pairs, proposed_run, publish, settled_run
from tests.support.people import program_body
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e


@dataclass
class Cohort:
    platform: Platform
    agency: str
    tag: str
    coordinator: httpx.Client
    program_id: str

    @property
    def path(self) -> str:
        return f"/api/v1/programs/{self.program_id}"

    def id(self, name: str) -> str:
        return f"{name}-{self.tag}"

    def enrol(self, name: str, role: str, skills: str, capacity: int = 1, **person: Any) -> None:
        details = {
            "id": self.id(name), "name": f"Person {name}", "email": f"{name}-{self.tag}@agency.example",
            "department": "finance", "grade": "g7", "languages": ["en"], **person,
        }  # fmt: skip
        body: dict[str, Any] = {"role": role, "person": details}
        if role == "mentor":
            body |= {"skills": skills.split(), "capacity": capacity}
        else:
            body |= {"desired_skills": skills.split()}
        response = self.coordinator.post(f"{self.path}/participants", json=body)
        assert response.status_code == 201, response.text

    def run(self, run_id: str) -> str:
        return f"{self.path}/match-runs/{run_id}"

    def proposals(self, run_id: str) -> dict[tuple[str, str], dict[str, Any]]:
        items = self.coordinator.get(f"{self.run(run_id)}/proposals", params={"limit": 200}).json()["items"]
        return {(p["mentee_id"], p["mentor_id"]): p for p in items}


@pytest.fixture(scope="module")
def cohort(platform: Platform) -> Cohort:
    tag = uuid.uuid4().hex[:6]
    agency = f"agency-{tag}"
    coordinator = platform.client(f"coord-{tag}", agency, "coordinator")
    created = coordinator.post("/api/v1/programs", json=program_body())
    assert created.status_code == 201, created.text
    cohort = Cohort(platform, agency, tag, coordinator, created.json()["id"])
    assert coordinator.post(f"{cohort.path}/open").status_code == 200
    cohort.enrol("m1", "mentor", "budgeting negotiation")
    cohort.enrol("m2", "mentor", "budgeting", department="hr")
    cohort.enrol("boss", "mentor", "budgeting", capacity=2)
    cohort.enrol("e1", "mentee", "budgeting", manager_id=cohort.id("boss"))
    cohort.enrol("e2", "mentee", "negotiation")
    cohort.enrol("e3", "mentee", "budgeting", languages=["fr"])
    return cohort


def test_a_run_is_reviewed_then_published_and_its_review_runs_link_back(cohort: Cohort) -> None:
    coordinator, i = cohort.coordinator, cohort.id
    first = eventually(
        lambda: proposed_run(coordinator, cohort.program_id), lambda r: r["mentees"] == 3 and r["mentors"] == 3
    )
    assert first["certified_optimal"] and len(first["inputs_hash"]) == 64 and first["algorithm_version"]
    assert (first["proposed"], first["unmatched"]["no_eligible_mentor"]) == (2, 1)
    proposals = cohort.proposals(first["id"])
    assert (i("e1"), i("boss")) not in proposals  # boss manages e1
    assert all(p["explanation"][0]["criterion"] == "skills" for p in proposals.values())
    [unmatched] = coordinator.get(f"{cohort.run(first['id'])}/unmatched").json()["items"]
    assert (unmatched["mentee_id"], unmatched["reason"]) == (i("e3"), "no_eligible_mentor")
    assert "no working language in common" in unmatched["detail"]
    assert coordinator.get(f"{cohort.path}/pairs").json()["items"] == []  # nothing published yet

    refused = coordinator.post(f"{cohort.run(first['id'])}/locks", json={"mentee_id": i("e1"), "mentor_id": i("boss")})
    assert refused.status_code == 409 and "reporting_line" in refused.json()["detail"], refused.text
    lock = {"mentee_id": i("e2"), "mentor_id": i("m2")}
    locked_id = coordinator.post(f"{cohort.run(first['id'])}/locks", json=lock).json()["id"]
    locked = settled_run(coordinator, cohort.program_id, locked_id, "proposed")
    assert (locked["parent_run_id"], locked["locks"]) == (first["id"], [lock])
    assert cohort.proposals(locked_id)[i("e2"), i("m2")]["locked"]

    excluded_id = coordinator.post(f"{cohort.run(locked_id)}/exclusions", json=lock).json()["id"]
    excluded = settled_run(coordinator, cohort.program_id, excluded_id, "proposed")
    assert (excluded["locks"], excluded["exclusions"]) == ([], [lock])
    assert (i("e2"), i("m2")) not in cohort.proposals(excluded_id)

    cohort.enrol("e4", "mentee", "budgeting")
    resolved_id = coordinator.post(f"{cohort.run(excluded_id)}/resolve").json()["id"]
    resolved = eventually(
        lambda: settled_run(coordinator, cohort.program_id, resolved_id, "proposed"),
        lambda r: r["status"] == "proposed",
    )
    assert resolved["exclusions"] == [lock] and resolved["mentees"] in (3, 4)  # the pool as matching has it now

    reproduced = coordinator.post(f"{cohort.run(first['id'])}/reproduce").json()
    assert reproduced == {
        "identical": True,
        "inputs_hash": first["inputs_hash"],
        "proposals_hash": reproduced["proposals_hash"],
    }

    published = publish(coordinator, cohort.program_id, resolved_id)
    assert {(p["mentee_id"], p["mentor_id"]) for p in published} == set(cohort.proposals(resolved_id))
    assert {p["mode"] for p in published} == {"run"} and {p["run_id"] for p in published} == {resolved_id}
    assert coordinator.post(f"{cohort.run(resolved_id)}/publish").status_code == 409
    assert coordinator.get(cohort.run(first["id"])).json()["status"] == "discarded"
    assert coordinator.post(f"{cohort.run(first['id'])}/publish").status_code == 409


def test_suggestions_and_a_pair_made_by_hand_keep_the_rules_and_capacity(cohort: Cohort) -> None:
    coordinator, i = cohort.coordinator, cohort.id
    cohort.enrol("e5", "mentee", "budgeting negotiation")
    suggestions = eventually(
        lambda: coordinator.get(f"{cohort.path}/mentees/{i('e5')}/suggestions", params={"limit": 2}),
        lambda r: r.status_code == 200,
        what="matching to have e5",
    ).json()
    assert suggestions["mentee_id"] == i("e5") and 1 <= len(suggestions["items"]) <= 2
    best = suggestions["items"][0]
    assert best["free_places"] >= 1 and best["explanation"][0]["criterion"] == "skills"
    scores = [s["score"] for s in suggestions["items"]]
    assert scores == sorted(scores, reverse=True)

    no_language = coordinator.post(f"{cohort.path}/pairs", json={"mentee_id": i("e3"), "mentor_id": best["mentor_id"]})
    assert no_language.status_code == 409 and "shared_language" in no_language.json()["detail"]
    made = coordinator.post(f"{cohort.path}/pairs", json={"mentee_id": i("e5"), "mentor_id": best["mentor_id"]})
    assert made.status_code == 201, made.text
    again = coordinator.post(f"{cohort.path}/pairs", json={"mentee_id": i("e5"), "mentor_id": i("m1")})
    assert again.status_code == 409 and "already" in again.json()["detail"]
    pair = next(p for p in pairs(coordinator, cohort.program_id) if p["id"] == made.json()["id"])
    assert (pair["mode"], pair["run_id"], pair["mentor_id"]) == ("manual", None, best["mentor_id"])
    unknown = coordinator.get(f"{cohort.path}/mentees/nobody/suggestions")
    assert unknown.status_code == 404


@pytest.mark.parametrize("role", ["mentor", "mentee"])
def test_only_a_coordinator_of_the_agency_reaches_matching(cohort: Cohort, role: str) -> None:
    member = cohort.platform.client(cohort.id("e2"), cohort.agency, role)
    stranger = cohort.platform.client("coord-elsewhere", "agency-elsewhere", "coordinator")
    some_run = cohort.run(str(uuid.uuid4()))
    pair = {"mentee_id": cohort.id("e2"), "mentor_id": cohort.id("m1")}
    calls = [
        ("POST", f"{cohort.path}/match-runs", {}),
        ("GET", f"{some_run}/proposals", None),
        ("GET", f"{some_run}/unmatched", None),
        ("POST", f"{some_run}/locks", pair),
        ("POST", f"{some_run}/exclusions", pair),
        ("POST", f"{some_run}/resolve", None),
        ("POST", f"{some_run}/publish", None),
        ("POST", f"{some_run}/reproduce", None),
        ("GET", f"{cohort.path}/mentees/{cohort.id('e2')}/suggestions", None),
        ("POST", f"{cohort.path}/pairs", pair),
        ("GET", f"{cohort.path}/pairs", None),
    ]
    for method, path, body in calls:
        assert member.request(method, path, json=body).status_code == 403, (method, path)
        assert stranger.request(method, path, json=body).status_code == 404, (method, path)
