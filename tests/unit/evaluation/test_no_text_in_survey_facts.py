"""No free-text answer leaves evaluation: each is kept beside its FeedbackSubmitted fact, never in any fact's envelope
nor in the outbox the relay publishes from, and shown in no view but the programme's coordinators' list."""

import json
from datetime import UTC, datetime

import pytest

from evaluation.bootstrap import Evaluation
from mentoring_contracts.api import MySurveysQuery, RespondToSurvey, SurveyResponsesQuery
from mentoring_contracts.names import QuestionKind, SurveyKind, SurveyStatus
from tests.support.endings import closed
from tests.support.evaluated import AGENCY, at, hear
from tests.support.surveying import COORDINATOR, member, started

pytestmark = pytest.mark.unit

SECRETS = {
    ("mentor", SurveyKind.PAIRING_FIT): "He reminds me of my abusive father",
    ("mentee", SurveyKind.PAIRING_FIT): "I only joined to get away from my manager",
    ("mentor", SurveyKind.PERIODIC): "She is interviewing with a competitor",
    ("mentee", SurveyKind.PERIODIC): "My mentor drinks at lunch",
    ("mentor", SurveyKind.CLOSING): "I would never recommend her for promotion",
    ("mentee", SurveyKind.CLOSING): "The programme saved my career",
}


async def answer(evaluation: Evaluation, person: str, kind: SurveyKind, secret: str) -> None:
    """The person answers their open survey of that kind: 4 to every rating, `secret` to every text question."""
    listed = await evaluation.surveys.my_surveys(member(person), MySurveysQuery(status=SurveyStatus.OPEN))
    [survey] = [survey for survey in listed.items if survey.kind is kind]
    ratings = [{"question_id": q.id, "rating": 4} for q in survey.questions if q.kind is QuestionKind.RATING]
    texts = [{"question_id": q.id, "text": secret} for q in survey.questions if q.kind is QuestionKind.TEXT]
    body = RespondToSurvey.model_validate({"answers": [*ratings, *texts]})
    await evaluation.surveys.respond(member(person), survey.survey_id, body)


async def test_no_fact_or_view_but_the_coordinators_list_carries_any_free_text_answer() -> None:
    evaluation, clock, ports = await started()
    for kind, now in (
        (SurveyKind.PAIRING_FIT, None),
        (SurveyKind.PERIODIC, "2026-06-02"),
        (SurveyKind.CLOSING, "2026-06-11"),
    ):
        if kind is SurveyKind.CLOSING:
            await hear(evaluation, at(closed(AGENCY, "g1", "p1", "mentor", ["mentee"]), "2026-06-10T09:00:00+00:00"))
        if now:
            clock.at = datetime.fromisoformat(now).replace(tzinfo=UTC)
        for person in ("mentor", "mentee"):
            await answer(evaluation, person, kind, SECRETS[person, kind])

    facts = await ports.database["event_log"].find({}).to_list()
    assert sum(fact["event_type"] == "FeedbackSubmitted" for fact in facts) == len(SECRETS)
    outbox = await ports.database["outbox"].find({}).to_list()
    assert outbox  # nothing relayed it in this test: every published fact waits there
    published = json.dumps([fact["envelope"] for fact in facts] + [entry["envelope"] for entry in outbox])
    kept = json.dumps([fact["private"] for fact in facts])
    members_see = json.dumps(
        [
            (await evaluation.surveys.my_surveys(member(person), MySurveysQuery())).model_dump(mode="json")
            for person in ("mentor", "mentee")
        ]
        + [(await evaluation.policies.evaluation_policy(COORDINATOR, "g1")).model_dump(mode="json")]
    )
    coordinators_see = (
        await evaluation.surveys.program_responses(COORDINATOR, "g1", SurveyResponsesQuery())
    ).model_dump_json()
    for what, text in SECRETS.items():
        assert text not in published, f"the {what} answer is in a fact"
        assert text in kept, f"the {what} answer was not kept beside its fact"
        assert text not in members_see, f"the {what} answer is shown to a member"
        assert text in coordinators_see, f"the {what} answer is not shown to the coordinators"
