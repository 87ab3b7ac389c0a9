"""Answering a survey: each answer fits its question, every required question is answered, once, while open; the
published fact carries the ratings and nothing of the text."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from evaluation.domain.policy import PolicyHistory
from evaluation.domain.surveys import Member, Moments, Response, respond, surveys
from mentoring_contracts import Rating
from mentoring_contracts.api import RespondToSurvey, SurveyAnswer
from mentoring_contracts.names import ParticipantRole, SurveyKind
from mentoring_runtime.errors import Conflict, Invalid

pytestmark = pytest.mark.unit

MET = datetime(2026, 3, 10, 10, tzinfo=UTC)
MOMENTS = Moments(
    "p1", "g1", (Member("mentor", ParticipantRole.MENTOR), Member("mentee", ParticipantRole.MENTEE)), first_met_at=MET
)
FIT = next(s for s in surveys(MOMENTS, PolicyHistory("g1"), MET) if s.person_id == "mentee")
COMPLETE = [
    {"question_id": "fit", "rating": 4},
    {"question_id": "rapport", "rating": 5},
    {"question_id": "comments", "text": "A secret about the team"},
]


def answers(*changed: dict) -> list[SurveyAnswer]:
    return list(RespondToSurvey.model_validate({"answers": list(changed) or COMPLETE}).answers)


def test_an_answer_publishes_ratings_and_keeps_the_text_beside_it() -> None:
    submitted, kept = respond(FIT, None, answers(), MET + timedelta(days=1))
    assert (submitted.survey_id, submitted.kind, submitted.respondent_id) == (FIT.survey_id, FIT.kind, "mentee")
    assert submitted.respondent_role is ParticipantRole.MENTEE and submitted.pair_id == "p1"
    assert submitted.ratings == (Rating(question_id="fit", rating=4), Rating(question_id="rapport", rating=5))
    assert "A secret" not in submitted.model_dump_json()
    assert {"question_id": "comments", "rating": None, "text": "A secret about the team"} in kept.answers


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ([*COMPLETE, {"question_id": "mood", "rating": 3}], "answers[3].question_id"),
        ([{"question_id": "fit", "text": "fine"}, *COMPLETE[1:]], "answers[0].rating"),
        ([{"question_id": "fit", "rating": 3, "text": "fine"}, *COMPLETE[1:]], "answers[0].text"),
        ([*COMPLETE[:2], {"question_id": "comments", "rating": 2}], "answers[2].text"),
        ([*COMPLETE[:2], {"question_id": "comments", "rating": 2, "text": "x"}], "answers[2].rating"),
        ([*COMPLETE, COMPLETE[0]], "answers[3]"),
        (COMPLETE[1:], "answers"),
    ],
)
def test_an_answer_that_does_not_fit_its_question_is_refused_naming_it(given: list[dict], field: str) -> None:
    with pytest.raises(Invalid) as refused:
        respond(FIT, None, answers(*given), MET)
    assert refused.value.field == field


def test_an_unknown_question_is_named_in_the_message() -> None:
    with pytest.raises(Invalid, match="'mood'"):
        respond(FIT, None, answers(*COMPLETE, {"question_id": "mood", "rating": 3}), MET)


def test_an_optional_question_may_be_left_out() -> None:
    optional = FIT.questions[2].model_copy(update={"required": False})
    survey = FIT.__class__(**{**FIT.__dict__, "questions": (*FIT.questions[:2], optional)})
    submitted, kept = respond(survey, None, answers(*COMPLETE[:2]), MET)
    assert len(submitted.ratings) == 2 and len(kept.answers) == 2


def test_a_survey_takes_one_answer_and_none_once_closed() -> None:
    earlier = Response(FIT.survey_id, SurveyKind.PAIRING_FIT, "p1", "g1", "mentee", ParticipantRole.MENTEE, MET, ())
    with pytest.raises(Conflict, match="answered at 2026-03-10"):
        respond(FIT, earlier, answers(), MET + timedelta(days=1))
    with pytest.raises(Conflict, match=re.escape(f"closed at {FIT.closes_at.isoformat()}")):
        respond(FIT, None, answers(), FIT.closes_at)


def test_blank_text_is_refused_by_the_body() -> None:
    with pytest.raises(ValueError):
        answers(*COMPLETE[:2], {"question_id": "comments", "text": "   "})
