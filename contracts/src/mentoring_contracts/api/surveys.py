"""The bodies of surveys: a programme's evaluation policy (its survey definitions and days), a member's surveys
and answers, and the responses the programme's coordinators read, free text included."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from mentoring_contracts.api.common import Body, LongText, Page, PageQuery, Text
from mentoring_contracts.names import ParticipantRole, QuestionKind, SurveyKind, SurveyStatus
from mentoring_contracts.wire import JSON_NUMBER, Integer, Name


class SurveyQuestion(Body):
    id: Name = Field(description="Unique within its survey; answers and ratings name it")
    text: Text
    kind: QuestionKind
    required: bool = True


def _questions(*questions: tuple[str, str, QuestionKind]) -> tuple[SurveyQuestion, ...]:
    return tuple(SurveyQuestion(id=id, text=text, kind=kind) for id, text, kind in questions)


class SurveyDefinition(Body):
    questions: Annotated[tuple[SurveyQuestion, ...], Field(min_length=1, max_length=20)]


DEFAULT_PAIRING_FIT = SurveyDefinition(
    questions=_questions(
        ("fit", "How well does your partner suit your goals?", QuestionKind.RATING),
        ("rapport", "How comfortable were you in your first meeting?", QuestionKind.RATING),
        ("comments", "Anything the coordinator should know?", QuestionKind.TEXT),
    )
)
DEFAULT_PERIODIC = SurveyDefinition(
    questions=_questions(
        ("satisfaction", "How satisfied are you with the partnership?", QuestionKind.RATING),
        ("progress", "How well are you progressing towards the goals?", QuestionKind.RATING),
        ("comments", "Anything the coordinator should know?", QuestionKind.TEXT),
    )
)
DEFAULT_CLOSING = SurveyDefinition(
    questions=_questions(
        ("satisfaction", "Overall, how satisfied are you with the partnership?", QuestionKind.RATING),
        ("recommend", "How likely are you to recommend the programme?", QuestionKind.RATING),
        ("comments", "What went well, and what would you change?", QuestionKind.TEXT),
    )
)


class EvaluationPolicy(Body):
    """How a programme evaluates its partnerships; every field has the guidance's default."""

    report_due_day: Integer = Field(
        default=5, ge=1, le=28, description="A month's progress report is due by this day of the month after"
    )
    periodic_survey_months: Integer = Field(
        default=3, ge=1, le=12, description="A periodic survey every so many months"
    )
    survey_open_days: Integer = Field(
        default=14, ge=1, le=90, description="A survey closes this many days after it opens"
    )
    pairing_fit: SurveyDefinition = DEFAULT_PAIRING_FIT
    periodic: SurveyDefinition = DEFAULT_PERIODIC
    closing: SurveyDefinition = DEFAULT_CLOSING


class SurveyView(BaseModel):
    survey_id: str
    kind: SurveyKind
    pair_id: str
    program_id: str
    status: SurveyStatus
    opens_at: datetime
    closes_at: datetime
    questions: list[SurveyQuestion]
    answered_at: datetime | None = None


class SurveyPage(Page):
    items: list[SurveyView] = Field(description="Open surveys first, then the newest")


class MySurveysQuery(PageQuery):
    status: SurveyStatus | None = None


class SurveyAnswer(Body):
    question_id: Name
    rating: Annotated[int, Field(ge=1, le=5), JSON_NUMBER] | None = Field(
        default=None, description="For a rating question"
    )
    text: LongText | None = Field(
        default=None, description="For a text question: the programme's coordinators alone read it"
    )


class RespondToSurvey(Body):
    answers: Annotated[tuple[SurveyAnswer, ...], Field(min_length=1, max_length=20)]


class SurveyResponseView(BaseModel):
    survey_id: str
    kind: SurveyKind
    pair_id: str
    respondent_id: str
    respondent_role: ParticipantRole
    answered_at: datetime
    answers: list[SurveyAnswer]


class SurveyResponsePage(Page):
    items: list[SurveyResponseView] = Field(description="Newest first")


class SurveyResponsesQuery(PageQuery):
    kind: SurveyKind | None = None
