"""Coordinators read and set a programme's evaluation policy: the defaults until set, each agency its own, a refused
policy changing nothing, and what was set read again after a restart."""

import asyncio
from datetime import UTC, datetime

import pytest

from evaluation.domain import policy as policy_domain
from evaluation.handlers.policies import Policies
from evaluation.stores import policies as policy_store
from evaluation.stores.policies import HeldPolicies
from mentoring_contracts.api import EvaluationPolicy, SurveyDefinition, SurveyQuestion
from mentoring_contracts.names import QuestionKind
from mentoring_runtime.aggregates import Aggregates
from mentoring_runtime.errors import Forbidden, Invalid
from tests.support.factories import caller
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
COORDINATOR = caller("agency-a", "coord-1", "coordinator")


def held(ports: MemoryPorts) -> HeldPolicies:
    return HeldPolicies(
        Aggregates(ports.log, ports.recorder, policy_domain.mutate, policy_store.CATEGORY, policy_domain.KNOWN)
    )


async def test_the_defaults_until_set_then_the_policy_set_for_that_programme_and_agency_alone() -> None:
    ports = await MemoryPorts.prepared("evaluation")
    policies = Policies(held(ports), lambda: NOW)
    assert await policies.evaluation_policy(COORDINATOR, "g1") == EvaluationPolicy()
    monthly = EvaluationPolicy(periodic_survey_months=1, report_due_day=10)
    assert await policies.set_evaluation_policy(COORDINATOR, "g1", monthly) == monthly
    assert await policies.evaluation_policy(COORDINATOR, "g1") == monthly
    assert await policies.evaluation_policy(COORDINATOR, "g2") == EvaluationPolicy()
    assert await policies.evaluation_policy(caller("agency-b", "coord-9", "coordinator"), "g1") == EvaluationPolicy()

    restarted = held(ports)
    await restarted.warm()
    assert await restarted.policy("agency-a", "g1") == monthly
    assert (await restarted.history("agency-a", "g1")).changes == ((NOW, monthly),)


async def test_a_refused_policy_changes_nothing_and_setting_the_same_one_again_records_nothing() -> None:
    ports = await MemoryPorts.prepared("evaluation")
    policies = Policies(held(ports), lambda: NOW)
    twice = SurveyDefinition(
        questions=(
            SurveyQuestion(id="fit", text="Fit?", kind=QuestionKind.RATING),
            SurveyQuestion(id="fit", text="Again?", kind=QuestionKind.RATING),
        )
    )
    with pytest.raises(Invalid):
        await policies.set_evaluation_policy(COORDINATOR, "g1", EvaluationPolicy(pairing_fit=twice))
    assert await ports.log.for_agency("agency-a").stream("evaluation_policy:g1") == []
    await policies.set_evaluation_policy(COORDINATOR, "g1", EvaluationPolicy(survey_open_days=7))
    await policies.set_evaluation_policy(COORDINATOR, "g1", EvaluationPolicy(survey_open_days=7))
    assert len(await ports.log.for_agency("agency-a").stream("evaluation_policy:g1")) == 1


async def test_two_coordinators_setting_at_once_both_land_in_turn() -> None:
    ports = await MemoryPorts.prepared("evaluation")
    policies = Policies(held(ports), lambda: NOW)
    other = caller("agency-a", "coord-2", "coordinator")
    await asyncio.gather(
        policies.set_evaluation_policy(COORDINATOR, "g1", EvaluationPolicy(survey_open_days=7)),
        policies.set_evaluation_policy(other, "g1", EvaluationPolicy(survey_open_days=21)),
    )
    stream = await ports.log.for_agency("agency-a").stream("evaluation_policy:g1")
    assert [fact.version for fact in stream] == [1, 2]


async def test_only_coordinators_read_or_set_it() -> None:
    policies = Policies(held(await MemoryPorts.prepared("evaluation")), lambda: NOW)
    mentee = caller("agency-a", "mentee", "mentee")
    with pytest.raises(Forbidden):
        await policies.evaluation_policy(mentee, "g1")
    with pytest.raises(Forbidden):
        await policies.set_evaluation_policy(mentee, "g1", EvaluationPolicy())
