"""Self-select through the gateway with real tokens: suggestions, requests, answers, expiry and the capacity races,
and who may see or do any of it."""

import asyncio
import json
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Platform
from tests.support.kafka import read_topic
from tests.support.matching import pairs, proposed_run, settled_run
from tests.support.people import program_body
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

SELF_SELECT = {"self_select": True}
EXPIRY_SECONDS = 4
MESSAGE = "I run a team of six and our budget round starts in May"


@dataclass
class Agency:
    platform: Platform
    tag: str
    coordinator: httpx.Client
    clients: dict[str, httpx.Client] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"agency-{self.tag}"

    def id(self, name: str) -> str:
        return f"{name}-{self.tag}"

    def programme(self, **policy: Any) -> str:
        created = self.coordinator.post("/api/v1/programs", json=program_body(matching_policy=policy))
        assert created.status_code == 201, created.text
        program_id = created.json()["id"]
        assert self.coordinator.post(f"/api/v1/programs/{program_id}/open").status_code == 200
        return program_id

    def enrol(self, program_id: str, name: str, role: str, capacity: int = 1, **person: Any) -> None:
        details = {
            "id": self.id(name), "name": f"Person {name}", "email": f"{name}-{self.tag}@agency.example",
            "department": "finance", "grade": "g7", "languages": ["en"], **person,
        }  # fmt: skip
        body: dict[str, Any] = {"role": role, "person": details}
        body |= (
            {"skills": ["budgeting"], "capacity": capacity} if role == "mentor" else {"desired_skills": ["budgeting"]}
        )
        response = self.coordinator.post(f"/api/v1/programs/{program_id}/participants", json=body)
        assert response.status_code == 201, response.text

    def as_(self, name: str, *roles: str) -> httpx.Client:
        """The person `name` of this agency, calling with `roles` (their role in the programme by default)."""
        key = f"{name}:{','.join(roles)}"
        if key not in self.clients:
            self.clients[key] = self.platform.client(self.id(name), self.name, *roles)
        return self.clients[key]

    def mentee(self, name: str) -> httpx.Client:
        return self.as_(name, "mentee")

    def mentor(self, name: str) -> httpx.Client:
        return self.as_(name, "mentor")

    def suggestions(self, name: str, **params: Any) -> list[str]:
        """The mentee's suggestions, once matching has taken in the programme's people."""
        found = eventually(
            lambda: self.mentee(name).get("/api/v1/me/suggestions", params=params),
            lambda r: r.status_code == 200 and r.json()["items"],
            what=f"suggestions for {name}",
        )
        return [item["mentor_id"] for item in found.json()["items"]]

    def request(self, mentee: str, mentor: str, **body: Any) -> dict[str, Any]:
        made = self.mentee(mentee).post("/api/v1/me/mentor-requests", json={"mentor_id": self.id(mentor), **body})
        assert made.status_code == 201, made.text
        return made.json()

    def requests(self, client: httpx.Client, path: str = "/api/v1/me/mentor-requests") -> dict[str, dict[str, Any]]:
        listed = client.get(path, params={"limit": 200})
        assert listed.status_code == 200, listed.text
        return {item["id"]: item for item in listed.json()["items"]}


@pytest.fixture(scope="module")
def agency(platform: Platform) -> Agency:
    tag = uuid.uuid4().hex[:6]
    return Agency(platform, tag, platform.client(f"coord-{tag}", f"agency-{tag}", "coordinator"))


@pytest.fixture(scope="module")
def chosen(agency: Agency) -> str:
    """A programme that lets mentees choose: m1 takes one mentee, m2 two; boss manages e1."""
    program_id = agency.programme(**SELF_SELECT)
    agency.enrol(program_id, "m1", "mentor", capacity=1)
    agency.enrol(program_id, "m2", "mentor", capacity=2, department="hr")
    agency.enrol(program_id, "boss", "mentor", capacity=2)
    agency.enrol(program_id, "e1", "mentee", manager_id=agency.id("boss"))
    for mentee in ("e2", "e3", "e4"):
        agency.enrol(program_id, mentee, "mentee")
    assert len(agency.suggestions("e4")) == 3  # matching has everyone
    return program_id


