"""A matched pair's development plan through the gateway with real tokens: written by the mentor, revised by the
mentee, agreed by both; each rule of the plan answered with its status and the field; every call refused to a
stranger, the coordinator reading but never writing; and on the wire, GoalsAgreed without any of the plan's text."""

import asyncio
import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Platform
from tests.support.enrolling import enrol, opened_programme
from tests.support.kafka import read_topic
from tests.support.matching import matched
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

SPECIFIC = "Chair the quarterly budget review without support"
MEASURE = "The finance director signs the review off first time"
ASSIGNMENT = "Read the council's medium-term financial strategy"


@dataclass
class Pair:
    platform: Platform
    agency: str
    program_id: str
    pair_id: str
    mentor: str
    mentee: str
    stranger: str  # a mentee of the same programme, in the other pair
    coordinator: httpx.Client

    def as_(self, person: str, role: str, agency: str | None = None) -> httpx.Client:
        return self.platform.client(person, agency or self.agency, role)

    @property
    def plan(self) -> str:
        return f"/api/v1/pairs/{self.pair_id}/plan"


@pytest.fixture(scope="module")
def pair(platform: Platform) -> Pair:
    tag = uuid.uuid4().hex[:6]
    agency = f"agency-{tag}"
    coordinator = platform.client(f"coord-{tag}", agency, "coordinator")
    program_id = opened_programme(coordinator, duration_months=6)
    for name in ("m1", "m2"):
        enrol(coordinator, program_id, f"{name}-{tag}", "mentor", skills=["budgeting"], capacity=1)
    for name in ("e1", "e2"):
        enrol(coordinator, program_id, f"{name}-{tag}", "mentee", desired_skills=["budgeting"])
    _, pairs = matched(coordinator, program_id, lambda run: run["mentees"] == 2 and run["mentors"] == 2)
    ours = next(p for p in pairs if p["mentee_id"] == f"e1-{tag}")
    other = next(p for p in pairs if p is not ours)
    return Pair(
        platform, agency, program_id, ours["id"], ours["mentor_id"], ours["mentee_id"], other["mentee_id"], coordinator
    )


def objective(target_date: date, **fields: Any) -> dict[str, Any]:
    values = {
        "specific": SPECIFIC,
        "measure": MEASURE,
        "achievable": "She already prepares the figures",
        "relevant": "She is applying for head of finance",
        "target_date": target_date.isoformat(),
    }
    return {**values, **fields}


def status(response: httpx.Response, wanted: int) -> dict[str, Any]:
    assert response.status_code == wanted, response.text
    return response.json()


def test_a_pair_writes_revises_and_agrees_its_plan_and_goals_agreed_carries_no_text(pair: Pair) -> None:
    mentor, mentee, coordinator = pair.as_(pair.mentor, "mentor"), pair.as_(pair.mentee, "mentee"), pair.coordinator
    empty = eventually(lambda: mentee.get(pair.plan), lambda r: r.status_code == 200, what="the pair in evaluation")
    empty = empty.json()
    assert (empty["pair_id"], empty["program_id"], empty["revision"], empty["objectives"]) == (
        pair.pair_id, pair.program_id, 0, [],
    )  # fmt: skip
    ends_on = date.fromisoformat(empty["term_ends_on"])
    assert date.today() + timedelta(days=180) <= ends_on <= date.today() + timedelta(days=186)  # six months on
    soon, later = date.today() + timedelta(days=30), date.today() + timedelta(days=90)

    first = {
        "based_on_revision": 0,
        "objectives": [
            objective(soon, milestones=[{"description": "Draft the review", "due_on": soon.isoformat()}]),
            objective(later, specific="Present to the cabinet", assignments=[{"description": ASSIGNMENT}]),
        ],
    }
    _refused_as_the_rules_say(pair, mentor, first, ends_on)
    written = status(mentor.put(pair.plan, json=first), 200)
    assert (written["revision"], written["revised_by"], written["agreed_by"]) == (1, pair.mentor, [])

    # The mentee may not touch the mentor's assignment, but may tick it off and change the rest.
    moved = {**first, "based_on_revision": 1}
    moved["objectives"] = [first["objectives"][0], {**first["objectives"][1], "assignments": []}]
    assert "objectives.1.assignments" in status(mentee.put(pair.plan, json=moved), 403)["detail"]
    ticked = {**first, "based_on_revision": 1}
    ticked["objectives"] = [
        {**first["objectives"][0], "measure": "Signed off, and no question left open"},
        {**first["objectives"][1], "assignments": [{"description": ASSIGNMENT, "done_on": date.today().isoformat()}]},
    ]
    revised = status(mentee.put(pair.plan, json=ticked), 200)
    assert (revised["revision"], revised["revised_by"]) == (2, pair.mentee)
    assert "at revision 2, not 1" in status(mentor.put(pair.plan, json=moved), 409)["detail"]

    # Agreement: the revision each read, then both.
    assert "at revision 2, not 1" in status(mentee.post(f"{pair.plan}/agree", json={"revision": 1}), 409)["detail"]
    half = status(mentor.post(f"{pair.plan}/agree", json={"revision": 2}), 200)
    assert (half["agreed_by"], half["agreed_revision"]) == ([pair.mentor], None)
    agreed = status(mentee.post(f"{pair.plan}/agree", json={"revision": 2}), 200)
    assert (sorted(agreed["agreed_by"]), agreed["agreed_revision"]) == (sorted([pair.mentor, pair.mentee]), 2)
    assert status(coordinator.get(pair.plan), 200) == agreed

    # Every revision stays readable, newest first, a page at a time.
    page = status(coordinator.get(f"{pair.plan}/revisions", params={"limit": 1}), 200)
    assert [item["revision"] for item in page["items"]] == [2]
    rest = status(mentor.get(f"{pair.plan}/revisions", params={"limit": 1, "cursor": page["next_cursor"]}), 200)
    assert [item["revision"] for item in rest["items"]] == [1] and rest.get("next_cursor") is None
    assert rest["items"][0]["objectives"][0]["measure"] == MEASURE

    _goals_agreed_on_the_wire(pair, [soon, later])


