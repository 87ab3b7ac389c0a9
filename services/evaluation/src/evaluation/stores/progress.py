"""Every partnership's progress reports, folded from their streams (`progress:<partnership id>`) and held in memory.

Held by the runtime's `Aggregates`: read once as the service starts, then kept current by folding each fact this
process records, so neither a report, nor a list, nor the missing reports read the log. A decision is recorded at
the version it was taken on: two reports of one month sent at once cannot both be stored, and a retry finds what
the first stored.
"""

from collections.abc import Callable

from evaluation.domain.progress import Progress, ProgressAssessed
from mentoring_contracts import EVENTS, Event
from mentoring_runtime.aggregates import Aggregates, Decision
from mentoring_runtime.recording import Cause

CATEGORY = "progress"
KNOWN: dict[tuple[str, int], type[Event]] = {
    **EVENTS,
    (ProgressAssessed.event_type, ProgressAssessed.event_version): ProgressAssessed,
}


def stream_id(partnership_id: str) -> str:
    return f"{CATEGORY}:{partnership_id}"


class HeldProgress:
    def __init__(self, aggregates: Aggregates[Progress]) -> None:
        self._aggregates = aggregates

    async def warm(self) -> None:
        await self._aggregates.warm()

    async def of(self, agency_id: str, partnership_id: str) -> Progress | None:
        """The partnership's reports, None while it has none."""
        found = await self._aggregates.get(agency_id, stream_id(partnership_id))
        return found.state if found else None

    async def hold_agency(self, agency_id: str) -> None:
        """Have every partnership's progress of the agency held (read once, if it was not warmed), for `held`."""
        await self._aggregates.all(agency_id)

    def held(self, agency_id: str, partnership_id: str) -> Progress | None:
        """The partnership's reports as held, reading nothing."""
        found = self._aggregates.held_versions(agency_id, [stream_id(partnership_id)])
        return found[stream_id(partnership_id)].state if found else None

    async def change(
        self, cause: Cause, partnership_id: str, decide: Callable[[Progress | None], Decision]
    ) -> Progress | None:
        """Decide on the partnership's reports as they are (none yet: None) and record the decision, deciding again
        if another writer came first."""
        return await self._aggregates.change_or_create(cause, stream_id(partnership_id), decide)