def test_a_mentee_sees_suggestions_only_for_themself_and_only_where_the_programme_lets_them_choose(
    agency: Agency, chosen: str
) -> None:
    found = agency.mentee("e1").get("/api/v1/me/suggestions", params={"limit": 5}).json()
    assert (found["program_id"], found["mentee_id"]) == (chosen, agency.id("e1"))
    assert [s["mentor_id"] for s in found["items"]] == [agency.id("m2"), agency.id("m1")]  # boss manages e1
    assert found["items"][0]["explanation"][0]["criterion"] == "skills" and found["items"][0]["score"] > 0
    assert len(agency.mentee("e1").get("/api/v1/me/suggestions", params={"limit": 1}).json()["items"]) == 1
    for role in ("mentor", "coordinator"):
        assert agency.as_("e1", role).get("/api/v1/me/suggestions").status_code == 403
    assert agency.mentee("nobody").get("/api/v1/me/suggestions").status_code == 403  # no mentee of any programme
    assert agency.mentee("e1").get("/api/v1/me/suggestions", params={"program_id": "nope"}).status_code == 404
    assert agency.mentee("e1").get("/api/v1/me/suggestions", params={"limit": 0}).status_code == 422

    coordinated = agency.programme()
    agency.enrol(coordinated, "c1", "mentor")
    agency.enrol(coordinated, "e9", "mentee")
    refused = eventually(
        lambda: agency.mentee("e9").get("/api/v1/me/suggestions"), lambda r: r.status_code == 409, what="e9 known"
    )
    assert "does not let mentees choose" in refused.json()["detail"]
    policy = {"matching_policy": {"self_select": True}}
    assert agency.coordinator.patch(f"/api/v1/programs/{coordinated}", json=policy).status_code == 200
    assert agency.suggestions("e9") == [agency.id("c1")]  # the changed policy reached matching

    agency.enrol(coordinated, "e2", "mentee")  # e2 is now a mentee of two programmes that let them choose
    ambiguous = eventually(
        lambda: agency.mentee("e2").get("/api/v1/me/suggestions"), lambda r: r.status_code == 422, what="ambiguity"
    )
    [error] = ambiguous.json()["errors"]
    assert error["field"] == "program_id" and chosen in error["message"] and coordinated in error["message"]
    assert agency.suggestions("e2", program_id=chosen)


def test_requests_are_seen_by_their_mentee_their_mentor_and_the_coordinators_only(agency: Agency, chosen: str) -> None:
    first = agency.request("e1", "m1", message=MESSAGE, program_id=chosen)
    assert (first["status"], first["message"], first["mentor_id"]) == ("open", MESSAGE, agency.id("m1"))
    again = agency.mentee("e1").post("/api/v1/me/mentor-requests", json={"mentor_id": agency.id("m2")})
    assert again.status_code == 409 and first["id"] in again.json()["detail"]
    manager = agency.mentee("e1").post("/api/v1/me/mentor-requests", json={"mentor_id": agency.id("boss")})
    assert manager.status_code == 409  # still the open request first
    second = agency.request("e3", "m1", message="hello", program_id=chosen)
    assert agency.id("m1") not in agency.suggestions("e4")  # its one place is spoken for by two requests already

    assert set(agency.requests(agency.mentee("e1"))) == {first["id"]}
    assert set(agency.requests(agency.mentee("e3"))) == {second["id"]}
    to_m1 = agency.requests(agency.mentor("m1"))
    assert set(to_m1) == {first["id"], second["id"]} and to_m1[first["id"]]["message"] == MESSAGE
    assert agency.requests(agency.mentor("m2")) == {}
    everything = agency.requests(agency.coordinator, f"/api/v1/programs/{chosen}/mentor-requests")
    assert {first["id"], second["id"]} <= set(everything) and everything[first["id"]]["message"] == MESSAGE
    stranger = agency.platform.client("coord-elsewhere", "agency-elsewhere", "coordinator")
    assert stranger.get(f"/api/v1/programs/{chosen}/mentor-requests").status_code == 404
    assert agency.mentor("m1").get(f"/api/v1/programs/{chosen}/mentor-requests").status_code == 403
    assert agency.coordinator.get("/api/v1/me/mentor-requests").status_code == 403

    for answer in ("accept", "decline"):
        path = f"/api/v1/mentor-requests/{first['id']}/{answer}"
        assert agency.mentor("m2").post(path, json={}).status_code == 403  # not to them
        assert agency.mentee("e1").post(path, json={}).status_code == 403
        assert agency.coordinator.post(path, json={}).status_code == 403
        assert (
            agency.platform.client(agency.id("m1"), "agency-elsewhere", "mentor").post(path, json={}).status_code == 404
        )
    assert agency.requests(agency.mentee("e1"))[first["id"]]["status"] == "open"


