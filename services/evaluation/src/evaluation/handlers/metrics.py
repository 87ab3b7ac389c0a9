"""Programme metrics: count each fact once, answer a programme's totals."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from evaluation.domain import (
    COUNTED_EVENTS,
    Counted,
    FactKind,
    KindTotal,
    Withdrawal,
    counted,
    left,
    program_metrics,
    with_fact,
    withdrawal,
)
from evaluation.stores.facts import ProgramFacts
from mentoring_contracts import Envelope, Event, ParticipantWithdrawn
from mentoring_contracts.api import ProgramMetrics
from mentoring_runtime.consumer import Batched, Subscriber
from mentoring_runtime.web import Caller


class Metrics:
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
        """Each event once, whatever the order: a batch is written in a few round trips per agency.

        A withdrawal and the enrolment it ends may come in either order, in one batch or two (the relay publishes
        an enrolment again, late, after a crash). So each side stores its own fact first and looks for the other
        after: whichever looks last finds both, and the decrement either may then add is keyed by participant."""
        withdrawals: list[tuple[str, Withdrawal]] = []
        facts: list[tuple[str, str, Counted]] = []
        participants: dict[str, set[str]] = defaultdict(set)  # per agency, whoever enrolled or withdrew
        for envelope in envelopes:
            agency_id, event = envelope.agency_id, envelope.payload
            if isinstance(event, ParticipantWithdrawn):
                withdrawals.append((agency_id, withdrawal(event)))
                participants[agency_id].add(event.participant_id)
            else:
                fact = counted(event)
                facts.append((agency_id, str(envelope.event_id), fact))
                if fact.participant_id is not None:
                    participants[agency_id].add(fact.participant_id)
        await self.facts.add_withdrawals(withdrawals)
        await self._add(facts)
        leaving = [
            (agency_id, *left(gone))
            for agency_id, ids in participants.items()
            for gone in await self.facts.withdrawn_after_enrolling(agency_id, ids)
        ]
        await self._add(leaving)

    async def _add(self, facts: Sequence[tuple[str, str, Counted]]) -> None:
        """Store each fact once and fold the new ones into the totals kept, saying which programmes it touches."""
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


def consumed(metrics: Metrics) -> dict[type[Event], Subscriber]:
    """Each consumed event and its handler: every counted event, and the withdrawals that take enrolments back, are
    counted the same way, in batches."""
    counting = Batched(metrics.count)
    return {event: counting for event in (*COUNTED_EVENTS, ParticipantWithdrawn)}
