"""Request and response bodies of the public HTTP API, version 1.

The gateway publishes them in its OpenAPI document; each service validates the same models on its internal API.
"""

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from mentoring_contracts.enrolment import Cadence
from mentoring_contracts.names import MatchRunStatus, ParticipantRole, ProgramKind

Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CreateProgram(_Body):
    name: Text
    kind: ProgramKind
    cadence: Cadence


class Person(_Body):
    id: Identifier
    name: Text
    email: EmailStr
    department: Text
    grade: Text
    manager_id: Identifier | None = None
    languages: tuple[Tag, ...] = Field(min_length=1, max_length=20)


class EnrolParticipant(_Body):
    """Shapes only: which fields a role needs, and that nobody manages themself, are enrolment's domain rules."""

    role: ParticipantRole
    person: Person
    skills: tuple[Tag, ...] | None = Field(default=None, max_length=50)
    desired_skills: tuple[Tag, ...] | None = Field(default=None, max_length=50)
    capacity: int | None = Field(default=None, ge=1, le=50)


class LogMeeting(_Body):
    held_at: AwareDatetime
    duration_minutes: int = Field(ge=1, le=24 * 60)
    notes: str = Field(default="", max_length=20_000)


class Created(BaseModel):
    id: str


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
