"""Scheduling a meeting ahead, moving it, cancelling it, and ticking the first meeting's checklist.

A member schedules; every member may move or cancel any of the partnership's upcoming meetings, as people do with a
shared calendar. A meeting held or cancelled no longer moves. An in-person meeting names where, a virtual one how
to join. The agenda stays beside the fact, for the partnership alone. The first meeting a partnership schedules
carries the guidance's checklist (introductions, ground rules, schedule, goals, development plan), which its
members tick as they go; ticking says which items are now done. It is what the meeting covered, so it is still
ticked once the meeting was logged as held, not once it was cancelled. When a partnership ends, its meetings still to
come are cancelled; those whose time has passed stay as they were.

A change names only what changes. A null time, duration, mode or agenda leaves it as it is (it has no "none"); a
null location or link clears it, as when a meeting moves online, and what is left must still say where or how.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentoring_contracts import MeetingCancelled, MeetingRescheduled, MeetingScheduled
from mentoring_contracts.api import ChangeScheduledMeeting, ScheduleMeeting
from mentoring_contracts.names import FirstMeetingItem, MeetingMode, ScheduledMeetingStatus
from mentoring_runtime.errors import Conflict, Invalid
from scheduling.domain.facts import ChecklistTicked
from scheduling.domain.meeting import member_only, scheduled_meeting, still_going
from scheduling.domain.partnership import Partnership, ScheduledMeeting

CLEARABLE = frozenset({"location", "link"})  # a null clears these; on the other fields it leaves them as they are


@dataclass(frozen=True)
class Agenda:
    """What stays beside a scheduled meeting's fact: its agenda, for the partnership alone."""

    agenda: str


def schedule(
    partnership: Partnership, meeting_id: str, scheduled_by: str, request: ScheduleMeeting
) -> tuple[MeetingScheduled, Agenda]:
    member_only(partnership, scheduled_by, "schedule its meetings")
    still_going(partnership)
    _placed(request.mode, request.location, request.link)
    event = MeetingScheduled(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        meeting_id=meeting_id,
        starts_at=request.starts_at,
        duration_minutes=request.duration_minutes,
        mode=request.mode,
        location=request.location,
        link=request.link,
        scheduled_by=scheduled_by,
    )
    return event, Agenda(request.agenda)


def change(
    partnership: Partnership, meeting_id: str, changed_by: str, request: ChangeScheduledMeeting
) -> list[tuple[MeetingRescheduled | ChecklistTicked, Agenda | None]]:
    """The facts a change states: a reschedule when the time, duration, mode, place or agenda changed, and the
    checklist when it was ticked. Nothing when it changes nothing."""
    member_only(partnership, changed_by, "change its meetings")
    still_going(partnership)
    meeting = scheduled_meeting(partnership, meeting_id)
    facts: list[tuple[MeetingRescheduled | ChecklistTicked, Agenda | None]] = []
    if _changes(request):
        _upcoming(partnership, meeting_id)
    moved = _moved(partnership, meeting, changed_by, request)
    if moved is not None:
        facts.append(moved)
    if request.checklist_done is not None:
        if meeting.status is ScheduledMeetingStatus.CANCELLED:
            raise Conflict(f"the meeting {meeting_id!r} is cancelled: it no longer changes")
        if meeting.checklist is None:
            raise Invalid("only the partnership's first meeting has the checklist", "checklist_done")
        if frozenset(request.checklist_done) != meeting.checklist:
            done = tuple(item for item in FirstMeetingItem if item in request.checklist_done)
            facts.append((ChecklistTicked(pair_id=partnership.partnership_id, meeting_id=meeting_id, done=done,
                                          ticked_by=changed_by), None))  # fmt: skip
    return facts


def cancel(partnership: Partnership, meeting_id: str, cancelled_by: str) -> MeetingCancelled:
    member_only(partnership, cancelled_by, "cancel its meetings")
    _upcoming(partnership, meeting_id)
    return MeetingCancelled(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        meeting_id=meeting_id,
        cancelled_by=cancelled_by,
    )


def still_to_come(partnership: Partnership, after: datetime) -> list[str]:
    """The meetings scheduled to start after `after` (as the partnership ended), soonest first."""
    upcoming = [m for m in partnership.scheduled.values() if m.status is ScheduledMeetingStatus.SCHEDULED]
    return [m.meeting_id for m in sorted(upcoming, key=lambda m: (m.starts_at, m.meeting_id)) if m.starts_at > after]


def cancelled_with_ending(partnership: Partnership, meeting_id: str, ended_by: str) -> MeetingCancelled | None:
    """A meeting still to come of a partnership that ended, cancelled by whoever ended it, so that no calendar keeps
    a meeting that will not take place; None once it no longer is upcoming."""
    meeting = partnership.scheduled.get(meeting_id)
    if partnership.ending is None or meeting is None or meeting.status is not ScheduledMeetingStatus.SCHEDULED:
        return None
    return MeetingCancelled(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        meeting_id=meeting_id,
        cancelled_by=ended_by,
    )


def _moved(
    partnership: Partnership, meeting: ScheduledMeeting, changed_by: str, request: ChangeScheduledMeeting
) -> tuple[MeetingRescheduled, Agenda] | None:
    changes = _changes(request)
    if not changes:
        return None
    values = {
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "mode": meeting.mode,
        "location": meeting.location,
        "link": meeting.link,
        "agenda": meeting.agenda,
    } | changes
    if all(values[name] == getattr(meeting, name) for name in values):
        return None
    _placed(values["mode"], values["location"], values["link"])
    agenda = values.pop("agenda") or ""
    event = MeetingRescheduled(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        meeting_id=meeting.meeting_id,
        rescheduled_by=changed_by,
        **values,
    )
    return event, Agenda(agenda)


def _changes(request: ChangeScheduledMeeting) -> dict[str, Any]:
    """What the change sets: the fields sent, less a null where it means "as it is" rather than "none"."""
    sent = request.model_fields_set - {"checklist_done"}
    return {name: getattr(request, name) for name in sent if getattr(request, name) is not None or name in CLEARABLE}


def _upcoming(partnership: Partnership, meeting_id: str) -> ScheduledMeeting:
    meeting = scheduled_meeting(partnership, meeting_id)
    if meeting.status is not ScheduledMeetingStatus.SCHEDULED:
        raise Conflict(f"the meeting {meeting_id!r} is {meeting.status}: it no longer changes")
    return meeting


def _placed(mode: MeetingMode, location: str | None, link: str | None) -> None:
    if mode is MeetingMode.IN_PERSON and not location:
        raise Invalid("an in-person meeting needs a location: say where you meet", "location")
    if mode is MeetingMode.VIRTUAL and not link:
        raise Invalid("a virtual meeting needs a link: say how to join", "link")
