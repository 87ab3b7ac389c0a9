"""A matched pair's whole life through the gateway with real tokens: read by its members and the coordinator, its
agreement proposed and signed, meetings scheduled, moved, cancelled and held with the first one's checklist, listed
for the coordinator by status, and dissolved by a member; each call refused to whoever may not make it; and on the
wire, the facts without any of the texts the pair wrote."""

import asyncio
import json
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Platform
from tests.support.enrolling import enrol, opened_programme
from tests.support.kafka import read_topic
from tests.support.matching import matched
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

AGREED = "We meet in the staff canteen, and we never discuss the restructuring"
AGENDA = "Her conflict with the head of finance"
NOTES = "She is thinking about leaving the service"
EXPLANATION = "He keeps cancelling at the last minute"
TERMS = {"schedule": {"frequency": "fortnightly", "day": "tuesday", "time_of_day": "10:00", "mode": "in_person"}}
MEETING = {
    "starts_at": "2027-02-02T10:00:00+01:00", "duration_minutes": 60, "mode": "in_person", "location": "Room 3.1",
    "agenda": AGENDA,
}  # fmt: skip


@dataclass
class Pair:
    platform: Platform
    agency: str
    tag: str
    program_id: str
    pair_id: str
    mentor: str
    mentee: str
    other_mentee: str  # a mentee of the same programme, in the other pair
    coordinator: httpx.Client

    def as_(self, person: str, role: str, agency: str | None = None) -> httpx.Client:
        return self.platform.client(person, agency or self.agency, role)

    @property
    def path(self) -> str:
        return f"/api/v1/pairs/{self.pair_id}"


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
    assert len(pairs) == 2, pairs
    ours = next(p for p in pairs if p["mentee_id"] == f"e1-{tag}")
    other = next(p for p in pairs if p is not ours)
    return Pair(
        platform, agency, tag, program_id, ours["id"], ours["mentor_id"], ours["mentee_id"], other["mentee_id"],
        coordinator,
    )  # fmt: skip


def refused(response: httpx.Response, status: int = 403) -> str:
    assert response.status_code == status, response.text
    return response.json()["detail"]


