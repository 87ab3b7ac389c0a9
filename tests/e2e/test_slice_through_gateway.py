"""The thin slice through the gateway with real tokens, and every access rule of the public API."""

import asyncio
import json
import uuid
from dataclasses import dataclass

import httpx
import pytest
from pymongo import MongoClient

from tests.e2e.conftest import Platform
from tests.support.kafka import read_topic
from tests.support.matching import matched
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

SECRET_NOTES = "confidential: talked about the reorganisation " + uuid.uuid4().hex
PROGRAM = {"name": "Leadership 2027", "kind": "one_to_one", "cadence": {"meetings_per_month": 1, "hours_per_month": 2}}


def person(pid: str, manager: str | None = None) -> dict:
    return {
        "id": pid,
        "name": f"Person {pid}",
        "email": f"{pid}@agency.example",
        "department": "finance",
        "grade": "g7",
        "manager_id": manager,
        "languages": ["en"],
    }


@dataclass
class Slice:
    agency: str
    coordinator: httpx.Client
    program_id: str
    pairs: list[dict]
    mentors: dict[str, int]
    managers: dict[str, str]
    meeting_pair: dict
    run_id: str


@pytest.fixture(scope="module")
def slice_(platform: Platform) -> Slice:
    agency = "agency-" + uuid.uuid4().hex[:6]
    tag = uuid.uuid4().hex[:6]
    coordinator = platform.client(f"coord-{tag}", agency, "coordinator")
    created = coordinator.post("/api/v1/programs", json=PROGRAM)
    assert created.status_code == 201, created.text
    program_id = created.json()["id"]
    opened = coordinator.post(f"/api/v1/programs/{program_id}/open")  # a new programme is a draft until opened
    assert opened.status_code == 200, opened.text

    mentors = {f"mentor{i}-{tag}": capacity for i, capacity in enumerate((1, 2, 2))}
    for mentor_id, capacity in mentors.items():
        body = {
            "role": "mentor",
            "person": person(mentor_id),
            "skills": ["budgeting", "negotiation"],
            "capacity": capacity,
        }
        assert coordinator.post(f"/api/v1/programs/{program_id}/participants", json=body).status_code == 201
    # every mentee reports to the first mentor, who must therefore mentor none of them
    boss = next(iter(mentors))
    managers = {f"mentee{i}-{tag}": boss for i in range(6)}
    for mentee_id, manager in managers.items():
        body = {"role": "mentee", "person": person(mentee_id, manager), "desired_skills": ["budgeting"]}
        assert coordinator.post(f"/api/v1/programs/{program_id}/participants", json=body).status_code == 201

    # matching builds its pool from events: run again until the run saw everyone enrolled
    run, pairs = matched(coordinator, program_id, lambda r: r["mentees"] == 6 and r["mentors"] == 3)
    run_id = run["id"]
    pair = pairs[0]
    mentee = platform.client(pair["mentee_id"], agency, "mentee")
    # scheduling forms the partnership from PairMatched: eventually consistent with matching's list of pairs
    eventually(lambda: mentee.get(f"/api/v1/pairs/{pair['id']}"), lambda r: r.status_code == 200, what="partnership")
    logged = mentee.post(
        f"/api/v1/pairs/{pair['id']}/meetings",
        json={"held_at": "2026-11-20T10:00:00+01:00", "duration_minutes": 90, "notes": SECRET_NOTES},
    )
    assert logged.status_code == 201, logged.text
    return Slice(agency, coordinator, program_id, pairs, mentors, managers, pair, run_id)


def metrics(slice_: Slice) -> dict:
    return slice_.coordinator.get(f"/api/v1/programs/{slice_.program_id}/metrics").json()


def test_health_needs_no_token(platform: Platform) -> None:
    assert httpx.get(f"{platform.gateway.url}/health").status_code == 200


def test_the_slice_flows_through_every_service(slice_: Slice) -> None:
    expected = {"mentors": 3, "mentees": 6, "pairs": 4, "meetings_logged": 1, "meeting_hours": 1.5}
    assert eventually(lambda: metrics(slice_), lambda m: m == expected, what="metrics") == expected


def test_matching_keeps_capacity_and_never_pairs_a_mentee_with_their_manager(slice_: Slice) -> None:
    per_mentor: dict[str, int] = {}
    for pair in slice_.pairs:
        per_mentor[pair["mentor_id"]] = per_mentor.get(pair["mentor_id"], 0) + 1
        assert slice_.managers[pair["mentee_id"]] != pair["mentor_id"]
    assert all(count <= slice_.mentors[mentor] for mentor, count in per_mentor.items())
    assert len({pair["mentee_id"] for pair in slice_.pairs}) == len(slice_.pairs) == 4