def _refused_as_the_rules_say(pair: Pair, mentor: httpx.Client, body: dict[str, Any], ends_on: date) -> None:
    """Each rule answers 422 naming the field, and nothing is written."""
    beyond = {**body, "objectives": [body["objectives"][0], objective(ends_on + timedelta(days=1))]}
    four = {**body, "objectives": [objective(ends_on)] * 4}
    unmeasured = {**body, "objectives": [{k: v for k, v in objective(ends_on).items() if k != "measure"}]}
    for wrong, field in (
        (beyond, "objectives.1.target_date"),
        (four, "objectives"),
        (unmeasured, "objectives.0.measure"),
    ):
        errors = status(mentor.put(pair.plan, json=wrong), 422)["errors"]
        assert field in [error["field"] for error in errors], errors
    assert status(mentor.get(pair.plan), 200)["revision"] == 0


def _goals_agreed_on_the_wire(pair: Pair, target_dates: list[date]) -> None:
    def published() -> list[dict[str, Any]]:
        records = asyncio.run(read_topic(pair.platform.stack.kafka_bootstrap, "evaluation.events"))
        return [
            record.value.decode()
            for record in records
            if json.loads(record.value)["payload"].get("pair_id") == pair.pair_id
        ]

    [raw] = eventually(published, lambda found: len(found) == 1, what="GoalsAgreed")
    envelope = json.loads(raw)
    assert envelope["event_type"] == "GoalsAgreed"
    goals = envelope["payload"]
    assert (goals["pair_id"], goals["program_id"], goals["revision"], goals["objective_count"]) == (
        pair.pair_id, pair.program_id, 2, 2,
    )  # fmt: skip
    assert goals["target_dates"] == [day.isoformat() for day in target_dates]
    for text in (SPECIFIC, MEASURE, ASSIGNMENT, "cabinet", "Draft the review", "head of finance"):
        assert text not in raw


def test_every_plan_call_is_refused_to_a_stranger_and_the_coordinator_reads_but_never_writes(pair: Pair) -> None:
    stranger, coordinator = pair.as_(pair.stranger, "mentee"), pair.coordinator
    elsewhere = pair.as_(pair.mentee, "mentee", agency="agency-elsewhere")
    eventually(lambda: coordinator.get(pair.plan), lambda r: r.status_code == 200, what="the pair in evaluation")
    body = {"based_on_revision": 0, "objectives": [objective(date.today() + timedelta(days=30))]}
    calls = [
        ("GET", pair.plan, None),
        ("GET", f"{pair.plan}/revisions", None),
        ("PUT", pair.plan, body),
        ("POST", f"{pair.plan}/agree", {"revision": 1}),
    ]
    for method, path, json_body in calls:
        assert stranger.request(method, path, json=json_body).status_code == 403, (method, path)
        assert elsewhere.request(method, path, json=json_body).status_code == 404, (method, path)
        expected = 200 if method == "GET" else 403
        assert coordinator.request(method, path, json=json_body).status_code == expected, (method, path)
