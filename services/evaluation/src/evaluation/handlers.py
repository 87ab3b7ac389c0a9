"""Evaluation's application services: count each fact once, answer a programme's metrics."""

from collections import Counter
from collections.abc import Sequence
from typing import Any

from evaluation.domain import COUNTED_EVENTS, FactKind, KindTotal, counted, program_metrics, with_fact
from evaluation.stores import ProgramFacts
from mentoring_contracts import Envelope, Event
from mentoring_contracts.api import ProgramMetrics
from mentoring_runtime.consumer import Batched, Subscriber
from mentoring_runtime.web import Caller


class Evaluation:
    """A programme's totals are read from the store once per process, then kept up to date by the facts this
    process counts, so a metrics request reads nothing however many facts there are (on FerretDB every read scans).
    This holds because one evaluation process consumes every partition; an instance that saw only some partitions
    would have to share its totals.

    A read of the store races with counting: it is kept only if no count touched that programme while it ran,
    or a fact could be counted twice (in the store's answer and again by the count that stored it)."""

    def __init__(self, facts: ProgramFacts) -> None:
        self.facts = facts
        self._totals: dict[tuple[str, str], dict[FactKind, KindTotal]] = {}
        self._counting: Counter[tuple[str, str]] = Counter()  # counts under way, per programme
        self._counted: Counter[tuple[str, str]] = Counter()  # counts finished, per programme

    async def count(self, envelopes: Sequence[Envelope[Any]]) -> None:
        """Each event once, whatever the order: a batch is written in one round trip per agency."""
        facts = [(e.agency_id, str(e.event_id), counted(e.payload)) for e in envelopes]
        programmes = {(agency_id, fact.program_id) for agency_id, _, fact in facts}
        self._counting.update(programmes)
        try:
            for agency_id, fact in await self.facts.add_all(facts):
                key = (agency_id, fact.program_id)
                if key in self._totals:
                    self._totals[key] = with_fact(self._totals[key], fact)
        finally:
            self._counting.subtract(programmes)
            self._counted.update(programmes)

    async def metrics(self, caller: Caller, program_id: str) -> ProgramMetrics:
        key = (caller.agency_id, program_id)
        if key in self._totals:
            return program_metrics(program_id, self._totals[key])
        counted_before = self._counted[key]
        totals = await self.facts.totals(caller.agency_id, program_id)
        if self._counting[key] == 0 and self._counted[key] == counted_before:
            self._totals[key] = totals
        return program_metrics(program_id, totals)


def consumed(evaluation: Evaluation) -> dict[type[Event], Subscriber]:
    """Each consumed event and its handler: every counted event is counted the same way, in batches."""
    counting = Batched(evaluation.count)
    return {event: counting for event in COUNTED_EVENTS}