def test_a_coordinator_of_another_agency_gets_404_everywhere(platform: Platform, slice_: Slice) -> None:
    other = platform.client("coord-elsewhere", "agency-elsewhere", "coordinator")
    program = f"/api/v1/programs/{slice_.program_id}"
    enrol = {"role": "mentee", "person": person("p-x"), "desired_skills": ["budgeting"]}
    assert other.post(f"{program}/participants", json=enrol).status_code == 404
    assert other.post(f"{program}/match-runs", json={}).status_code == 404
    assert other.get(f"{program}/match-runs/{slice_.run_id}").status_code == 404
    assert other.get(f"{program}/pairs").status_code == 404
    assert other.get(f"{program}/metrics").status_code == 404
    outsider_member = platform.client(slice_.meeting_pair["mentee_id"], "agency-elsewhere", "mentee")
    meeting = {"held_at": "2026-11-21T10:00:00Z", "duration_minutes": 30, "notes": ""}
    assert outsider_member.post(f"/api/v1/pairs/{slice_.meeting_pair['id']}/meetings", json=meeting).status_code == 404


@pytest.mark.parametrize("role", ["mentor", "mentee"])
def test_mentors_and_mentees_cannot_run_the_programme(platform: Platform, slice_: Slice, role: str) -> None:
    member = platform.client("someone", slice_.agency, role)
    program = f"/api/v1/programs/{slice_.program_id}"
    assert member.post("/api/v1/programs", json=PROGRAM).status_code == 403
    assert member.post(f"{program}/open").status_code == 403
    enrol = {"role": "mentee", "person": person("p-y"), "desired_skills": ["budgeting"]}
    assert member.post(f"{program}/participants", json=enrol).status_code == 403
    assert member.post(f"{program}/match-runs", json={}).status_code == 403


def test_someone_outside_a_pair_cannot_log_its_meetings(platform: Platform, slice_: Slice) -> None:
    outsider = platform.client("not-in-the-pair", slice_.agency, "mentee", "mentor")
    meeting = {"held_at": "2026-11-21T10:00:00Z", "duration_minutes": 30, "notes": "x"}
    assert outsider.post(f"/api/v1/pairs/{slice_.meeting_pair['id']}/meetings", json=meeting).status_code == 403


def test_missing_or_bad_tokens_get_401(platform: Platform, slice_: Slice) -> None:
    routes = [
        ("POST", "/api/v1/programs"),
        ("POST", f"/api/v1/programs/{slice_.program_id}/participants"),
        ("POST", f"/api/v1/programs/{slice_.program_id}/match-runs"),
        ("GET", f"/api/v1/programs/{slice_.program_id}/pairs"),
        ("POST", f"/api/v1/pairs/{slice_.meeting_pair['id']}/meetings"),
        ("GET", f"/api/v1/programs/{slice_.program_id}/metrics"),
    ]
    forged = platform.token("coord", slice_.agency, "coordinator")[:-4] + "AAAA"
    for method, path in routes:
        for headers in ({}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": f"Bearer {forged}"}):
            response = httpx.request(method, f"{platform.gateway.url}{path}", headers=headers, json={})
            assert response.status_code == 401, (method, path, headers, response.text)


def test_invalid_bodies_get_422_with_field_messages_and_change_nothing(platform: Platform, slice_: Slice) -> None:
    database = MongoClient(platform.stack.mongo_url)[f"{platform.namespace}_enrolment"]
    before = database["event_log"].count_documents({})
    bad_program = {"name": "", "kind": "solo", "cadence": {"meetings_per_month": 0, "hours_per_month": 2}}
    response = slice_.coordinator.post("/api/v1/programs", json=bad_program)
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"name", "kind", "cadence.meetings_per_month"} <= fields
    bad_mentor = {"role": "mentor", "person": {**person("p-z"), "email": "nope"}, "skills": ["x"]}
    response = slice_.coordinator.post(f"/api/v1/programs/{slice_.program_id}/participants", json=bad_mentor)
    assert response.status_code == 422
    assert "person.email" in {error["field"] for error in response.json()["errors"]}
    bad_meeting = {"held_at": "yesterday", "duration_minutes": -5}
    mentee = platform.client(slice_.meeting_pair["mentee_id"], slice_.agency, "mentee")
    assert mentee.post(f"/api/v1/pairs/{slice_.meeting_pair['id']}/meetings", json=bad_meeting).status_code == 422
    assert database["event_log"].count_documents({}) == before


def test_meeting_notes_appear_in_no_event_and_no_response(platform: Platform, slice_: Slice) -> None:
    eventually(lambda: metrics(slice_)["meetings_logged"], lambda n: n == 1, what="meeting counted")
    assert SECRET_NOTES not in slice_.coordinator.get(f"/api/v1/programs/{slice_.program_id}/pairs").text
    assert SECRET_NOTES not in json.dumps(metrics(slice_))
    topics = ["enrolment.events", "matching.events", "scheduling.events", "evaluation.events"]
    records = [r for topic in topics for r in asyncio.run(read_topic(platform.stack.kafka_bootstrap, topic))]
    logged = [r for r in records if slice_.meeting_pair["id"].encode() in r.value and b"MeetingLogged" in r.value]
    assert logged, "the MeetingLogged event was published"
    assert not [
        r for r in records if SECRET_NOTES.encode() in r.value or any(SECRET_NOTES.encode() in v for _, v in r.headers)
    ]
