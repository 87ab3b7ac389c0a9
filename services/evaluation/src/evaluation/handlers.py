"""Evaluation's application services: count each fact once, answer a programme's metrics."""

from typing import Any

from evaluation.domain import COUNTED_EVENTS, counted, program_metrics
from evaluation.stores import ProgramFacts
from mentoring_contracts import Envelope, Event
from mentoring_contracts.api import ProgramMetrics
from mentoring_runtime.consumer import Handler
from mentoring_runtime.web import Caller


class Evaluation:
    def __init__(self, facts: ProgramFacts) -> None:
        self.facts = facts

    async def count(self, envelope: Envelope[Any]) -> None:
        await self.facts.add(envelope.agency_id, str(envelope.event_id), counted(envelope.payload))

    async def metrics(self, caller: Caller, program_id: str) -> ProgramMetrics:
        return program_metrics(program_id, await self.facts.totals(caller.agency_id, program_id))


def consumed(evaluation: Evaluation) -> dict[type[Event], Handler]:
    """Each consumed event and its handler: every counted event is counted the same way."""
    return {event: evaluation.count for event in COUNTED_EVENTS}
