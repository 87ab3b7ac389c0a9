"""The bodies of a partnership's meetings: logged once held, scheduled ahead with a calendar invitation, and the
private calendar feed a person subscribes to. Notes and agendas stay with scheduling and never reach an event."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from mentoring_contracts.api.common import NO_NUL, Body, Identifier, Page
from mentoring_contracts.names import FirstMeetingItem, MeetingMode, ScheduledMeetingStatus
from mentoring_contracts.wire import JSON_NUMBER, DateTime, Integer

Place = Annotated[str, Field(min_length=1, max_length=500, pattern=NO_NUL)]
Minutes = Annotated[int, Field(ge=5, le=24 * 60), JSON_NUMBER]


class LogMeeting(Body):
    held_at: DateTime
    duration_minutes: Integer = Field(ge=1, le=24 * 60)
    notes: str = Field(default="", max_length=20_000, pattern=NO_NUL)
    attendee_ids: Annotated[tuple[Identifier, ...], Field(min_length=1, max_length=1000)] | None = Field(
        default=None,
        description="The mentees who attended, by person id, each once; the mentor leads every meeting and is not "
        "named. Absent: every mentee of the partnership attended (a pair's mentee, every member of a group). "
        "Naming anyone who is not a mentee of the partnership is refused (422), naming them",
    )
    scheduled_meeting_id: Identifier | None = Field(
        default=None, description="The scheduled meeting this one held: it is then no longer upcoming"
    )
    notes_shared: bool = Field(default=False, description="Let the partnership's other members read the notes")


class ScheduleMeeting(Body):
    starts_at: DateTime
    duration_minutes: Minutes
    mode: MeetingMode
    location: Place | None = Field(default=None, description="Where an in-person meeting takes place")
    link: Place | None = Field(default=None, description="How to join a virtual meeting")
    agenda: str = Field(default="", max_length=5000, pattern=NO_NUL, description="Seen by the partnership only")


class ChangeScheduledMeeting(Body):
    """A reschedule (any of the time, duration, mode or place: the others stay), or checklist items ticked."""

    starts_at: DateTime | None = None
    duration_minutes: Minutes | None = None
    mode: MeetingMode | None = None
    location: Place | None = None
    link: Place | None = None
    agenda: str | None = Field(default=None, max_length=5000, pattern=NO_NUL)
    checklist_done: tuple[FirstMeetingItem, ...] | None = Field(
        default=None, description="The first meeting's checklist items now done (the others are not)"
    )


class ChecklistItem(BaseModel):
    item: FirstMeetingItem
    done: bool


class ScheduledMeetingView(BaseModel):
    id: str
    pair_id: str
    starts_at: datetime
    duration_minutes: int
    mode: MeetingMode
    location: str | None = None
    link: str | None = None
    agenda: str = ""
    status: ScheduledMeetingStatus
    scheduled_by: str
    checklist: list[ChecklistItem] | None = Field(
        default=None, description="The guidance's checklist, on the partnership's first meeting only"
    )


class ScheduledMeetingPage(Page):
    items: list[ScheduledMeetingView]


class CalendarFeedView(BaseModel):
    url: str = Field(
        description="The private feed: anyone with this URL sees the person's meetings. Re-issue to "
        "change it, revoke to end it"
    )
    issued_at: datetime
