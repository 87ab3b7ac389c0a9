"""A programme's evaluation policy, read and set by its agency's coordinators: a policy set is in force from that
moment, so surveys opening from then on ask its questions, and those already open keep theirs."""

from collections.abc import Callable
from datetime import datetime

from evaluation.domain.policy import PolicyHistory, set_policy
from evaluation.stores.policies import HeldPolicies
from mentoring_contracts.api import EvaluationPolicy
from mentoring_contracts.names import Role
from mentoring_runtime.aggregates import Decision
from mentoring_runtime.web import Caller


class Policies:
    def __init__(self, policies: HeldPolicies, now: Callable[[], datetime]) -> None:
        self._policies = policies
        self._now = now

    async def evaluation_policy(self, caller: Caller, program_id: str) -> EvaluationPolicy:
        caller.require(Role.COORDINATOR)
        return await self._policies.policy(caller.agency_id, program_id)

    async def set_evaluation_policy(
        self, caller: Caller, program_id: str, policy: EvaluationPolicy
    ) -> EvaluationPolicy:
        caller.require(Role.COORDINATOR)

        def decide(history: PolicyHistory | None) -> Decision:
            change = set_policy(history, program_id, policy, caller.actor_id, self._now())
            return (change, None) if change else None

        return (await self._policies.change(caller.cause(), program_id, decide)).current
