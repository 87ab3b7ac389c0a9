"""A pair's life through the gateway, then its programme's analytics as the coordinator reads them: the funnel, the
partnership, its meeting and hours, its goals and closure, counted from the events of every service; the agency's
for leadership, k-anonymous; and who may read which."""

import uuid
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import httpx
import pytest

from tests.e2e.conftest import Platform
from tests.support.enrolling import enrol, opened_programme
from tests.support.matching import matched
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

# The default pairing-fit survey's rating questions, each rated 4 by the one mentee who answered.
RATED = [("pairing_fit", question, 1, 4) for question in ("fit", "rapport")]


def _figures(body: dict) -> dict:
    total = body["total"]
    closures = {item["reason"]: item["count"]["value"] for item in total["closures"]}
    return {
        "mentees": [total["mentee_funnel"][stage]["value"] for stage in ("applied", "eligible", "approved", "matched")],
        "mentors": [total["mentor_funnel"][stage]["value"] for stage in ("applied", "eligible", "approved", "matched")],
        "match_rate": total["match_rate"]["value"],
        "active": total["partnerships"]["active"]["value"],
        "meetings": (total["meetings"]["value"], total["meeting_hours"]["value"]),
        "goals": (total["goals_set"]["value"], total["goals_achieved"]["value"], total["goal_attainment"]["value"]),
        "closed": closures["goals_achieved"],
        "plans": total["plans_agreed"]["value"],
        "satisfaction": sorted(
            (item["survey"], item["question_id"], item["respondents"]["value"], item["mean"]["value"])
            for item in total["satisfaction"]
        ),
    }


def _plan_agreed(pair: str, mentor: httpx.Client, mentee: httpx.Client) -> None:
    """The mentor writes a plan of one objective and both members agree it: GoalsAgreed."""
    target = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    objective = {
        "specific": "Lead the spring budget round", "measure": "Signed off by the director",
        "achievable": "She prepares the figures already", "relevant": "She wants to lead finance",
        "target_date": target,
    }  # fmt: skip
    eventually(lambda: mentee.get(f"{pair}/plan"), lambda r: r.status_code == 200, what="the pair's plan")
    written = mentor.put(f"{pair}/plan", json={"based_on_revision": 0, "objectives": [objective]})
    assert written.status_code == 200, written.text
    for member in (mentor, mentee):
        agreed = member.post(f"{pair}/plan/agree", json={"revision": 1})
        assert agreed.status_code == 200, agreed.text


def _survey_answered(mentee: httpx.Client) -> None:
    """The mentee answers the pairing-fit survey the logged meeting opened: 4 to every rating, a word to the rest."""
    [survey] = eventually(
        lambda: mentee.get("/api/v1/me/surveys").json()["items"], lambda items: len(items) == 1, what="a survey"
    )
    answers = [
        {"question_id": q["id"], "rating": 4} if q["kind"] == "rating" else {"question_id": q["id"], "text": "Fine"}
        for q in survey["questions"]
    ]
    answered = mentee.post(f"/api/v1/surveys/{survey['survey_id']}/responses", json={"answers": answers})
    assert answered.status_code == 201, answered.text


def test_the_coordinator_reads_a_pairs_life_in_its_programmes_analytics(platform: Platform) -> None:
    tag = uuid.uuid4().hex[:6]
    agency = f"agency-{tag}"
    coordinator = platform.client(f"coord-{tag}", agency, "coordinator")
    program_id = opened_programme(coordinator, duration_months=6)
    mentor_id, mentee_id = f"m1-{tag}", f"e1-{tag}"
    enrol(coordinator, program_id, mentor_id, "mentor", skills=["budgeting"], capacity=1)
    enrol(coordinator, program_id, mentee_id, "mentee", desired_skills=["budgeting"])
    _, pairs = matched(coordinator, program_id, lambda run: run["mentees"] == 1 and run["mentors"] == 1)
    pair = f"/api/v1/pairs/{pairs[0]['id']}"
    mentor, mentee = platform.client(mentor_id, agency, "mentor"), platform.client(mentee_id, agency, "mentee")

    eventually(lambda: mentee.get(pair), lambda r: r.status_code == 200, what="the partnership")
    terms = {"schedule": {"frequency": "monthly", "mode": "virtual"}, "based_on_version": 0}
    assert mentee.put(f"{pair}/agreement", json=terms).status_code == 200
    for member in (mentee, mentor):
        assert member.post(f"{pair}/agreement/sign", json={"version": 1}).status_code == 200
    held = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    logged = mentee.post(f"{pair}/meetings", json={"held_at": held, "duration_minutes": 90})
    assert logged.status_code == 201, logged.text
    _plan_agreed(pair, mentor, mentee)
    _survey_answered(mentee)
    goals = [
        {"goal": "Lead a budget round", "outcome": "achieved"},
        {"goal": "Present to the board", "outcome": "partly"},
    ]
    closed = mentor.post(f"{pair}/close", json={"reason": "goals_achieved", "goals": goals, "review": "Well done"})
    assert closed.status_code == 200, closed.text

    analytics = f"/api/v1/programs/{program_id}/analytics"
    expected = {
        "mentees": [1, 1, 1, 1], "mentors": [1, 1, 1, 1], "match_rate": 1, "active": 1, "meetings": (1, 1.5),
        "goals": (2, 1, 0.5), "closed": 1, "plans": 1, "satisfaction": RATED,
    }  # fmt: skip
    answer = eventually(
        lambda: coordinator.get(analytics),
        lambda r: r.status_code == 200 and _figures(r.json()) == expected,
        what="the programme's analytics",
    ).json()
    this_month = datetime.now(UTC).strftime("%Y-%m")
    assert answer["months"][-1]["month"] == this_month and len(answer["months"]) == 12
    assert _figures({"total": answer["months"][-1]}) == expected  # all of it this month
    assert answer["as_of"] is not None and answer["program_id"] == program_id
    text = coordinator.get(analytics).text
    assert not any(person in text for person in (mentor_id, mentee_id, pairs[0]["id"]))

    ranged = coordinator.get(analytics, params={"from": f"{this_month}-01", "to": f"{this_month}-01"})
    assert ranged.status_code == 200 and [m["month"] for m in ranged.json()["months"]] == [this_month]
    backwards = coordinator.get(analytics, params={"from": "2026-05-01", "to": "2026-04-01"})
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "from"
    assert coordinator.get(f"/api/v1/programs/{uuid.uuid4().hex}/analytics").status_code == 404

    csv = coordinator.get(analytics, headers={"Accept": "text/csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv"), csv.text
    assert "meeting_hours" in csv.text and mentee_id not in csv.text
    chart = coordinator.get(analytics, params={"chart": "cadence"}, headers={"Accept": "image/svg+xml"})
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert ElementTree.fromstring(chart.content).tag.endswith("svg")

    agency_wide = coordinator.get("/api/v1/agency/analytics")
    assert agency_wide.status_code == 200 and _figures(agency_wide.json()) == expected

    leadership = platform.client(f"lead-{tag}", agency, "leadership")
    assert leadership.get(analytics).status_code == 403
    guarded = leadership.get("/api/v1/agency/analytics")
    assert guarded.status_code == 200, guarded.text
    assert guarded.json()["min_people"] >= 3
    assert guarded.json()["total"]["meetings"] == {"value": None, "withheld": "few_people"}  # two people met
    for person in (mentor, mentee):
        assert person.get(analytics).status_code == 403
        assert person.get("/api/v1/agency/analytics").status_code == 403
