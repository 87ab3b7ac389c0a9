"""Monthly progress through the gateway with real tokens: an active pair's mentee reports the month, the mentor
assesses it, the pair and the coordinator read it, and nobody else can; on the wire, ProgressReported with the
statuses and percentages and none of the words."""

import asyncio
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Platform
from tests.support.enrolling import enrol, opened_programme
from tests.support.kafka import read_topic
from tests.support.matching import matched
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

SUMMARY = "I presented the budget review to the board and it went badly"
ASSESSMENT = "Good recovery after a hard board meeting; keep practising the delivery"
TERMS = {"schedule": {"frequency": "monthly", "day": "tuesday", "time_of_day": "10:00", "mode": "virtual"}}


def refused(response: httpx.Response, status: int = 403) -> str:
    assert response.status_code == status, response.text
    detail: str = response.json()["detail"]
    return detail


def test_an_active_pairs_mentee_reports_the_mentor_assesses_and_the_coordinator_reads(platform: Platform) -> None:
    tag = uuid.uuid4().hex[:6]
    agency = f"agency-{tag}"
    coordinator = platform.client(f"coord-{tag}", agency, "coordinator")
    program_id = opened_programme(coordinator, duration_months=6)
    enrol(coordinator, program_id, f"m1-{tag}", "mentor", skills=["budgeting"], capacity=1)
    enrol(coordinator, program_id, f"e1-{tag}", "mentee", desired_skills=["budgeting"])
    _, [pair] = matched(coordinator, program_id, lambda run: run["mentees"] == 1)
    mentor, mentee = (
        platform.client(pair["mentor_id"], agency, "mentor"),
        platform.client(pair["mentee_id"], agency, "mentee"),
    )
    stranger = platform.client(f"e9-{tag}", agency, "mentee")
    reports = f"/api/v1/pairs/{pair['id']}/progress-reports"
    month = datetime.now(UTC).strftime("%Y-%m")
    body = {
        "month": month,
        "objectives": [{"objective": 1, "status": "on_track", "percent": 40}, {"objective": 2, "status": "at_risk", "percent": 10}],
        "summary": SUMMARY,
    }  # fmt: skip

    # Before its agreement is signed the pair is not active: no month can be reported yet.
    pending = eventually(lambda: mentee.post(reports, json=body), lambda r: r.status_code != 404, what="the pair")
    assert "not active yet" in refused(pending, 409)
    _signed(pair, mentor, mentee)

    assert "only the partnership's mentees can report" in refused(stranger.post(reports, json=body))
    future = eventually(
        lambda: mentee.post(reports, json={**body, "month": "2999-01"}),
        lambda r: r.status_code != 409,
        what="the signature heard",
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "month", future.text
    twice = {**body, "objectives": [body["objectives"][0], body["objectives"][0]]}
    bad = mentee.post(reports, json=twice)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "objectives.1.objective", bad.text

    created = mentee.post(reports, json=body)
    assert created.status_code == 201, created.text
    report_id = created.json()["id"]
    assert "already" in refused(mentee.post(reports, json=body), 409)

    assessment = f"{reports}/{report_id}/assessment"
    assert refused(stranger.post(assessment, json={"assessment": ASSESSMENT})) and refused(
        platform.client(pair["mentee_id"], agency, "mentor").post(assessment, json={"assessment": ASSESSMENT})
    )  # a mentor's token does not make the pair's mentee its mentor
    assessed = mentor.post(assessment, json={"assessment": ASSESSMENT})
    assert assessed.status_code == 200, assessed.text
    assert (assessed.json()["assessment"], assessed.json()["summary"]) == (ASSESSMENT, SUMMARY)

    listed = coordinator.get(reports)
    assert listed.status_code == 200, listed.text
    [item] = listed.json()["items"]
    assert (item["report_id"], item["month"], item["mentee_id"], item["assessment"]) == (
        report_id, month, pair["mentee_id"], ASSESSMENT
    )  # fmt: skip
    assert [(o["objective"], o["status"], o["percent"]) for o in item["objectives"]] == [
        (1, "on_track", 40), (2, "at_risk", 10)
    ]  # fmt: skip
    assert listed.json()["missing"] == []  # it became active this month, whose report is not due yet
    assert mentee.get(reports).json() == mentor.get(reports).json() == listed.json()
    assert "only the partnership's members or the programme's coordinator" in refused(stranger.get(reports))
    elsewhere = platform.client(f"coord-{tag}", "agency-elsewhere", "coordinator")
    assert elsewhere.get(reports).status_code == 404
    missing_reports = f"/api/v1/programs/{program_id}/missing-progress-reports"
    missing = coordinator.get(missing_reports)
    assert missing.status_code == 200 and missing.json()["items"] == [], missing.text
    assert refused(mentor.get(missing_reports)) and elsewhere.get(missing_reports).status_code == 404

    _on_the_wire(platform, pair["id"], report_id, month)


def _signed(pair: dict[str, Any], mentor: httpx.Client, mentee: httpx.Client) -> None:
    agreement = f"/api/v1/pairs/{pair['id']}/agreement"
    proposed = mentee.put(agreement, json={**TERMS, "based_on_version": 0})
    assert proposed.status_code == 200, proposed.text
    for member in (mentee, mentor):
        signed = member.post(f"{agreement}/sign", json={"version": 1})
        assert signed.status_code == 200, signed.text


def _on_the_wire(platform: Platform, pair_id: str, report_id: str, month: str) -> None:
    def published() -> list[dict[str, Any]]:
        records = asyncio.run(read_topic(platform.stack.kafka_bootstrap, "evaluation.events"))
        envelopes = (json.loads(record.value) for record in records)
        return [e for e in envelopes if e["event_type"] == "ProgressReported" and e["payload"]["pair_id"] == pair_id]

    [fact] = eventually(published, lambda found: len(found) == 1, what="ProgressReported")
    payload = fact["payload"]
    assert (payload["report_id"], payload["month"]) == (report_id, month)
    assert [(o["objective"], o["status"], o["percent"]) for o in payload["objectives"]] == [
        (1, "on_track", 40), (2, "at_risk", 10)
    ]  # fmt: skip
    wire = json.dumps(fact)
    assert SUMMARY not in wire and ASSESSMENT not in wire and "summary" not in payload
