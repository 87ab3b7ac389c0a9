"""Evaluation's application services: count each fact once, answer a programme's metrics."""

from collections.abc import Sequence
from typing import Any

from evaluation.domain import COUNTED_EVENTS, counted, program_metrics
from evaluation.stores import ProgramFacts
from mentoring_contracts import Envelope, Event
from mentoring_contracts.api import ProgramMetrics
from mentoring_runtime.consumer import Batched, Subscriber
from mentoring_runtime.web import Caller


class Evaluation:
    def __init__(self, facts: ProgramFacts) -> None:
        self.facts = facts

    async def count(self, envelopes: Sequence[Envelope[Any]]) -> None:
        """Each event once, whatever the order: a batch is written in one round trip per agency."""
        await self.facts.add_all([(e.agency_id, str(e.event_id), counted(e.payload)) for e in envelopes])

    async def metrics(self, caller: Caller, program_id: str) -> ProgramMetrics:
        return program_metrics(program_id, await self.facts.totals(caller.agency_id, program_id))


def consumed(evaluation: Evaluation) -> dict[type[Event], Subscriber]:
    """Each consumed event and its handler: every counted event is counted the same way, in batches."""
    counting = Batched(evaluation.count)
    return {event: counting for event in COUNTED_EVENTS}
