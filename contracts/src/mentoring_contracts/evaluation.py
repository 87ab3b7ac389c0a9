"""Facts published by evaluation on `evaluation.events`, each keyed by its partnership, so a partnership's facts
arrive in order. They carry ids, numbers, dates and ratings only: a plan's objectives, a report's words and a
survey's free text stay with evaluation, which shows them to the pair and the programme's coordinators alone.
"""

from datetime import date
from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from mentoring_contracts.envelope import Event
from mentoring_contracts.names import ObjectiveStatus, ParticipantRole, SurveyKind
from mentoring_contracts.scheduling import PARTNERSHIP_ID
from mentoring_contracts.topics import EVALUATION_EVENTS


class _PartnershipEvent(Event):
    topic: ClassVar[str] = EVALUATION_EVENTS.name

    pair_id: str = Field(description=PARTNERSHIP_ID)
    program_id: str

    def aggregate_id(self) -> str:
        return self.pair_id


class GoalsAgreed(_PartnershipEvent):
    """Every member of the partnership agreed the same revision of its development plan."""

    event_type: ClassVar[str] = "GoalsAgreed"

    revision: int = Field(ge=1)
    objective_count: int = Field(ge=1, le=3)
    target_dates: tuple[date, ...] = Field(min_length=1, max_length=3, description="Per objective, in plan order")
    agreed_at: AwareDatetime = Field(description="When the last member agreed")


class ObjectiveProgress(BaseModel):
    """One objective's standing in a month's report, by its number in the plan (1 to 3)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    objective: int = Field(ge=1, le=3)
    status: ObjectiveStatus
    percent: int = Field(ge=0, le=100)


class ProgressReported(_PartnershipEvent):
    """A mentee reported a month's progress on the partnership's objectives: statuses and percentages, no text."""

    event_type: ClassVar[str] = "ProgressReported"

    report_id: str
    mentee_id: str
    month: str = Field(pattern=r"^\d{4}-\d{2}$", description="The month reported on, as 2026-11")
    objectives: tuple[ObjectiveProgress, ...] = Field(min_length=1, max_length=3)
    reported_at: AwareDatetime


class Rating(BaseModel):
    """One rating question's answer, 1 to 5."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question_id: str
    rating: int = Field(ge=1, le=5)


class FeedbackSubmitted(_PartnershipEvent):
    """A member answered one of the partnership's surveys: its ratings only. Free-text answers stay with
    evaluation, for the programme's coordinators."""

    event_type: ClassVar[str] = "FeedbackSubmitted"

    survey_id: str
    kind: SurveyKind
    respondent_id: str = Field(description="The member who answered, by person id")
    respondent_role: ParticipantRole
    ratings: tuple[Rating, ...]
    submitted_at: AwareDatetime
