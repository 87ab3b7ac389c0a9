"""The bodies of scheduling and evaluation."""

from pydantic import BaseModel, Field

from mentoring_contracts.api.common import NO_NUL, Body
from mentoring_contracts.wire import DateTime, Integer


class LogMeeting(Body):
    held_at: DateTime
    duration_minutes: Integer = Field(ge=1, le=24 * 60)
    notes: str = Field(default="", max_length=20_000, pattern=NO_NUL)


class ProgramMetrics(BaseModel):
    mentors: int
    mentees: int
    pairs: int
    meetings_logged: int
    meeting_hours: float
