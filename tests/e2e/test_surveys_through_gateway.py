"""Surveys through the gateway with real tokens: a coordinator sets the programme's evaluation policy, a pair logs its
first meeting, both members find the pairing-fit survey open and answer it once; FeedbackSubmitted goes over Kafka
with the ratings and none of the text, which the coordinator alone reads; the other member, a stranger and another
agency cannot answer or read what is not theirs."""

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Platform
from tests.support.enrolling import enrol, opened_programme
from tests.support.kafka import read_topic
from tests.support.matching import matched
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

SAID = {"mentor": "She is far more capable than her manager believes", "mentee": "He spends the hour on his phone"}


def answers(person: str) -> dict[str, Any]:
    return {
        "answers": [
            {"question_id": "fit", "rating": 4 if person == "mentor" else 2},
            {"question_id": "rapport", "rating": 5 if person == "mentor" else 3},
            {"question_id": "comments", "text": SAID[person]},
        ]
    }


def refused(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_pair_answers_its_pairing_fit_survey_and_the_coordinator_alone_reads_the_text(platform: Platform) -> None:
    tag = uuid.uuid4().hex[:6]
    agency = f"agency-{tag}"
    coordinator = platform.client(f"coord-{tag}", agency, "coordinator")
    program_id = opened_programme(coordinator, duration_months=6)
    enrol(coordinator, program_id, f"m1-{tag}", "mentor", skills=["budgeting"], capacity=1)
    enrol(coordinator, program_id, f"e1-{tag}", "mentee", desired_skills=["budgeting"])
    _, [pair] = matched(coordinator, program_id, lambda run: run["mentees"] == 1 and run["mentors"] == 1)
    people = {"mentor": platform.client(pair["mentor_id"], agency, "mentor")}
    people["mentee"] = platform.client(pair["mentee_id"], agency, "mentee")
    stranger = platform.client(f"e9-{tag}", agency, "mentee")

    _policy(coordinator, people["mentee"], program_id)

    held_at = datetime.now(UTC).isoformat()  # after the policy was set: its surveys ask by it
    logged = people["mentee"].post(
        f"/api/v1/pairs/{pair['id']}/meetings", json={"held_at": held_at, "duration_minutes": 45}
    )
    assert logged.status_code == 201, logged.text

    surveys = {}
    for role, client in people.items():
        listed = eventually(
            lambda client=client: client.get("/api/v1/me/surveys").json()["items"],
            lambda items: len(items) == 1,
            what=f"the {role}'s pairing-fit survey",
        )
        [survey] = listed
        assert (survey["kind"], survey["status"], survey["pair_id"]) == ("pairing_fit", "open", pair["id"])
        opens, closes = (datetime.fromisoformat(survey[at]) for at in ("opens_at", "closes_at"))
        assert closes - opens == timedelta(days=10)
        surveys[role] = survey["survey_id"]

    mentee_survey = f"/api/v1/surveys/{surveys['mentee']}/responses"
    # Only the person a survey is for answers it: to anyone else it does not exist; coordinators answer none.
    assert refused(people["mentor"].post(mentee_survey, json=answers("mentor")), 404)
    assert refused(stranger.post(mentee_survey, json=answers("mentee")), 404)
    elsewhere = platform.client(pair["mentee_id"], "agency-elsewhere", "mentee")
    assert refused(elsewhere.post(mentee_survey, json=answers("mentee")), 404)
    assert refused(coordinator.post(mentee_survey, json=answers("mentee")), 403)
    unknown = {"answers": [*answers("mentee")["answers"], {"question_id": "mood", "rating": 1}]}
    assert refused(people["mentee"].post(mentee_survey, json=unknown), 422)["errors"][0]["field"] == (
        "answers[3].question_id"
    )

    for role, client in people.items():
        answered = client.post(f"/api/v1/surveys/{surveys[role]}/responses", json=answers(role))
        assert answered.status_code == 201, answered.text
        assert answered.json()["id"] == surveys[role]
        again = client.post(f"/api/v1/surveys/{surveys[role]}/responses", json=answers(role))
        assert "answered at" in refused(again, 409)["detail"]
        [mine] = client.get("/api/v1/me/surveys", params={"status": "answered"}).json()["items"]
        assert mine["answered_at"] is not None and SAID[role] not in json.dumps(mine)
        assert client.get("/api/v1/me/surveys", params={"status": "open"}).json()["items"] == []

    responses = f"/api/v1/programs/{program_id}/survey-responses"
    read = coordinator.get(responses, params={"kind": "pairing_fit"})
    assert read.status_code == 200, read.text
    by_role = {item["respondent_role"]: item for item in read.json()["items"]}
    assert set(by_role) == {"mentor", "mentee"}
    for role, item in by_role.items():
        assert (item["respondent_id"], item["pair_id"]) == (pair[f"{role}_id"], pair["id"])
        assert [a["text"] for a in item["answers"] if a["question_id"] == "comments"] == [SAID[role]]
    assert coordinator.get(responses, params={"kind": "closing"}).json()["items"] == []
    for someone in (*people.values(), stranger):
        assert refused(someone.get(responses), 403)
    assert platform.client(f"coord-{tag}", "agency-elsewhere", "coordinator").get(responses).json()["items"] == []

    _on_the_wire(platform, pair, surveys)


def _policy(coordinator: httpx.Client, mentee: httpx.Client, program_id: str) -> None:
    """The programme's policy: the defaults until set, a set one read back, a wrong one refused naming its field."""
    path = f"/api/v1/programs/{program_id}/evaluation-policy"
    defaults = coordinator.get(path)
    assert defaults.status_code == 200, defaults.text
    policy = defaults.json()
    assert (policy["survey_open_days"], policy["periodic_survey_months"], policy["report_due_day"]) == (14, 3, 5)
    twice = [*policy["periodic"]["questions"], policy["periodic"]["questions"][0]]
    wrong = coordinator.put(path, json={**policy, "periodic": {"questions": twice}})
    assert refused(wrong, 422)["errors"][0]["field"] == "periodic.questions[3].id"
    assert refused(coordinator.put(path, json={**policy, "survey_open_days": 0}), 422)
    changed = coordinator.put(path, json={**policy, "survey_open_days": 10})
    assert changed.status_code == 200, changed.text
    assert changed.json()["survey_open_days"] == 10 == coordinator.get(path).json()["survey_open_days"]
    assert refused(mentee.get(path), 403)
    assert refused(mentee.put(path, json=policy), 403)


def _on_the_wire(platform: Platform, pair: dict[str, Any], surveys: dict[str, str]) -> None:
    """Each answer published once as FeedbackSubmitted: ids, kind, the respondent and their ratings, no text."""

    def published() -> list[dict[str, Any]]:
        records = asyncio.run(read_topic(platform.stack.kafka_bootstrap, "evaluation.events"))
        return [
            envelope
            for envelope in (json.loads(record.value) for record in records)
            if envelope["event_type"] == "FeedbackSubmitted" and envelope["payload"]["pair_id"] == pair["id"]
        ]

    facts = eventually(published, lambda found: len(found) == 2, what="both members' feedback on Kafka")
    by_role = {fact["payload"]["respondent_role"]: fact["payload"] for fact in facts}
    for role, payload in by_role.items():
        assert (payload["survey_id"], payload["kind"], payload["respondent_id"]) == (
            surveys[role],
            "pairing_fit",
            pair[f"{role}_id"],
        )
        rated = {rating["question_id"]: rating["rating"] for rating in payload["ratings"]}
        assert rated == {a["question_id"]: a["rating"] for a in answers(role)["answers"] if "rating" in a}
    wire = json.dumps(facts)
    for text in SAID.values():
        assert text not in wire
