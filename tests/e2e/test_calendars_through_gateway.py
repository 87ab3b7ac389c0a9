"""Calendars through the gateway with real tokens: a scheduled meeting's invitation for the pair, and a person's
private feed fetched with no token at all, as a calendar application does, parsed by an iCalendar parser; revoked
(404 from then on) and re-issued (the old URL 404, the new one live)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from icalendar import Calendar

from tests.e2e.conftest import Platform
from tests.support.enrolling import enrol, opened_programme
from tests.support.matching import matched
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

STARTS_AT = (datetime.now(UTC) + timedelta(days=7)).replace(microsecond=0)
AGENDA = "the mentee's promotion board, in confidence"


@dataclass
class Pair:
    platform: Platform
    agency: str
    pair_id: str
    mentor: str
    mentee: str
    meeting_id: str

    def client(self, person: str, role: str) -> httpx.Client:
        return self.platform.client(person, self.agency, role)

    def anonymous(self) -> httpx.Client:
        """A calendar application: the gateway's address and nothing else."""
        return httpx.Client(base_url=self.platform.gateway.url, timeout=30)

    @property
    def invitation(self) -> str:
        return f"/api/v1/pairs/{self.pair_id}/scheduled-meetings/{self.meeting_id}/invite.ics"


@pytest.fixture(scope="module")
def pair(platform: Platform) -> Pair:
    tag = uuid.uuid4().hex[:6]
    agency, mentor, mentee = f"agency-{tag}", f"mentor-{tag}", f"mentee-{tag}"
    coordinator = platform.client(f"coord-{tag}", agency, "coordinator")
    program_id = opened_programme(coordinator)

    enrol(coordinator, program_id, mentor, "mentor", skills=["budgeting"], capacity=1)
    enrol(coordinator, program_id, mentee, "mentee", desired_skills=["budgeting"])
    _, [matched_pair] = matched(coordinator, program_id, lambda run: run["mentees"] == 1 and run["mentors"] == 1)
    meeting = {
        "starts_at": STARTS_AT.isoformat(), "duration_minutes": 60, "mode": "virtual",
        "link": "https://meet.example/" + "x" * 90, "agenda": AGENDA,
    }  # fmt: skip
    scheduled = eventually(  # scheduling hears of the pair from matching a moment after it is published
        lambda: platform.client(mentee, agency, "mentee").post(
            f"/api/v1/pairs/{matched_pair['id']}/scheduled-meetings", json=meeting
        ),
        lambda response: response.status_code != 404,
        what="the pair's partnership in scheduling",
    )
    assert scheduled.status_code == 201, scheduled.text
    return Pair(platform, agency, matched_pair["id"], mentor, mentee, scheduled.json()["id"])


def _event(ics: bytes, meeting_id: str) -> Any:
    events = [e for e in Calendar.from_ical(ics).walk("VEVENT") if e["UID"] == f"{meeting_id}@mentoring-scheduling"]
    assert len(events) == 1, ics
    return events[0]


def test_the_pair_gets_the_meetings_invitation_as_a_calendar(pair: Pair) -> None:
    response = pair.client(pair.mentor, "mentor").get(pair.invitation)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "REQUEST"
    event = _event(response.content, pair.meeting_id)
    assert event.decoded("DTSTART") == STARTS_AT
    assert event.decoded("DTEND") == STARTS_AT + timedelta(hours=1)
    assert event["SUMMARY"] == f"Mentoring (one-to-one) with {pair.mentee}"
    assert event["LOCATION"] == "https://meet.example/" + "x" * 90  # folded on the wire, whole once parsed
    assert b"promotion" not in response.content


def test_nobody_else_gets_the_invitation(pair: Pair) -> None:
    outsider = pair.client(f"someone-{uuid.uuid4().hex[:4]}", "mentee").get(pair.invitation)
    assert outsider.status_code == 403
    other_agency = pair.platform.client(pair.mentor, "agency-elsewhere", "mentor").get(pair.invitation)
    assert other_agency.status_code == 404
    unknown = pair.client(pair.mentor, "mentor").get(f"/api/v1/pairs/{pair.pair_id}/scheduled-meetings/sm-x/invite.ics")
    assert unknown.status_code == 404
    assert pair.anonymous().get(pair.invitation).status_code == 401


def test_the_feed_opens_without_a_token_until_revoked_and_a_new_url_replaces_the_old(pair: Pair) -> None:
    mentee = pair.client(pair.mentee, "mentee")
    issued = mentee.post("/api/v1/me/calendar-feed")
    assert issued.status_code == 200, issued.text
    url = urlsplit(issued.json()["url"])
    assert f"{url.scheme}://{url.netloc}" == pair.platform.gateway.url
    assert url.path.startswith("/calendar/") and url.path.endswith(".ics")

    calendar_app = pair.anonymous()
    fetched = calendar_app.get(url.path)
    assert fetched.status_code == 200, fetched.text
    assert fetched.headers["content-type"] == "text/calendar; charset=utf-8"
    parsed = Calendar.from_ical(fetched.content)
    assert parsed["X-WR-CALNAME"] == "Mentoring meetings"
    event = _event(fetched.content, pair.meeting_id)
    assert (event["SUMMARY"], event["STATUS"]) == (f"Mentoring (one-to-one) with {pair.mentor}", "CONFIRMED")
    assert event.decoded("DTSTART") == STARTS_AT
    assert b"promotion" not in fetched.content

    assert mentee.delete("/api/v1/me/calendar-feed").status_code == 204
    assert calendar_app.get(url.path).status_code == 404

    old = urlsplit(mentee.post("/api/v1/me/calendar-feed").json()["url"]).path
    new = urlsplit(mentee.post("/api/v1/me/calendar-feed").json()["url"]).path
    assert old != new
    assert calendar_app.get(old).status_code == 404
    assert calendar_app.get(new).status_code == 200


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(pair: Pair) -> None:
    mentor = pair.client(pair.mentor, "mentor")
    later = {"starts_at": (STARTS_AT + timedelta(days=7)).isoformat(), "duration_minutes": 30, "mode": "in_person",
             "location": "Town hall, room 4"}  # fmt: skip
    created = mentor.post(f"/api/v1/pairs/{pair.pair_id}/scheduled-meetings", json=later)
    assert created.status_code == 201, created.text
    meeting_id = created.json()["id"]
    assert mentor.delete(f"/api/v1/pairs/{pair.pair_id}/scheduled-meetings/{meeting_id}").status_code == 200
    feed = urlsplit(mentor.post("/api/v1/me/calendar-feed").json()["url"]).path
    fetched = pair.anonymous().get(feed)
    assert fetched.status_code == 200
    event = _event(fetched.content, meeting_id)
    assert (event["STATUS"], event["SEQUENCE"], event["LOCATION"]) == ("CANCELLED", 1, "Town hall, room 4")
