"""Programmes as coordinators design them and everyone in the agency reads them."""

from typing import Annotated

from pydantic import BaseModel, Field

from mentoring_contracts.api.common import Body, LongText, Page, PageQuery, Text, partial
from mentoring_contracts.enrolment import DEFAULT_DURATION_MONTHS, Cadence, EligibilityRules, MatchingPolicy
from mentoring_contracts.names import ProgramKind, ProgramStatus
from mentoring_contracts.wire import JSON_NUMBER, Integer, Name


class Question(Body):
    """A question of the programme's needs-assessment form, which each mentee answers when applying."""

    id: Name
    text: LongText
    required: bool = True


class CreateProgram(Body):
    """A programme's design. Only `name`, `kind` and `cadence` are needed; the rest has the guidance's defaults."""

    name: Text
    kind: ProgramKind
    cadence: Cadence
    objectives: LongText | None = None
    duration_months: Integer = Field(default=DEFAULT_DURATION_MONTHS, ge=1, le=60)
    eligibility: EligibilityRules = EligibilityRules()
    info_session_required: bool = False
    group_size: Annotated[int, Field(ge=2, le=100), JSON_NUMBER] | None = Field(
        default=None, description="Mentees per mentor: needed by a group programme, refused by the others"
    )
    matching_policy: MatchingPolicy = MatchingPolicy()
    needs_assessment: tuple[Question, ...] = Field(default=(), max_length=30)
    grade_scale: tuple[Text, ...] = Field(
        default=(), max_length=50, description="The grades applicants may give, most junior first; empty: any grade"
    )


UpdateProgram = partial(
    CreateProgram,
    "UpdateProgram",
    "The design fields to change. A draft changes freely; an open or running programme only its name, objectives, "
    "cadence and matching policy.",
)


class ProgramView(BaseModel):
    id: str
    status: ProgramStatus
    name: str
    kind: ProgramKind
    cadence: Cadence
    objectives: str | None
    duration_months: int
    eligibility: EligibilityRules
    info_session_required: bool
    group_size: int | None
    matching_policy: MatchingPolicy
    needs_assessment: tuple[Question, ...]
    grade_scale: tuple[str, ...]


class ProgramPage(Page):
    items: list[ProgramView]


class ProgramsQuery(PageQuery):
    status: ProgramStatus | None = None