def concurrently(*calls: Callable[[], httpx.Response]) -> list[httpx.Response]:
    """The calls at the same instant, each from its own thread, released together."""
    start = threading.Barrier(len(calls))

    def released(call: Callable[[], httpx.Response]) -> httpx.Response:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(released, calls))


def test_a_capacity_one_mentor_accepting_two_requests_at_once_ends_with_one_mentee(agency: Agency, chosen: str) -> None:
    waiting = agency.requests(agency.mentor("m1"))
    assert len(waiting) == 2 and {r["status"] for r in waiting.values()} == {"open"}
    m1 = [agency.platform.client(agency.id("m1"), agency.name, "mentor") for _ in waiting]
    answers = concurrently(
        *(
            lambda c=c, r=r: c.post(f"/api/v1/mentor-requests/{r}/accept", json={"reason": "yes"})
            for c, r in zip(m1, waiting, strict=True)
        )
    )
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    won = next(a.json() for a in answers if a.status_code == 200)
    lost = next(a.json() for a in answers if a.status_code == 409)
    assert won["status"] == "accepted" and won["pair_id"] and "capacity" in lost["detail"]

    mine = [p for p in pairs(agency.coordinator, chosen) if p["mentor_id"] == agency.id("m1")]
    assert [(p["id"], p["mode"], p["mentee_id"]) for p in mine] == [(won["pair_id"], "self_select", won["mentee_id"])]
    closed = next(r for r in agency.requests(agency.mentor("m1")).values() if r["id"] != won["id"])
    assert closed["status"] == "closed" and "capacity" in closed["closed_because"]
    assert agency.request(closed["mentee_id"].removesuffix(f"-{agency.tag}"), "m2", program_id=chosen)  # may again

    winner = agency.platform.client(won["mentee_id"], agency.name, "mentee")
    meeting = {"held_at": "2026-05-04T10:00:00Z", "duration_minutes": 45, "notes": "first talk"}
    logged = eventually(
        lambda: winner.post(f"/api/v1/pairs/{won['pair_id']}/meetings", json=meeting),
        lambda r: r.status_code == 201,
        what="scheduling to have the self-selected pair",
    )
    assert logged.status_code == 201
    bootstrap = agency.platform.stack.kafka_bootstrap
    records = asyncio.run(read_topic(bootstrap, "matching.events"))
    assert any(won["pair_id"].encode() in r.value and b"self_select" in r.value for r in records)
    everything = [
        r for topic in ("matching.events", "scheduling.events") for r in asyncio.run(read_topic(bootstrap, topic))
    ]
    assert not [r for r in everything if MESSAGE.encode() in r.value or b"budget round" in r.value]
    assert MESSAGE not in json.dumps(pairs(agency.coordinator, chosen))


