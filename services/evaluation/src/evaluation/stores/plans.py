"""The development plans of every agency (`plan:<partnership id>` streams), held in memory like the partnerships:
read once as the service starts, then kept current by folding each fact this process records."""

from collections.abc import Callable

from evaluation.domain.plan import Plan
from mentoring_runtime.aggregates import Aggregates, Decision
from mentoring_runtime.recording import Cause

CATEGORY = "plan"


def stream_id(partnership_id: str) -> str:
    return f"{CATEGORY}:{partnership_id}"


class HeldPlans:
    def __init__(self, aggregates: Aggregates[Plan]) -> None:
        self._aggregates = aggregates

    async def warm(self) -> None:
        await self._aggregates.warm()

    async def plan(self, agency_id: str, partnership_id: str) -> Plan | None:
        """The partnership's plan, None while nobody wrote one."""
        found = await self._aggregates.get(agency_id, stream_id(partnership_id))
        return found.state if found else None

    async def change(self, cause: Cause, partnership_id: str, decide: Callable[[Plan | None], Decision]) -> Plan | None:
        """Decide on the plan as it is (None: none yet) and record the decision, deciding again if another writer
        came first; the plan as it is after."""
        return await self._aggregates.change_or_create(cause, stream_id(partnership_id), decide)
