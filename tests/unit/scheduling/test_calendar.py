"""Meetings as iCalendar, read back with a parser: the RFC's required properties, UTC times, CRLF line endings and
folding, one stable UID per meeting, a growing SEQUENCE, cancelled meetings marked so, and no agenda or notes."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from mentoring_contracts.names import MeetingMode, ProgramKind, ScheduledMeetingStatus
from scheduling.domain.calendar import CalendarMeeting, Member, feed, invitation

pytestmark = pytest.mark.unit

NOW = datetime(2026, 1, 20, 8, 30, tzinfo=UTC)
MENTOR, MENTEE = Member("mentor-1"), Member("mentee-1")
MEETING = CalendarMeeting(
    meeting_id="sm-1",
    partnership_id="pair-1",
    kind=ProgramKind.ONE_TO_ONE,
    starts_at=datetime(2026, 2, 1, 10, 0, tzinfo=timezone(timedelta(hours=2))),
    duration_minutes=45,
    mode=MeetingMode.IN_PERSON,
    location="Town hall, room 4; second floor, by the lifts",
    link=None,
    status=ScheduledMeetingStatus.SCHEDULED,
    revision=0,
    organizer=MENTEE,
    members=(MENTOR, MENTEE),
)


def _parsed(ics: bytes) -> Calendar:
    return Calendar.from_ical(ics)


def _lines(ics: bytes) -> list[bytes]:
    assert ics.endswith(b"\r\n")
    lines = ics.split(b"\r\n")[:-1]
    assert not any(b"\n" in line or b"\r" in line for line in lines), "every line ends with CRLF, and only there"
    return lines


def test_an_invitation_is_a_request_with_the_rfcs_required_properties_in_utc() -> None:
    ics = invitation(MEETING, "mentor-1", NOW)
    calendar = _parsed(ics)
    assert (calendar["VERSION"], calendar["METHOD"]) == ("2.0", "REQUEST")
    assert calendar["PRODID"]
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == "sm-1@mentoring-scheduling"
    assert event.decoded("DTSTAMP") == NOW
    assert event.decoded("DTSTART") == datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 2, 1, 8, 45, tzinfo=UTC)
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert b"DTSTART:20260201T080000Z" in _lines(ics)
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event["LOCATION"] == "Town hall, room 4; second floor, by the lifts"  # escaped, and read back whole


def test_an_invitation_names_the_other_member_and_who_scheduled_it() -> None:
    event = _parsed(invitation(MEETING, "mentor-1", NOW)).walk("VEVENT")[0]
    assert event["SUMMARY"] == "Mentoring (one-to-one) with mentee-1"
    assert event["ORGANIZER"] == "urn:mentoring:person:mentee-1"
    assert event["ORGANIZER"].params["CN"] == "mentee-1"
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert [(str(a), a.params["CN"]) for a in attendees] == [("urn:mentoring:person:mentor-1", "mentor-1")]
    seen_by_mentee = _parsed(invitation(MEETING, "mentee-1", NOW)).walk("VEVENT")[0]
    assert seen_by_mentee["SUMMARY"] == "Mentoring (one-to-one) with mentor-1"


def test_a_known_name_is_shown_instead_of_the_id() -> None:
    named = replace(MEETING, members=(Member("mentor-1", "Ada Lovelace"), MENTEE))
    assert _parsed(invitation(named, "mentee-1", NOW)).walk("VEVENT")[0]["SUMMARY"] == (
        "Mentoring (one-to-one) with Ada Lovelace"
    )


def test_a_groups_mentor_sees_the_first_members_and_how_many_more() -> None:
    members = (MENTOR, *(Member(f"mentee-{n}") for n in range(1, 6)))
    group = replace(MEETING, kind=ProgramKind.GROUP, members=members, organizer=MENTOR)
    summary = _parsed(invitation(group, "mentor-1", NOW)).walk("VEVENT")[0]["SUMMARY"]
    assert summary == "Mentoring (group) with mentee-1, mentee-2, mentee-3 and 2 more"


def test_a_virtual_meeting_has_its_link_as_place_and_url() -> None:
    virtual = replace(MEETING, mode=MeetingMode.VIRTUAL, location=None, link="https://meet.example/abc")
    event = _parsed(invitation(virtual, "mentor-1", NOW)).walk("VEVENT")[0]
    assert (event["LOCATION"], event["URL"]) == ("https://meet.example/abc", "https://meet.example/abc")
    assert "https://meet.example/abc" in event["DESCRIPTION"]


def test_a_cancelled_meetings_invitation_cancels_it_at_a_higher_sequence() -> None:
    cancelled = replace(MEETING, status=ScheduledMeetingStatus.CANCELLED, revision=3)
    calendar = _parsed(invitation(cancelled, "mentor-1", NOW))
    [event] = calendar.walk("VEVENT")
    assert (calendar["METHOD"], event["STATUS"], event["SEQUENCE"]) == ("CANCEL", "CANCELLED", 3)
    assert event["UID"] == "sm-1@mentoring-scheduling"


def test_long_lines_are_folded_at_75_octets_and_unfold_to_the_text() -> None:
    # Multi-byte characters count as the octets they are, and a fold never splits one.
    place = "Ærøskøbing Rådhus, Sølvgade 1 — the big meeting room under the clock tower, " * 3
    long = replace(MEETING, location=place.strip(), members=(MENTOR, Member("mentee-1", "Zoë Ångström-Øster")))
    ics = invitation(long, "mentor-1", NOW)
    lines = _lines(ics)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "the location was folded"
    for line in lines:
        line.decode("utf-8")  # no character cut in two
    event = _parsed(ics).walk("VEVENT")[0]
    assert event["LOCATION"] == place.strip()
    assert event["SUMMARY"] == "Mentoring (one-to-one) with Zoë Ångström-Øster"


def test_a_feed_is_one_published_calendar_of_every_meeting_by_its_stable_uid() -> None:
    later = replace(MEETING, meeting_id="sm-2", starts_at=MEETING.starts_at + timedelta(days=14), revision=2)
    cancelled = replace(
        MEETING, meeting_id="sm-0", starts_at=MEETING.starts_at - timedelta(days=7),
        status=ScheduledMeetingStatus.CANCELLED, revision=1,
    )  # fmt: skip
    ics = feed([later, MEETING, cancelled], "mentee-1", NOW)
    _lines(ics)
    calendar = _parsed(ics)
    assert (calendar["METHOD"], calendar["X-WR-CALNAME"], calendar["NAME"]) == (
        "PUBLISH",
        "Mentoring meetings",
        "Mentoring meetings",
    )
    assert "UID" not in calendar, "no calendar id that changes with each fetch"
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    events = calendar.walk("VEVENT")
    assert [(e["UID"], e["STATUS"], e["SEQUENCE"]) for e in events] == [
        ("sm-0@mentoring-scheduling", "CANCELLED", 1),
        ("sm-1@mentoring-scheduling", "CONFIRMED", 0),
        ("sm-2@mentoring-scheduling", "CONFIRMED", 2),
    ]
    assert {e["SUMMARY"] for e in events} == {"Mentoring (one-to-one) with mentor-1"}
    assert "ORGANIZER" not in events[0] and "ATTENDEE" not in events[0]
    assert all(e.decoded("DTSTAMP") == NOW for e in events)
    assert feed([later, MEETING, cancelled], "mentee-1", NOW) == ics, "the same meetings give the same feed"


def test_an_empty_feed_is_still_a_calendar() -> None:
    calendar = _parsed(feed([], "mentee-1", NOW))
    assert calendar.walk("VEVENT") == []
    assert calendar["VERSION"] == "2.0"


def test_a_meeting_carries_no_agenda_or_notes_into_a_calendar() -> None:
    # The calendar's values are the meeting's time, place and people: there is no field for anything said.
    assert not {"agenda", "notes"} & set(CalendarMeeting.__dataclass_fields__)
