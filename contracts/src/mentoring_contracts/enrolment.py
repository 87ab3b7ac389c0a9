"""Facts published by enrolment on `enrolment.events`. Identifiers and facts only: no names, e-mail or free text."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from mentoring_contracts.envelope import Event
from mentoring_contracts.names import ProgramKind
from mentoring_contracts.topics import ENROLMENT_EVENTS
from mentoring_contracts.wire import Integer, Number


class Cadence(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    meetings_per_month: Integer = Field(ge=1, le=31)
    hours_per_month: Number = Field(gt=0, le=200)


class ProgramOpened(Event):
    event_type: ClassVar[str] = "ProgramOpened"
    topic: ClassVar[str] = ENROLMENT_EVENTS.name

    program_id: str
    kind: ProgramKind
    cadence: Cadence

    def aggregate_id(self) -> str:
        return self.program_id


class _ParticipantEnrolled(Event):
    topic: ClassVar[str] = ENROLMENT_EVENTS.name

    program_id: str
    participant_id: str
    person_id: str
    department: str
    grade: str
    manager_id: str | None = None
    languages: tuple[str, ...]

    def aggregate_id(self) -> str:
        return self.participant_id


class MentorEnrolled(_ParticipantEnrolled):
    event_type: ClassVar[str] = "MentorEnrolled"

    skills: tuple[str, ...]
    capacity: int = Field(ge=1)


class MenteeEnrolled(_ParticipantEnrolled):
    event_type: ClassVar[str] = "MenteeEnrolled"

    desired_skills: tuple[str, ...]
