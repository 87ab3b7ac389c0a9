"""Request and response bodies of the public HTTP API, version 1.

The gateway publishes them in its OpenAPI document; each service validates the same models on its internal API.
"""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from mentoring_contracts.enrolment import Cadence
from mentoring_contracts.names import MatchRunStatus, ParticipantRole, ProgramKind
from mentoring_contracts.wire import JSON_NUMBER, DateTime, Integer

# PostgreSQL, under FerretDB, cannot store U+0000 in a string: a body carrying one is refused here, 422 naming the
# field, instead of failing as it is stored.
NO_NUL = r"^[^\x00]*$"
# The same, and not blank: stripped, at least one character must remain, which `minLength: 1` alone would not say.
TEXT = r"^[^\x00]*[^\s\x00][^\x00]*$"
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128, pattern=TEXT)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64, pattern=TEXT)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=TEXT)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CreateProgram(_Body):
    name: Text
    kind: ProgramKind
    cadence: Cadence


class Person(_Body):
    id: Identifier
    name: Text
    email: EmailStr = Field(
        description="An address mail can reach: special-use domains such as .test, .local or .invalid are refused"
    )
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
    capacity: Annotated[int, Field(ge=1, le=50), JSON_NUMBER] | None = None


class LogMeeting(_Body):
    held_at: DateTime
    duration_minutes: Integer = Field(ge=1, le=24 * 60)
    notes: str = Field(default="", max_length=20_000, pattern=NO_NUL)


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
