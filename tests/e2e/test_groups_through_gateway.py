"""A group programme from its match run to its published groups, through the gateway with real tokens: matching
fills each mentor's batch up to the group size, scheduling holds one partnership per group with every member, a
member logs the batch's meeting with who attended, evaluation counts it once, and nobody outside the group gets in."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Platform
from tests.support.matching import matched
from tests.support.people import program_body
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

GROUP_SIZE = 3
MEETING = {"held_at": "2026-11-20T10:00:00+01:00", "duration_minutes": 120, "notes": "introductions, ground rules"}


@dataclass
class Groups:
    platform: Platform
    agency: str
    coordinator: httpx.Client
    program_id: str
    members: dict[str, list[str]]  # mentor → their group's mentees, as matching published them
    pair_of: dict[str, str]  # mentee → their pair's id

    def client(self, person: str, role: str, agency: str | None = None) -> httpx.Client:
        return self.platform.client(person, agency or self.agency, role)

    def partnership(self, mentee: str) -> dict[str, Any]:
        """Scheduling's partnership for a mentee's pair, as the mentee sees it once scheduling has every member."""
        mentor = next(mentor for mentor, mentees in self.members.items() if mentee in mentees)
        return eventually(
            lambda: self.client(mentee, "mentee").get(f"/api/v1/pairs/{self.pair_of[mentee]}"),
            lambda r: r.status_code == 200 and r.json()["mentee_ids"] == sorted(self.members[mentor]),
            what=f"scheduling's group of {mentor}",
        ).json()


@pytest.fixture(scope="module")
def groups(platform: Platform) -> Groups:
    tag = uuid.uuid4().hex[:6]
    agency = f"agency-{tag}"
    coordinator = platform.client(f"coord-{tag}", agency, "coordinator")
    created = coordinator.post("/api/v1/programs", json=program_body(kind="group", group_size=GROUP_SIZE))
    assert created.status_code == 201, created.text
    program = f"/api/v1/programs/{created.json()['id']}"
    assert coordinator.post(f"{program}/open").status_code == 200

    def enrol(person: str, role: str, **fields: Any) -> None:
        details = {
            "id": person, "name": f"Person {person}", "email": f"{person}@agency.example", "department": "finance",
            "grade": "g7", "languages": ["en"],
        }  # fmt: skip
        response = coordinator.post(f"{program}/participants", json={"role": role, "person": details, **fields})
        assert response.status_code == 201, response.text

    # One mentor would take five, the group size takes three: five mentees fill both batches exactly.
    enrol(f"big-{tag}", "mentor", skills=["budgeting"], capacity=5)
    enrol(f"small-{tag}", "mentor", skills=["budgeting"], capacity=2)
    for i in range(5):
        enrol(f"e{i}-{tag}", "mentee", desired_skills=["budgeting"])
    run, pairs = matched(coordinator, created.json()["id"], lambda r: r["mentees"] == 5 and r["mentors"] == 2)
    assert run["proposed"] == 5, run
    members: dict[str, list[str]] = defaultdict(list)
    for pair in pairs:
        members[pair["mentor_id"]].append(pair["mentee_id"])
    pair_of = {pair["mentee_id"]: pair["id"] for pair in pairs}
    return Groups(platform, agency, coordinator, created.json()["id"], dict(members), pair_of)


def test_matching_fills_each_mentors_batch_up_to_the_group_size(groups: Groups) -> None:
    assert sorted(len(mentees) for mentees in groups.members.values()) == [2, GROUP_SIZE]


def test_scheduling_holds_one_partnership_per_group_with_every_member(groups: Groups) -> None:
    seen: dict[str, set[str]] = defaultdict(set)  # partnership id → the mentees who found it by their pair
    for mentor, mentees in groups.members.items():
        for mentee in mentees:
            partnership = groups.partnership(mentee)
            assert partnership["group_id"] == partnership["id"] != groups.pair_of[mentee]
            assert (partnership["program_id"], partnership["mentor_id"]) == (groups.program_id, mentor)
            seen[partnership["id"]].add(mentee)
        [group_id] = [group_id for group_id, found in seen.items() if found == set(mentees)]
        by_mentor = groups.client(mentor, "mentor").get(f"/api/v1/pairs/{group_id}")
        assert by_mentor.status_code == 200 and by_mentor.json()["mentee_ids"] == sorted(mentees)
    assert sorted(map(sorted, seen.values())) == sorted(map(sorted, groups.members.values()))


def test_a_member_logs_the_groups_meeting_with_its_attendance_and_it_counts_once(groups: Groups) -> None:
    mentor, mentees = next((m, e) for m, e in groups.members.items() if len(e) == GROUP_SIZE)
    group_id = groups.partnership(mentees[0])["id"]
    member = groups.client(mentees[0], "mentee")
    present = sorted(mentees[:2])
    logged = member.post(f"/api/v1/pairs/{group_id}/meetings", json={**MEETING, "attendee_ids": present})
    assert logged.status_code == 201, logged.text
    metrics = eventually(
        lambda: groups.coordinator.get(f"/api/v1/programs/{groups.program_id}/metrics").json(),
        lambda m: m.get("meetings_logged") == 1,
        what="the group's meeting counted",
    )
    assert (metrics["pairs"], metrics["meetings_logged"], metrics["meeting_hours"]) == (5, 1, 2.0)


def test_nobody_outside_the_group_sees_it_or_logs_its_meetings(groups: Groups) -> None:
    (mentor, mentees), (other_mentor, others) = sorted(groups.members.items(), key=lambda item: -len(item[1]))
    group_id = groups.partnership(mentees[0])["id"]
    path = f"/api/v1/pairs/{group_id}"
    stranger = others[0]  # a mentee of the same programme, in the other group
    for outsider in (groups.client(stranger, "mentee"), groups.client(other_mentor, "mentor")):
        assert outsider.get(path).status_code == 403
        refused = outsider.post(f"{path}/meetings", json=MEETING)
        assert refused.status_code == 403 and "only the group's mentor or mentees" in refused.json()["detail"]
    named = groups.client(mentor, "mentor").post(f"{path}/meetings", json={**MEETING, "attendee_ids": [stranger]})
    assert named.status_code == 422, named.text
    [error] = named.json()["errors"]
    assert error["field"] == "attendee_ids" and f"'{stranger}' is not a mentee of this group" in error["message"]
    elsewhere = groups.client(mentees[0], "mentee", agency="agency-elsewhere")
    assert elsewhere.get(path).status_code == 404
    assert elsewhere.post(f"{path}/meetings", json=MEETING).status_code == 404
    coordinator = groups.coordinator.get(path)
    assert coordinator.status_code == 200 and coordinator.json()["mentee_ids"] == sorted(mentees)  # the file they keep
    assert groups.coordinator.post(f"{path}/meetings", json=MEETING).status_code == 403  # meetings are the group's
