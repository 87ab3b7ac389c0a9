"""A programme's evaluation policy: checked before it is set, kept with when it came into force."""

from datetime import UTC, datetime, timedelta

import pytest

from evaluation.domain.policy import DEFAULT_POLICY, check, mutate, set_policy
from mentoring_contracts.api import EvaluationPolicy, SurveyDefinition, SurveyQuestion
from mentoring_contracts.names import QuestionKind
from mentoring_runtime.errors import Invalid
from mentoring_runtime.folding import Fact, fold

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def question(id: str, kind: QuestionKind = QuestionKind.RATING) -> SurveyQuestion:
    return SurveyQuestion(id=id, text=f"About {id}?", kind=kind)


def test_the_defaults_pass_their_own_checks() -> None:
    check(DEFAULT_POLICY)
    assert (DEFAULT_POLICY.report_due_day, DEFAULT_POLICY.periodic_survey_months) == (5, 3)
    assert DEFAULT_POLICY.survey_open_days == 14


def test_two_questions_under_one_id_are_refused_naming_the_second() -> None:
    twice = SurveyDefinition(questions=(question("fit"), question("notes", QuestionKind.TEXT), question("fit")))
    with pytest.raises(Invalid, match="'fit'") as refused:
        check(EvaluationPolicy(periodic=twice))
    assert refused.value.field == "periodic.questions[2].id"


def test_a_survey_without_a_rating_question_is_refused() -> None:
    words = SurveyDefinition(questions=(question("notes", QuestionKind.TEXT),))
    with pytest.raises(Invalid) as refused:
        check(EvaluationPolicy(closing=words))
    assert refused.value.field == "closing.questions"


def test_bounds_of_the_days_are_the_body_s() -> None:
    for wrong in ({"report_due_day": 29}, {"periodic_survey_months": 0}, {"survey_open_days": 91}):
        with pytest.raises(ValueError):
            EvaluationPolicy.model_validate(wrong)


def test_setting_records_a_change_only_and_the_history_says_what_was_in_force_when() -> None:
    assert set_policy(None, "g1", DEFAULT_POLICY, "coord-1", NOW) is None
    monthly = EvaluationPolicy(periodic_survey_months=1)
    first = set_policy(None, "g1", monthly, "coord-1", NOW)
    assert first is not None
    history = fold(mutate, [Fact(first, NOW)])
    assert history is not None and history.current == monthly
    assert set_policy(history, "g1", monthly, "coord-2", NOW + timedelta(days=1)) is None
    back = set_policy(history, "g1", DEFAULT_POLICY, "coord-2", NOW + timedelta(days=2))
    assert back is not None
    history = mutate(history, Fact(back, NOW))
    assert history.current == DEFAULT_POLICY
    assert history.in_force(NOW - timedelta(seconds=1)) == DEFAULT_POLICY
    assert history.in_force(NOW + timedelta(days=1)) == monthly
    assert history.in_force(NOW + timedelta(days=2)) == DEFAULT_POLICY
