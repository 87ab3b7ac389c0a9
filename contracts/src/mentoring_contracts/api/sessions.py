"""Information sessions: scheduled by a coordinator for a programme, registered for by people, attended."""

from datetime import datetime

from pydantic import AnyHttpUrl, BaseModel, Field

from mentoring_contracts.api.common import Body, Identifier, Page, PageQuery, Text
from mentoring_contracts.wire import DateTime, Integer


class ScheduleInfoSession(Body):
    """Where it happens: a `location`, a `link`, or both."""

    starts_at: DateTime
    duration_minutes: Integer = Field(default=60, ge=10, le=8 * 60)
    location: Text | None = None
    link: AnyHttpUrl | None = None
    capacity: Integer = Field(ge=1, le=10_000)


class RecordAttendance(Body):
    person_ids: tuple[Identifier, ...] = Field(min_length=1, max_length=1000)


class InfoSessionView(BaseModel):
    id: str
    program_id: str
    starts_at: datetime
    duration_minutes: int
    location: str | None
    link: str | None
    capacity: int
    registered: int


class InfoSessionPage(Page):
    items: list[InfoSessionView]


class AttendanceRecorded(BaseModel):
    attended: int = Field(description="How many of the people named are now recorded as having attended")


InfoSessionsQuery = PageQuery
