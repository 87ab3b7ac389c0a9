"""Meetings: logged once held, and scheduled ahead. Only the partnership's mentor or mentees may do either, and
the published facts say when, how long, where and which mentees attended, never what was said or planned (notes and
agendas stay beside the facts). A partnership that ended takes no more meetings.

Attendance is per mentee. Absent, every mentee of the partnership attended: a pair's mentee is at its every meeting,
and a group member logging the batch's usual meeting should not have to list the group. Named, it must name
mentees of this partnership, each once: anyone else is refused, named, and nothing is stored. The mentor leads
every meeting and is never among the attendees.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from mentoring_contracts import MeetingLogged
from mentoring_contracts.names import ScheduledMeetingStatus
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from scheduling.domain.partnership import Partnership, ScheduledMeeting

ATTENDEES = "attendee_ids"


class NotAMember(Forbidden):
    """The person is neither the partnership's mentor nor one of its mentees."""


class NotAnAttendee(Invalid):
    """The attendance names someone who cannot have attended as a mentee of this partnership."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ATTENDEES)


@dataclass(frozen=True)
class MeetingNotes:
    """What stays with scheduling, beside the fact: the notes, who wrote them and whether the other members may
    read them. Never published, never shown to a coordinator."""

    notes: str
    author: str
    shared: bool = False


def meeting_logged(
    partnership: Partnership,
    *,
    meeting_id: str,
    held_at: datetime,
    duration_minutes: int,
    logged_by: str,
    attendee_ids: Sequence[str] | None = None,
    scheduled_meeting_id: str | None = None,
) -> MeetingLogged:
    member_only(partnership, logged_by, "log its meetings")
    still_going(partnership)
    if scheduled_meeting_id is not None:
        scheduled = scheduled_meeting(partnership, scheduled_meeting_id, "scheduled_meeting_id")
        if scheduled.status is not ScheduledMeetingStatus.SCHEDULED:
            raise Conflict(f"the scheduled meeting {scheduled_meeting_id!r} is {scheduled.status}: log it without it")
    # Notes are not a parameter on purpose: they stay with the service and never reach the fact.
    return MeetingLogged(
        meeting_id=meeting_id,
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        held_at=held_at,
        duration_minutes=duration_minutes,
        logged_by=logged_by,
        group_id=partnership.group_id,
        attendee_ids=attendance(partnership, attendee_ids),
        scheduled_meeting_id=scheduled_meeting_id,
    )


def still_going(partnership: Partnership, refused: str = "it takes no more meetings") -> None:
    """Refuse work on a partnership that ended, saying what it no longer takes."""
    if partnership.ending is not None:
        raise Conflict(f"the {partnership.noun} was {partnership.ending.status}: {refused}")


def scheduled_meeting(partnership: Partnership, meeting_id: str, field: str | None = None) -> ScheduledMeeting:
    """One of the partnership's scheduled meetings; NotFound (or, for a body's field, Invalid) otherwise."""
    found = partnership.scheduled.get(meeting_id)
    if found is None:
        message = f"no scheduled meeting {meeting_id!r} in this {partnership.noun}"
        raise Invalid(message, field) if field else NotFound(message)
    return found


def member_only(partnership: Partnership, person_id: str, doing: str) -> None:
    """Refuse anyone but the partnership's mentor and mentees."""
    if not partnership.is_member(person_id):
        raise NotAMember(f"only {partnership.members} can {doing}")


def attendance(partnership: Partnership, attendee_ids: Sequence[str] | None) -> tuple[str, ...]:
    """The mentees who attended, in id order: every mentee when none are named, else those named, checked."""
    if attendee_ids is None:
        return tuple(sorted(partnership.mentee_ids))
    noun = partnership.noun
    twice = sorted(person for person, times in Counter(attendee_ids).items() if times > 1)
    if twice:
        raise NotAnAttendee(f"{_listed(twice)} named more than once: name each mentee who attended once")
    if partnership.mentor_id in attendee_ids:
        raise NotAnAttendee(
            f"{partnership.mentor_id!r} is the {noun}'s mentor, who leads every meeting: name only the mentees"
        )
    strangers = sorted(set(attendee_ids) - partnership.mentee_ids)
    if strangers:
        raise NotAnAttendee(
            f"{_listed(strangers)} {'is not a mentee' if len(strangers) == 1 else 'are not mentees'} of this {noun}: "
            f"name only its mentees ({_listed(sorted(partnership.mentee_ids))})"
        )
    return tuple(sorted(attendee_ids))


def _listed(person_ids: Sequence[str]) -> str:
    return ", ".join(repr(person_id) for person_id in person_ids)
