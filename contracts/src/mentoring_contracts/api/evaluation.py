"""The bodies of evaluation: a programme's figures, computed from the events."""

from pydantic import BaseModel


class ProgramMetrics(BaseModel):
    mentors: int
    mentees: int
    pairs: int
    meetings_logged: int
    meeting_hours: float