def test_a_declined_mentee_requests_another_mentor(agency: Agency, chosen: str) -> None:
    made = agency.request("e4", "boss", program_id=chosen)
    declined = agency.mentor("boss").post(f"/api/v1/mentor-requests/{made['id']}/decline", json={"reason": "on leave"})
    assert declined.status_code == 200 and (declined.json()["status"], declined.json()["reason"]) == (
        "declined",
        "on leave",
    )
    seen = agency.requests(agency.mentee("e4"))[made["id"]]
    assert (seen["status"], seen["reason"]) == ("declined", "on leave")
    accepted = agency.mentor("boss").post(f"/api/v1/mentor-requests/{made['id']}/accept", json={})
    assert accepted.status_code == 409 and "declined" in accepted.json()["detail"]
    refused = agency.mentee("e4").post("/api/v1/me/mentor-requests", json={"mentor_id": agency.id("boss")})
    assert refused.status_code == 409 and "declined your request" in refused.json()["detail"]
    assert agency.request("e4", "m2", program_id=chosen)["status"] == "open"


def test_an_unanswered_request_expires_and_the_mentee_may_request_again(agency: Agency) -> None:
    """The policy's expiry is a fraction of a day: four seconds here, so the test sees it pass."""
    program_id = agency.programme(self_select=True, request_expiry_days=EXPIRY_SECONDS / 86_400)
    agency.enrol(program_id, "x1", "mentor")
    agency.enrol(program_id, "x2", "mentee")
    agency.enrol(program_id, "x3", "mentee")
    assert agency.suggestions("x3") == [agency.id("x1")]
    made = agency.request("x2", "x1")
    lasts = datetime.fromisoformat(made["expires_at"]) - datetime.fromisoformat(made["requested_at"])
    assert abs(lasts.total_seconds() - EXPIRY_SECONDS) < 0.01
    assert agency.mentee("x3").get("/api/v1/me/suggestions").json()["items"] == []  # x1's place is spoken for

    expired = eventually(
        lambda: agency.requests(agency.mentee("x2"))[made["id"]], lambda r: r["status"] == "expired", timeout=15
    )
    assert expired["answered_at"] is None
    late = agency.mentor("x1").post(f"/api/v1/mentor-requests/{made['id']}/accept", json={})
    assert late.status_code == 409 and "expired" in late.json()["detail"]
    assert agency.suggestions("x3") == [agency.id("x1")]
    again = agency.request("x2", "x1")
    assert again["id"] != made["id"] and again["status"] == "open"
    statuses = {
        r["id"]: r["status"]
        for r in agency.requests(agency.coordinator, f"/api/v1/programs/{program_id}/mentor-requests").values()
    }
    assert statuses == {made["id"]: "expired", again["id"]: "open"}


def test_a_mentor_accepting_while_a_run_giving_them_a_mentee_is_published_ends_with_one_mentee(
    agency: Agency,
) -> None:
    program_id = agency.programme(**SELF_SELECT)
    agency.enrol(program_id, "r1", "mentor")
    agency.enrol(program_id, "r2", "mentee")
    agency.enrol(program_id, "r3", "mentee")
    assert agency.suggestions("r2") == [agency.id("r1")]
    made = agency.request("r2", "r1")
    run = eventually(lambda: proposed_run(agency.coordinator, program_id), lambda r: r["mentees"] == 2)
    answers = concurrently(
        lambda: agency.mentor("r1").post(f"/api/v1/mentor-requests/{made['id']}/accept", json={}),
        lambda: agency.coordinator.post(f"/api/v1/programs/{program_id}/match-runs/{run['id']}/publish"),
    )
    assert answers[0].status_code in (200, 409) and answers[1].status_code == 202, [a.text for a in answers]
    published = settled_run(agency.coordinator, program_id, run["id"], "published")
    [pair] = pairs(agency.coordinator, program_id)
    request = agency.requests(agency.mentee("r2"))[made["id"]]
    if answers[0].status_code == 200:
        assert (pair["mode"], pair["id"], request["status"]) == ("self_select", request["pair_id"], "accepted")
        assert (published["published"], published["taken_meanwhile"]) == (0, 1)
    else:
        assert (pair["mode"], pair["run_id"], request["status"]) == ("run", run["id"], "closed")
        assert (published["published"], published["taken_meanwhile"]) == (1, 0)