def test_a_matched_pair_lives_its_partnership_through_the_gateway(pair: Pair) -> None:
    mentor, mentee = pair.as_(pair.mentor, "mentor"), pair.as_(pair.mentee, "mentee")
    outsider, coordinator = pair.as_(pair.other_mentee, "mentee"), pair.coordinator

    # The pair, as scheduling formed it from the match: its members and the coordinator read it.
    found = eventually(lambda: mentee.get(pair.path), lambda r: r.status_code == 200, what="the partnership").json()
    assert (found["mentor_id"], found["mentee_ids"], found["status"]) == (
        pair.mentor,
        [pair.mentee],
        "pending_agreement",
    )
    assert mentor.get(pair.path).json() == coordinator.get(pair.path).json() == found
    assert "only the pair's mentor or mentee or the programme's coordinator" in refused(outsider.get(pair.path))
    assert pair.as_(pair.mentee, "mentee", agency="agency-elsewhere").get(pair.path).status_code == 404

    _agree(pair, mentor, mentee, outsider)
    first = _meet(pair, mentor, mentee, outsider)
    _listed(pair, mentee, outsider)

    # Ending: who may, then a member does.
    assert refused(
        outsider.post(
            f"{pair.path}/close", json={"reason": "goals_achieved", "goals": [{"goal": "g", "outcome": "partly"}]}
        )
    )
    dissolve = {"reason": "poor_fit", "initiated_by": "mentee", "explanation": EXPLANATION}
    assert refused(outsider.post(f"{pair.path}/dissolve", json=dissolve))
    wrong = mentee.post(f"{pair.path}/dissolve", json={**dissolve, "initiated_by": "mentor"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "initiated_by"
    dissolved = mentee.post(f"{pair.path}/dissolve", json=dissolve)
    assert dissolved.status_code == 200, dissolved.text
    assert (dissolved.json()["status"], dissolved.json()["ended_at"] is not None) == ("dissolved", True)
    assert EXPLANATION not in dissolved.text
    assert "no more meetings" in refused(mentor.post(f"{pair.path}/scheduled-meetings", json=MEETING), 409)
    assert "dissolved already" in refused(coordinator.post(f"{pair.path}/dissolve", json=dissolve), 409)

    _on_the_wire(pair, first)


def _agree(pair: Pair, mentor: httpx.Client, mentee: httpx.Client, outsider: httpx.Client) -> None:
    agreement = f"{pair.path}/agreement"
    draft = mentee.get(agreement).json()
    assert (draft["version"], draft["status"], draft["duration_months"]) == (0, "draft", 6)
    assert draft["terms"]["schedule"]["frequency"] == "monthly"  # the programme's one meeting a month
    assert pair.coordinator.get(agreement).status_code == 200
    assert refused(outsider.get(agreement))

    proposal = {**TERMS, "additional_terms": AGREED, "based_on_version": 0}
    assert refused(outsider.put(agreement, json=proposal))
    assert refused(pair.coordinator.put(agreement, json=proposal))
    proposed = mentee.put(agreement, json=proposal)
    assert proposed.status_code == 200, proposed.text
    assert (proposed.json()["version"], proposed.json()["terms"]["additional_terms"]) == (1, AGREED)
    assert "at version 1, not 0" in refused(mentor.put(agreement, json=proposal), 409)

    assert refused(outsider.post(f"{agreement}/sign", json={"version": 1}))
    assert refused(pair.coordinator.post(f"{agreement}/sign", json={"version": 1}))
    assert "not 2" in refused(mentor.post(f"{agreement}/sign", json={"version": 2}), 409)
    assert mentee.post(f"{agreement}/sign", json={"version": 1}).json()["status"] == "draft"
    signed = mentor.post(f"{agreement}/sign", json={"version": 1})
    assert signed.status_code == 200 and signed.json()["status"] == "signed", signed.text
    assert "no longer changes" in refused(mentee.put(agreement, json={**proposal, "based_on_version": 1}), 409)

    filed = pair.coordinator.get(f"/api/v1/programs/{pair.program_id}/agreements", params={"status": "signed"})
    assert filed.status_code == 200
    assert [(a["pair_id"], a["terms"]["additional_terms"]) for a in filed.json()["items"]] == [(pair.pair_id, AGREED)]
    assert refused(mentee.get(f"/api/v1/programs/{pair.program_id}/agreements"))

    mine = mentee.get("/api/v1/me/partnerships", params={"program_id": pair.program_id}).json()["items"]
    assert [(p["id"], p["status"]) for p in mine] == [(pair.pair_id, "active")]
    assert mine[0]["active_since"] is not None and mine[0]["ends_on"] is not None
    assert refused(pair.coordinator.get("/api/v1/me/partnerships"))


def _meet(pair: Pair, mentor: httpx.Client, mentee: httpx.Client, outsider: httpx.Client) -> str:
    """Schedule, move, tick, cancel and hold meetings; the id of the first, held."""
    scheduled = f"{pair.path}/scheduled-meetings"
    nowhere = mentor.post(scheduled, json={**MEETING, "location": None})
    assert nowhere.status_code == 422 and nowhere.json()["errors"][0]["field"] == "location"
    assert refused(outsider.post(scheduled, json=MEETING))
    assert refused(pair.coordinator.post(scheduled, json=MEETING))
    first = mentor.post(scheduled, json=MEETING)
    assert first.status_code == 201, first.text
    first_id = first.json()["id"]

    listed = mentee.get(scheduled).json()["items"]
    assert [(m["id"], m["agenda"], m["status"]) for m in listed] == [(first_id, AGENDA, "scheduled")]
    assert [c["done"] for c in listed[0]["checklist"]] == [False] * 5
    assert refused(outsider.get(scheduled))

    change = {"starts_at": "2027-02-02T11:00:00+01:00", "checklist_done": ["introductions", "ground_rules"]}
    assert refused(outsider.patch(f"{scheduled}/{first_id}", json=change))
    moved = mentee.patch(f"{scheduled}/{first_id}", json=change)
    assert moved.status_code == 200, moved.text
    assert [c["item"] for c in moved.json()["checklist"] if c["done"]] == ["introductions", "ground_rules"]

    second = mentee.post(scheduled, json={**MEETING, "starts_at": "2027-02-16T10:00:00+01:00"}).json()["id"]
    not_first = mentor.patch(f"{scheduled}/{second}", json={"checklist_done": ["goals"]})
    assert not_first.status_code == 422 and not_first.json()["errors"][0]["field"] == "checklist_done"
    assert refused(outsider.delete(f"{scheduled}/{second}"))
    cancelled = mentor.delete(f"{scheduled}/{second}")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled", cancelled.text
    assert "no longer changes" in refused(mentee.patch(f"{scheduled}/{second}", json={"duration_minutes": 30}), 409)

    held = {"held_at": "2027-02-02T11:00:00+01:00", "duration_minutes": 60, "notes": NOTES}
    unknown = mentee.post(f"{pair.path}/meetings", json={**held, "scheduled_meeting_id": "nope"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "scheduled_meeting_id"
    assert refused(outsider.post(f"{pair.path}/meetings", json=held))
    logged = mentee.post(f"{pair.path}/meetings", json={**held, "scheduled_meeting_id": first_id})
    assert logged.status_code == 201, logged.text
    statuses = {m["id"]: m["status"] for m in mentor.get(scheduled).json()["items"]}
    assert statuses == {first_id: "held", second: "cancelled"}
    return first_id


def _listed(pair: Pair, mentee: httpx.Client, outsider: httpx.Client) -> None:
    partnerships = f"/api/v1/programs/{pair.program_id}/partnerships"
    active = pair.coordinator.get(partnerships, params={"status": "active"})
    assert active.status_code == 200
    assert [p["id"] for p in active.json()["items"]] == [pair.pair_id]
    pending = pair.coordinator.get(partnerships, params={"status": "pending_agreement"}).json()["items"]
    assert [p["mentee_ids"] for p in pending] == [[pair.other_mentee]]
    for someone in (mentee, outsider):
        assert refused(someone.get(partnerships))


def _on_the_wire(pair: Pair, first: str) -> None:
    """The pair's facts as scheduling published them: what happened, with ids and times, never the texts."""
    wanted = {"AgreementSigned", "MeetingScheduled", "MeetingRescheduled", "MeetingCancelled", "MeetingLogged",
              "PairDissolved"}  # fmt: skip

    def published() -> list[dict[str, Any]]:
        records = asyncio.run(read_topic(pair.platform.stack.kafka_bootstrap, "scheduling.events"))
        return [
            envelope
            for envelope in (json.loads(record.value) for record in records)
            if envelope["payload"].get("pair_id") == pair.pair_id
        ]

    facts = eventually(published, lambda found: wanted <= {f["event_type"] for f in found}, what="the pair's facts")
    by_kind = {fact["event_type"]: fact["payload"] for fact in facts}
    assert (by_kind["AgreementSigned"]["version"], by_kind["AgreementSigned"]["mentee_ids"]) == (1, [pair.mentee])
    scheduled = {f["payload"]["meeting_id"]: f["payload"] for f in facts if f["event_type"] == "MeetingScheduled"}
    assert (scheduled[first]["location"], scheduled[first]["scheduled_by"]) == ("Room 3.1", pair.mentor)
    dissolved = by_kind["PairDissolved"]
    assert (dissolved["reason"], dissolved["initiated_by"], dissolved["whole"]) == ("poor_fit", "mentee", True)
    wire = json.dumps(facts)
    for text in (AGREED, AGENDA, NOTES, EXPLANATION):
        assert text not in wire
