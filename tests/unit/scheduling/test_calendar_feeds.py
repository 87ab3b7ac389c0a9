"""A person's calendar feed: issued as a private URL, replaced by re-issuing, ended by revoking, and answered to
whoever holds the URL with the owner's meetings, on any instance sharing the store."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from mentoring_contracts.names import MeetingMode, ProgramKind, ScheduledMeetingStatus
from mentoring_runtime.errors import NotFound
from scheduling.domain.calendar import CalendarMeeting, Member
from scheduling.handlers.calendars import Calendars
from scheduling.stores.calendar_feeds import CalendarFeeds, digest
from tests.support.factories import caller
from tests.support.memory_store import MemoryDatabase

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FEED_URL = re.compile(r"https://mentoring\.example/calendar/([A-Za-z0-9_-]{43})\.ics")


class Meetings:
    """The port that answers a person's meetings: records who was asked for, answers one meeting of theirs."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, datetime]] = []

    async def __call__(self, agency_id: str, person_id: str, since: datetime) -> list[CalendarMeeting]:
        self.asked.append((agency_id, person_id, since))
        return [
            CalendarMeeting(
                meeting_id=f"sm-{person_id}", partnership_id="p1", kind=ProgramKind.ONE_TO_ONE,
                starts_at=NOW + timedelta(days=2), duration_minutes=30, mode=MeetingMode.VIRTUAL, location=None,
                link="https://meet.example/x", status=ScheduledMeetingStatus.SCHEDULED, revision=0,
                organizer=Member(person_id), members=(Member(person_id), Member("other-1")),
            )
        ]  # fmt: skip


@pytest.fixture
def database() -> MemoryDatabase:
    return MemoryDatabase()


@pytest.fixture
def meetings() -> Meetings:
    return Meetings()


async def _instance(database: MemoryDatabase, meetings: Meetings) -> Calendars:
    """One scheduling process's calendars on the shared store; two of them are two instances."""
    feeds = CalendarFeeds(database)  # type: ignore[arg-type]
    await feeds.create_indexes()
    return Calendars(feeds, meetings, "https://mentoring.example/", lambda: NOW)


@pytest.fixture
async def calendars(database: MemoryDatabase, meetings: Meetings) -> Calendars:
    return await _instance(database, meetings)


def _token(url: str) -> str:
    match = FEED_URL.fullmatch(url)
    assert match, url
    return match[1]


async def test_an_issued_feed_opens_the_owners_meetings_of_the_last_90_days_on(
    calendars: Calendars, meetings: Meetings
) -> None:
    issued = await calendars.issue_feed(caller("agency-a", "mentee-1", "mentee"))
    assert issued.issued_at == NOW
    ics = await calendars.feed(_token(issued.url))
    assert meetings.asked == [("agency-a", "mentee-1", NOW - timedelta(days=90))]
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert (event["UID"], event["SUMMARY"]) == (
        "sm-mentee-1@mentoring-scheduling",
        "Mentoring (one-to-one) with other-1",
    )


async def test_the_store_keeps_the_tokens_digest_never_the_token(
    calendars: Calendars, database: MemoryDatabase
) -> None:
    token = _token((await calendars.issue_feed(caller("agency-a", "mentee-1", "mentee"))).url)
    [document] = await database["calendar_feeds"].find({}).to_list()
    assert document["digest"] == digest(token)
    assert token not in repr(document)
    assert (document["agency_id"], document["person_id"]) == ("agency-a", "mentee-1")


async def test_issuing_again_replaces_the_url_and_the_old_one_answers_404(
    calendars: Calendars, database: MemoryDatabase
) -> None:
    mentee = caller("agency-a", "mentee-1", "mentee")
    old = _token((await calendars.issue_feed(mentee)).url)
    new = _token((await calendars.issue_feed(mentee)).url)
    assert new != old
    with pytest.raises(NotFound, match="revoked or replaced"):
        await calendars.feed(old)
    assert await calendars.feed(new)
    assert len(await database["calendar_feeds"].find({}).to_list()) == 1


async def test_a_revoked_feed_answers_404_and_revoking_none_is_no_error(calendars: Calendars) -> None:
    mentee = caller("agency-a", "mentee-1", "mentee")
    token = _token((await calendars.issue_feed(mentee)).url)
    await calendars.revoke_feed(mentee)
    with pytest.raises(NotFound):
        await calendars.feed(token)
    await calendars.revoke_feed(mentee)


async def test_a_feed_issued_on_one_instance_opens_on_another_and_a_revoke_on_either_ends_it(
    database: MemoryDatabase, meetings: Meetings
) -> None:
    one, other = await _instance(database, meetings), await _instance(database, meetings)
    mentor = caller("agency-a", "mentor-1", "mentor")
    token = _token((await one.issue_feed(mentor)).url)
    assert await other.feed(token)
    assert await one.feed(token)  # opened on the first too, then ended on the second
    await other.revoke_feed(mentor)
    with pytest.raises(NotFound):
        await one.feed(token)


async def test_the_same_person_id_in_two_agencies_has_two_feeds_each_opening_its_own(
    calendars: Calendars, meetings: Meetings
) -> None:
    in_a = _token((await calendars.issue_feed(caller("agency-a", "person-1", "mentee"))).url)
    in_b = _token((await calendars.issue_feed(caller("agency-b", "person-1", "mentee"))).url)
    await calendars.revoke_feed(caller("agency-a", "person-1", "mentee"))
    await calendars.feed(in_b)
    assert meetings.asked[-1][:2] == ("agency-b", "person-1")
    with pytest.raises(NotFound):
        await calendars.feed(in_a)


async def test_a_token_never_issued_answers_404(calendars: Calendars, meetings: Meetings) -> None:
    with pytest.raises(NotFound):
        await calendars.feed("A" * 43)
    assert meetings.asked == []
