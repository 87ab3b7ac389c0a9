"""Meetings as iCalendar (RFC 5545): a meeting's invitation, and a person's feed of their meetings.

What a calendar shows is the meeting's time, place and who else is in it, never its agenda or any notes: nothing
here takes them. Each meeting keeps one UID wherever it appears (its invitation, every feed), so a calendar
application that has it updates it instead of adding a copy; its SEQUENCE counts the changes it went through, so
the newest version wins; a cancelled one stays in the feed as STATUS:CANCELLED for a calendar to take it out.

Times are written in UTC. Built with the icalendar library, which escapes text, folds lines at 75 octets and ends
them with CRLF as the RFC asks.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vDuration

from mentoring_contracts.names import MeetingMode, ProgramKind, ScheduledMeetingStatus
from scheduling.domain.partnership import Partnership, ScheduledMeeting

PRODUCT = "-//Mentoring platform//Scheduling//EN"
FEED_NAME = "Mentoring meetings"
# How often a subscribed calendar should fetch the feed again (RFC 7986 and the common X-PUBLISHED-TTL).
REFRESH = timedelta(hours=1)
# The most others named in a summary; a group's mentor sees "and 9 more" rather than a line of 12 names.
NAMED_IN_SUMMARY = 3

_KIND = {ProgramKind.ONE_TO_ONE: "one-to-one", ProgramKind.GROUP: "group", ProgramKind.PEER: "peer"}


@dataclass(frozen=True)
class Member:
    """A member of a partnership, shown by name when scheduling knows one, otherwise by person id."""

    person_id: str
    name: str | None = None

    @property
    def shown(self) -> str:
        return self.name or self.person_id

    def address(self) -> vCalAddress:
        """A calendar user address for the member. The platform keeps no e-mail in scheduling, so the address is
        the person's id as a URN: enough for a calendar to tell people apart, and no reply is expected."""
        address = vCalAddress(f"urn:mentoring:person:{self.person_id}")
        address.params["CN"] = self.shown
        return address


@dataclass(frozen=True)
class CalendarMeeting:
    """A scheduled meeting as a calendar shows it: plain values, without its agenda."""

    meeting_id: str
    partnership_id: str
    kind: ProgramKind
    starts_at: datetime
    duration_minutes: int
    mode: MeetingMode
    location: str | None
    link: str | None
    status: ScheduledMeetingStatus
    revision: int  # how often it was rescheduled, moved or cancelled since it was scheduled
    organizer: Member  # who scheduled it
    members: tuple[Member, ...]  # everyone in the partnership, the organizer too

    @property
    def uid(self) -> str:
        return f"{self.meeting_id}@mentoring-scheduling"

    def summary_for(self, viewer_id: str) -> str:
        others = [member.shown for member in self.members if member.person_id != viewer_id]
        named = ", ".join(others[:NAMED_IN_SUMMARY])
        if len(others) > NAMED_IN_SUMMARY:
            named = f"{named} and {len(others) - NAMED_IN_SUMMARY} more"
        return f"Mentoring ({_KIND[self.kind]}) with {named}" if named else f"Mentoring ({_KIND[self.kind]})"

    def place(self) -> str | None:
        return self.location if self.mode == MeetingMode.IN_PERSON else self.link or self.location


def calendar_meeting(partnership: Partnership, meeting: ScheduledMeeting, kind: ProgramKind) -> CalendarMeeting:
    """A scheduled meeting of `partnership` as calendars show it, its members by person id. A group is a group
    whatever the programme's terms say (scheduling may not have heard them yet)."""
    members = (partnership.mentor_id, *sorted(partnership.mentee_ids))
    return CalendarMeeting(
        meeting_id=meeting.meeting_id,
        partnership_id=partnership.partnership_id,
        kind=ProgramKind.GROUP if partnership.group_id is not None else kind,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        mode=meeting.mode,
        location=meeting.location,
        link=meeting.link,
        status=meeting.status,
        revision=meeting.sequence,
        organizer=Member(meeting.scheduled_by),
        members=tuple(Member(person_id) for person_id in members),
    )


def invitation(meeting: CalendarMeeting, viewer_id: str, stamped_at: datetime) -> bytes:
    """One meeting as an iTIP message (RFC 5546): METHOD:REQUEST while it stands, METHOD:CANCEL once cancelled,
    so that a calendar that imported it takes it out."""
    cancelled = meeting.status == ScheduledMeetingStatus.CANCELLED
    calendar = _calendar(method="CANCEL" if cancelled else "REQUEST")
    event = _event(meeting, viewer_id, stamped_at)
    event.add("organizer", meeting.organizer.address())
    for member in meeting.members:
        if member.person_id != meeting.organizer.person_id:
            attendee = member.address()
            attendee.params.update({"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE"})
            event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()


def feed(meetings: Iterable[CalendarMeeting], viewer_id: str, stamped_at: datetime) -> bytes:
    """A person's meetings as one calendar to subscribe to (METHOD:PUBLISH), each by its stable UID."""
    calendar = _calendar(method="PUBLISH", name=FEED_NAME, refresh_interval=REFRESH)  # NAME and X-WR-CALNAME
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # which RFC 7986 requires, and the library leaves out
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for meeting in sorted(meetings, key=lambda each: (each.starts_at, each.meeting_id)):
        calendar.add_component(_event(meeting, viewer_id, stamped_at))
    return calendar.to_ical()


def _calendar(**properties: object) -> Calendar:
    calendar = Calendar.new(prodid=PRODUCT, **properties)  # type: ignore[arg-type]
    # Calendar.new gives the calendar a random UID: a feed fetched twice would look like two calendars.
    calendar.pop("UID", None)
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _event(meeting: CalendarMeeting, viewer_id: str, stamped_at: datetime) -> Event:
    starts_at = meeting.starts_at.astimezone(UTC)
    event = Event.new(
        uid=meeting.uid,
        stamp=stamped_at.astimezone(UTC),
        start=starts_at,
        end=starts_at + timedelta(minutes=meeting.duration_minutes),
        summary=meeting.summary_for(viewer_id),
        description=_description(meeting),
        location=meeting.place(),
        sequence=meeting.revision,
    )
    event.add("status", "CANCELLED" if meeting.status == ScheduledMeetingStatus.CANCELLED else "CONFIRMED")
    if meeting.mode == MeetingMode.VIRTUAL and meeting.link:
        event.add("url", meeting.link)
    return event


def _description(meeting: CalendarMeeting) -> str:
    if meeting.mode == MeetingMode.IN_PERSON:
        return f"Mentoring meeting in person{f' at {meeting.location}' if meeting.location else ''}."
    return f"Virtual mentoring meeting{f'; join at {meeting.link}' if meeting.link else ''}."
