"""A programme's evaluation policy and its history: every policy the coordinators set, with when, so that what was in
force at any moment can be told (a survey asks the questions in force when it opened, whatever changed since).

The policy is kept as an internal fact (`EvaluationPolicySet`) in the programme's own stream, each recorded at the
version it was decided on: two coordinators setting it at once both land, one after the other, never one lost. A
policy is checked before it is set: its question ids unique within each survey, and at least one rating question
in each, so every survey gives the programme's analytics something to count.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from mentoring_contracts import EVENTS, Event, InternalEvent
from mentoring_contracts.api import EvaluationPolicy, SurveyDefinition
from mentoring_contracts.names import QuestionKind, SurveyKind
from mentoring_runtime.errors import Invalid
from mentoring_runtime.folding import Fact, unexpected

DEFAULT_POLICY = EvaluationPolicy()


class EvaluationPolicySet(InternalEvent):
    """A coordinator set the programme's evaluation policy, in force from `set_at`."""

    event_type: ClassVar[str] = "EvaluationPolicySet"

    program_id: str
    policy: EvaluationPolicy
    set_by: str
    set_at: datetime

    def aggregate_id(self) -> str:
        return self.program_id


KNOWN: dict[tuple[str, int], type[Event]] = {
    **EVENTS,
    (EvaluationPolicySet.event_type, EvaluationPolicySet.event_version): EvaluationPolicySet,
}
"""Every fact the policies' streams hold."""


@dataclass(frozen=True)
class PolicyHistory:
    """Every policy a programme was given, oldest first, each with the moment it came into force."""

    program_id: str
    changes: tuple[tuple[datetime, EvaluationPolicy], ...] = ()

    @property
    def current(self) -> EvaluationPolicy:
        return self.changes[-1][1] if self.changes else DEFAULT_POLICY

    def in_force(self, at: datetime) -> EvaluationPolicy:
        """The policy in force at `at`: the newest set at or before it, the defaults before any was set."""
        policy = DEFAULT_POLICY
        for since, changed in self.changes:
            if since > at:
                break
            policy = changed
        return policy


def no_history(program_id: str) -> PolicyHistory:
    return PolicyHistory(program_id)


def definition(policy: EvaluationPolicy, kind: SurveyKind) -> SurveyDefinition:
    """The policy's survey of that kind."""
    return {
        SurveyKind.PAIRING_FIT: policy.pairing_fit,
        SurveyKind.PERIODIC: policy.periodic,
        SurveyKind.CLOSING: policy.closing,
    }[kind]


def check(policy: EvaluationPolicy) -> None:
    """Invalid, naming the field, for a survey asking two questions under one id or asking for no rating."""
    for kind in SurveyKind:
        questions = definition(policy, kind).questions
        seen: set[str] = set()
        for position, question in enumerate(questions):
            if question.id in seen:
                raise Invalid(
                    f"the {kind} survey asks two questions with the id {question.id!r}; give each its own id",
                    field=f"{kind}.questions[{position}].id",
                )
            seen.add(question.id)
        if not any(question.kind is QuestionKind.RATING for question in questions):
            raise Invalid(
                f"the {kind} survey has no rating question; add at least one, so its answers can be compared",
                field=f"{kind}.questions",
            )


def set_policy(
    history: PolicyHistory | None, program_id: str, policy: EvaluationPolicy, set_by: str, now: datetime
) -> EvaluationPolicySet | None:
    """The fact of setting `policy`, checked; None when it is the policy in force already (nothing changes)."""
    check(policy)
    if policy == (history.current if history else DEFAULT_POLICY):
        return None
    return EvaluationPolicySet(program_id=program_id, policy=policy, set_by=set_by, set_at=now)


def mutate(state: PolicyHistory | None, fact: Fact) -> PolicyHistory:
    event = fact.event
    if not isinstance(event, EvaluationPolicySet):
        raise unexpected("evaluation policy", fact)
    history = state or no_history(event.program_id)
    return PolicyHistory(history.program_id, (*history.changes, (event.set_at, event.policy)))
