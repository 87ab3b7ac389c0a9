"""A partnership's end through the gateway, and what matching makes of it: dissolved early, the mentor has their place
back and the mentee is matched again by the next run; closed at its end, the place comes back but the mentee is not
matched again; a mentee who withdraws leaves their partnership, which ends."""

import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Platform
from tests.support.enrolling import enrol, opened_programme
from tests.support.matching import matched
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

SCHEDULE = {"frequency": "fortnightly", "mode": "virtual"}
GOALS = [{"goal": "Run the budget round", "achieved": "ran it twice", "outcome": "achieved"}]


class Cohort:
    """A programme of one mentor with one place, and the mentees named, in a fresh agency."""

    def __init__(self, platform: Platform, *mentees: str) -> None:
        self.platform = platform
        self.tag = uuid.uuid4().hex[:6]
        self.agency = f"agency-{self.tag}"
        self.coordinator = platform.client(f"coord-{self.tag}", self.agency, "coordinator")
        self.program_id = opened_programme(self.coordinator)
        self.applications = {
            name: self._enrol(name, role) for name, role in [("m1", "mentor")] + [(m, "mentee") for m in mentees]
        }

    def id(self, name: str) -> str:
        return f"{name}-{self.tag}"

    def as_(self, name: str, role: str) -> httpx.Client:
        return self.platform.client(self.id(name), self.agency, role)

    def _enrol(self, name: str, role: str) -> str:
        fields: dict[str, Any] = (
            {"skills": ["budgeting"], "capacity": 1} if role == "mentor" else {"desired_skills": ["budgeting"]}
        )
        return enrol(self.coordinator, self.program_id, self.id(name), role, **fields)

    def run_pairs(self, proposed: int) -> list[dict[str, Any]]:
        """Run until a proposal of `proposed` pairs (matching takes in what happened by events) and publish it: the
        pairs it made."""
        before = {pair["id"] for pair in self.pairs()}
        _, pairs = matched(self.coordinator, self.program_id, until=lambda run: run["proposed"] == proposed)
        return [pair for pair in pairs if pair["id"] not in before]

    def pairs(self) -> list[dict[str, Any]]:
        """The programme's pairs; none while matching has not heard of the programme yet."""
        listed = self.coordinator.get(f"/api/v1/programs/{self.program_id}/pairs", params={"limit": 200})
        return listed.json()["items"] if listed.status_code == 200 else []

    def partnership(self, pair_id: str, status: str) -> dict[str, Any]:
        return eventually(
            lambda: self.coordinator.get(f"/api/v1/pairs/{pair_id}"),
            lambda r: r.status_code == 200 and r.json()["status"] == status,
            what=f"partnership {pair_id} {status}",
        ).json()


def test_a_dissolved_pairs_mentee_is_matched_again_with_the_place_their_mentor_has_back(platform: Platform) -> None:
    cohort = Cohort(platform, "e1")
    [first] = cohort.run_pairs(proposed=1)
    cohort.partnership(first["id"], "pending_agreement")
    mentee = cohort.as_("e1", "mentee")
    refused = mentee.post(
        f"/api/v1/pairs/{first['id']}/dissolve", json={"reason": "poor_fit", "initiated_by": "mentor"}
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "initiated_by"
    dissolved = mentee.post(
        f"/api/v1/pairs/{first['id']}/dissolve",
        json={"reason": "poor_fit", "initiated_by": "mentee", "explanation": "we never found a time"},
    )
    assert dissolved.status_code == 200 and dissolved.json()["status"] == "dissolved", dissolved.text

    [second] = cohort.run_pairs(proposed=1)  # the mentee is in the pool again, and the mentor has a place
    assert (second["mentor_id"], second["mentee_id"]) == (cohort.id("m1"), cohort.id("e1"))
    assert second["id"] != first["id"]
    cohort.partnership(second["id"], "pending_agreement")
    mine = mentee.get("/api/v1/me/partnerships").json()["items"]
    assert [(p["id"], p["status"]) for p in mine] == [(second["id"], "pending_agreement"), (first["id"], "dissolved")]


def test_a_closed_partnership_gives_the_place_back_and_its_mentee_is_not_matched_again(platform: Platform) -> None:
    cohort = Cohort(platform, "e1", "e2")
    [pair] = cohort.run_pairs(proposed=1)  # one place: one mentee waits
    paired, waiting = ("e1", "e2") if pair["mentee_id"] == cohort.id("e1") else ("e2", "e1")
    members = [cohort.as_("m1", "mentor"), cohort.as_(paired, "mentee")]
    agreement = f"/api/v1/pairs/{pair['id']}/agreement"
    cohort.partnership(pair["id"], "pending_agreement")
    proposed = members[0].put(agreement, json={"based_on_version": 0, "schedule": SCHEDULE})
    assert proposed.status_code == 200, proposed.text
    for member in members:
        assert member.post(f"{agreement}/sign", json={"version": 1}).status_code == 200
    cohort.partnership(pair["id"], "active")
    early = members[1].post(f"/api/v1/pairs/{pair['id']}/close", json={"reason": "term_completed", "goals": GOALS})
    assert early.status_code == 409 and "can be closed as completed from" in early.json()["detail"]
    closed = members[1].post(
        f"/api/v1/pairs/{pair['id']}/close", json={"reason": "goals_achieved", "goals": GOALS, "review": "done"}
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed", closed.text

    [next_pair] = cohort.run_pairs(proposed=1)  # only the mentee who waited is in the pool
    assert (next_pair["mentor_id"], next_pair["mentee_id"]) == (cohort.id("m1"), cohort.id(waiting))


def test_a_mentee_who_withdraws_leaves_their_partnership_which_ends(platform: Platform) -> None:
    cohort = Cohort(platform, "e1")
    [pair] = cohort.run_pairs(proposed=1)
    cohort.partnership(pair["id"], "pending_agreement")
    withdrawn = cohort.as_("e1", "mentee").post(f"/api/v1/applications/{cohort.applications['e1']}/withdraw", json={})
    assert withdrawn.status_code == 200, withdrawn.text
    assert cohort.partnership(pair["id"], "dissolved")["ended_at"] is not None
