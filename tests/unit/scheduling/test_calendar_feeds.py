"""Calendars on in-memory ports: a scheduled meeting's invitation for the partnership's members, and a person's
private feed, issued as a URL, replaced by re-issuing, ended by revoking, answered to whoever holds the URL with the
owner's meetings on any instance sharing the store."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from mentoring_contracts.api import ChangeScheduledMeeting, DissolvePartnership, ScheduleMeeting
from mentoring_contracts.names import DissolutionReason, Initiator, MeetingMode
from mentoring_runtime.errors import Forbidden, NotFound
from scheduling.bootstrap import Scheduling, wire
from scheduling.handlers.calendars import Calendars
from scheduling.stores.calendar_feeds import CalendarFeeds, digest
from tests.support.factories import caller, group_formed, pair_matched, wrapped
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FEED_URL = re.compile(r"https://mentoring\.example/calendar/([A-Za-z0-9_-]{43})\.ics")
MENTOR, MENTEE = caller("agency-a", "mentor", "mentor"), caller("agency-a", "mentee", "mentee")
AGENDA = "talk about the promotion board, privately"


def _meeting(starts_at: datetime, **fields: object) -> ScheduleMeeting:
    values = {"duration_minutes": 45, "mode": MeetingMode.VIRTUAL, "link": "https://meet.example/p1", "agenda": AGENDA}
    return ScheduleMeeting(starts_at=starts_at, **{**values, **fields})


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("scheduling")


async def _instance(ports: MemoryPorts) -> tuple[Scheduling, Calendars]:
    """One scheduling process on the shared store; two of them are two instances."""
    scheduling = wire(ports.log, ports.recorder, lambda: NOW)
    feeds = CalendarFeeds(ports.database)  # type: ignore[arg-type]
    await feeds.create_indexes()
    calendars = Calendars(
        feeds, scheduling.held_partnerships, scheduling.held_programs, "https://mentoring.example/", lambda: NOW
    )
    return scheduling, calendars


@pytest.fixture
async def scheduling(ports: MemoryPorts) -> tuple[Scheduling, Calendars]:
    scheduling, calendars = await _instance(ports)
    await scheduling.matches.on_matched(wrapped(pair_matched("p1"), "agency-a", "matching"))
    return scheduling, calendars


def _token(url: str) -> str:
    match = FEED_URL.fullmatch(url)
    assert match, url
    return match[1]


def _events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


async def test_a_member_gets_a_meetings_invitation_naming_the_other_member_without_its_agenda(
    scheduling: tuple[Scheduling, Calendars],
) -> None:
    service, calendars = scheduling
    meeting_id = await service.meetings.schedule_meeting(MENTEE, "p1", _meeting(NOW + timedelta(days=3)))
    ics = await calendars.invitation(MENTOR, "p1", meeting_id)
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    assert (calendar["METHOD"], event["UID"], event["SEQUENCE"]) == ("REQUEST", f"{meeting_id}@mentoring-scheduling", 0)
    assert event["SUMMARY"] == "Mentoring (one-to-one) with mentee"
    assert event["ORGANIZER"] == "urn:mentoring:person:mentee"
    assert event.decoded("DTSTART") == NOW + timedelta(days=3)
    assert event["LOCATION"] == "https://meet.example/p1"
    assert b"promotion" not in ics


async def test_a_rescheduled_then_cancelled_meeting_has_a_growing_sequence_and_is_cancelled_at_last(
    scheduling: tuple[Scheduling, Calendars],
) -> None:
    service, calendars = scheduling
    meeting_id = await service.meetings.schedule_meeting(MENTEE, "p1", _meeting(NOW + timedelta(days=3)))
    moved = ChangeScheduledMeeting(starts_at=NOW + timedelta(days=4))
    await service.meetings.change_scheduled_meeting(MENTOR, "p1", meeting_id, moved)
    [event] = _events(await calendars.invitation(MENTEE, "p1", meeting_id))
    assert (event["SEQUENCE"], event.decoded("DTSTART")) == (1, NOW + timedelta(days=4))
    await service.meetings.cancel_scheduled_meeting(MENTOR, "p1", meeting_id)
    calendar = Calendar.from_ical(await calendars.invitation(MENTEE, "p1", meeting_id))
    [event] = calendar.walk("VEVENT")
    assert (calendar["METHOD"], event["STATUS"], event["SEQUENCE"]) == ("CANCEL", "CANCELLED", 2)


async def test_an_invitation_is_for_members_only_and_404_for_a_meeting_not_in_the_partnership(
    scheduling: tuple[Scheduling, Calendars],
) -> None:
    service, calendars = scheduling
    await service.matches.on_matched(wrapped(pair_matched("p2", mentor_id="m2", mentee_id="e2"), "agency-a"))
    meeting_id = await service.meetings.schedule_meeting(MENTEE, "p1", _meeting(NOW + timedelta(days=3)))
    other = await service.meetings.schedule_meeting(caller("agency-a", "e2", "mentee"), "p2", _meeting(NOW))
    with pytest.raises(Forbidden, match="only the pair's mentor or mentee"):
        await calendars.invitation(caller("agency-a", "e2", "mentee"), "p1", meeting_id)
    with pytest.raises(Forbidden):
        await calendars.invitation(caller("agency-a", "coord-1"), "p1", meeting_id)
    with pytest.raises(NotFound, match="no scheduled meeting"):
        await calendars.invitation(MENTOR, "p1", other)
    with pytest.raises(NotFound):
        await calendars.invitation(MENTOR, "p1", "sm-unknown")
    with pytest.raises(NotFound):
        await calendars.invitation(caller("agency-b", "mentor", "mentor"), "p1", meeting_id)


async def test_a_meeting_scheduled_through_another_instance_has_its_invitation_here_at_once(
    ports: MemoryPorts, scheduling: tuple[Scheduling, Calendars]
) -> None:
    here = scheduling[1]
    elsewhere, _ = await _instance(ports)
    with pytest.raises(NotFound):  # this instance holds the pair now, without the meeting
        await here.invitation(MENTOR, "p1", "sm-0")
    meeting_id = await elsewhere.meetings.schedule_meeting(MENTEE, "p1", _meeting(NOW + timedelta(days=1)))
    [event] = _events(await here.invitation(MENTOR, "p1", meeting_id))
    assert event["UID"] == f"{meeting_id}@mentoring-scheduling"


async def test_a_feed_shows_the_owners_meetings_from_90_days_back_on_in_every_partnership_of_theirs(
    scheduling: tuple[Scheduling, Calendars],
) -> None:
    service, calendars = scheduling
    # The mentor also leads a group; someone else's pair is not theirs.
    await service.matches.on_matched(wrapped(group_formed("grp1", "e1 e2"), "agency-a"))
    await service.matches.on_matched(wrapped(pair_matched("p3", mentor_id="m3", mentee_id="e3"), "agency-a"))
    soon = await service.meetings.schedule_meeting(MENTEE, "p1", _meeting(NOW + timedelta(days=2)))
    recent = await service.meetings.schedule_meeting(MENTOR, "p1", _meeting(NOW - timedelta(days=89)))
    await service.meetings.schedule_meeting(MENTOR, "p1", _meeting(NOW - timedelta(days=91)))  # too long ago
    cancelled = await service.meetings.schedule_meeting(MENTOR, "p1", _meeting(NOW + timedelta(days=9)))
    await service.meetings.cancel_scheduled_meeting(MENTEE, "p1", cancelled)
    group = await service.meetings.schedule_meeting(MENTOR, "grp1", _meeting(NOW + timedelta(days=5)))
    await service.meetings.schedule_meeting(caller("agency-a", "e3", "mentee"), "p3", _meeting(NOW))

    token = _token((await calendars.issue_feed(MENTOR)).url)
    ics = await calendars.feed(token)
    events = {str(e["UID"]).split("@")[0]: e for e in _events(ics)}
    assert list(events) == [recent, soon, group, cancelled]  # soonest first
    assert events[cancelled]["STATUS"] == "CANCELLED"
    assert events[group]["SUMMARY"] == "Mentoring (group) with e1, e2"
    assert events[soon]["SUMMARY"] == "Mentoring (one-to-one) with mentee"
    assert b"promotion" not in ics

    mentees = _events(await calendars.feed(_token((await calendars.issue_feed(MENTEE)).url)))
    assert {str(e["UID"]).split("@")[0] for e in mentees} == {recent, soon, cancelled}


async def test_the_meetings_to_come_of_a_dissolved_partnership_show_as_cancelled(
    scheduling: tuple[Scheduling, Calendars],
) -> None:
    service, calendars = scheduling
    held = await service.meetings.schedule_meeting(MENTEE, "p1", _meeting(NOW - timedelta(days=3)))
    upcoming = await service.meetings.schedule_meeting(MENTEE, "p1", _meeting(NOW + timedelta(days=3)))
    ending = DissolvePartnership(reason=DissolutionReason.POOR_FIT, initiated_by=Initiator.MENTEE)
    await service.endings.dissolve(MENTEE, "p1", ending)
    events = {str(e["UID"]).split("@")[0]: e for e in _events(await calendars.invitation(MENTEE, "p1", upcoming))}
    assert (events[upcoming]["STATUS"], events[upcoming]["SEQUENCE"]) == ("CANCELLED", 1)
    [before] = _events(await calendars.invitation(MENTEE, "p1", held))
    assert before["STATUS"] == "CONFIRMED"


async def test_the_store_keeps_the_tokens_digest_never_the_token(
    scheduling: tuple[Scheduling, Calendars], ports: MemoryPorts
) -> None:
    token = _token((await scheduling[1].issue_feed(MENTEE)).url)
    [document] = await ports.database["calendar_feeds"].find({}).to_list()
    assert document["digest"] == digest(token)
    assert token not in repr(document)
    assert (document["agency_id"], document["person_id"]) == ("agency-a", "mentee")


async def test_issuing_again_replaces_the_url_and_the_old_one_answers_404(
    scheduling: tuple[Scheduling, Calendars], ports: MemoryPorts
) -> None:
    calendars = scheduling[1]
    issued = await calendars.issue_feed(MENTEE)
    assert issued.issued_at == NOW
    old = _token(issued.url)
    new = _token((await calendars.issue_feed(MENTEE)).url)
    assert new != old
    with pytest.raises(NotFound, match="revoked or replaced"):
        await calendars.feed(old)
    assert await calendars.feed(new)
    assert len(await ports.database["calendar_feeds"].find({}).to_list()) == 1


async def test_a_revoked_feed_answers_404_and_revoking_none_is_no_error(
    scheduling: tuple[Scheduling, Calendars],
) -> None:
    calendars = scheduling[1]
    token = _token((await calendars.issue_feed(MENTEE)).url)
    await calendars.revoke_feed(MENTEE)
    with pytest.raises(NotFound):
        await calendars.feed(token)
    await calendars.revoke_feed(MENTEE)


async def test_a_feed_issued_on_one_instance_opens_on_another_and_a_revoke_on_either_ends_it(
    ports: MemoryPorts, scheduling: tuple[Scheduling, Calendars]
) -> None:
    one, (_, other) = scheduling[1], await _instance(ports)
    token = _token((await one.issue_feed(MENTOR)).url)
    assert await other.feed(token)
    assert await one.feed(token)
    await other.revoke_feed(MENTOR)
    with pytest.raises(NotFound):
        await one.feed(token)


async def test_the_same_person_id_in_two_agencies_has_two_feeds_each_opening_its_own(
    scheduling: tuple[Scheduling, Calendars],
) -> None:
    service, calendars = scheduling
    await service.matches.on_matched(wrapped(pair_matched("p9"), "agency-b", "matching"))
    in_b = caller("agency-b", "mentee", "mentee")
    b_meeting = await service.meetings.schedule_meeting(in_b, "p9", _meeting(NOW + timedelta(days=1)))
    a_token = _token((await calendars.issue_feed(MENTEE)).url)
    b_token = _token((await calendars.issue_feed(in_b)).url)
    await calendars.revoke_feed(MENTEE)
    [event] = _events(await calendars.feed(b_token))
    assert event["UID"] == f"{b_meeting}@mentoring-scheduling"
    with pytest.raises(NotFound):
        await calendars.feed(a_token)


async def test_a_token_never_issued_answers_404(scheduling: tuple[Scheduling, Calendars]) -> None:
    with pytest.raises(NotFound):
        await scheduling[1].feed("A" * 43)
