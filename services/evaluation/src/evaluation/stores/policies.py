"""Every programme's evaluation policy history, folded from its stream (`evaluation_policy:<programme>`) and held in
memory: read once as the service starts, then kept current by what this process records, so reading a policy
reads nothing (a programme never set has none, and the defaults are in force)."""

from collections.abc import Callable

from evaluation.domain.policy import PolicyHistory, no_history
from mentoring_contracts.api import EvaluationPolicy
from mentoring_runtime.aggregates import Aggregates, Decision
from mentoring_runtime.recording import Cause

CATEGORY = "evaluation_policy"


def stream_id(program_id: str) -> str:
    return f"{CATEGORY}:{program_id}"


class HeldPolicies:
    def __init__(self, aggregates: Aggregates[PolicyHistory]) -> None:
        self._aggregates = aggregates

    async def warm(self) -> None:
        await self._aggregates.warm()

    async def history(self, agency_id: str, program_id: str) -> PolicyHistory:
        """Every policy the programme was given, with when; none (the defaults throughout) when never set."""
        held = await self._aggregates.get(agency_id, stream_id(program_id))
        return held.state if held else no_history(program_id)

    async def policy(self, agency_id: str, program_id: str) -> EvaluationPolicy:
        """The programme's policy in force now: what its coordinators last set, or the defaults."""
        return (await self.history(agency_id, program_id)).current

    async def change(
        self, cause: Cause, program_id: str, decide: Callable[[PolicyHistory | None], Decision]
    ) -> PolicyHistory:
        """Record what `decide` makes of the history as it is, deciding again if another writer came first."""
        changed = await self._aggregates.change_or_create(cause, stream_id(program_id), decide)
        return changed or no_history(program_id)
