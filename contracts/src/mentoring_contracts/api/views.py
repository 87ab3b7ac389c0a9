"""The bodies of matching, scheduling and evaluation."""

from pydantic import BaseModel, Field

from mentoring_contracts.api.common import NO_NUL, Body
from mentoring_contracts.names import MatchRunStatus
from mentoring_contracts.wire import DateTime, Integer


class LogMeeting(Body):
    held_at: DateTime
    duration_minutes: Integer = Field(ge=1, le=24 * 60)
    notes: str = Field(default="", max_length=20_000, pattern=NO_NUL)


class PairView(BaseModel):
    id: str
    mentor_id: str
    mentee_id: str
    score: float


class MatchRunView(BaseModel):
    id: str
    status: MatchRunStatus
    # Known once the run has completed.
    mentors_considered: int | None = None
    mentees_considered: int | None = None
    pairs: int | None = None


class ProgramMetrics(BaseModel):
    mentors: int
    mentees: int
    pairs: int
    meetings_logged: int
    meeting_hours: float
