"""Analytics: a programme's or the agency's figures by month, answered from a ledger held in memory per agency.

Each consumed event is stored once as a small fact (`stores.analytics`); only the facts the store took as new are
folded into the ledger, so a redelivery counts nothing twice, also across restarts. An agency's ledger is folded
from its stored facts on its first request, then kept up to date by the facts this process stores: an answer reads
nothing and costs the same however many events came before. This holds because evaluation runs one instance,
consuming every partition.

Loading races with storing, and no fact may be folded twice or missed. A fact stored while its agency's ledger
loads may or may not be in what the load read. So a batch names its facts as under way before it stores them; a
load folds what it read, then the facts stored meanwhile that it did not read, and remembers which of the facts
still under way it read, so that their batch, when it carries on, passes them over.

Folding a large agency takes a while (126,000 facts in 24 s on FerretDB, most of it reading): the fold yields
to the event loop every few thousand facts, so the service keeps consuming and answering meanwhile, and a request
waits for it at most LOAD_WAIT_SECONDS before it is answered 503, to retry shortly, while the load goes on. So that
the first request after a restart seldom waits, every agency's ledger starts folding, one after another, in the
background as the service starts (`warm`).

Leadership's answer is k-anonymous (`domain.disclosure`), worked out off the event loop (a long range's takes a
second), and its `as_of` is the day alone: the newest event's exact time can point at one person's action.
"""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from evaluation.domain import disclosure
from evaluation.domain.analytics.facts import ANALYSED_EVENTS, Fact, fact_of
from evaluation.domain.analytics.figures import Figures, answer, figures
from evaluation.domain.analytics.ledger import AgencyLedger
from evaluation.domain.analytics.months import month_range
from evaluation.domain.disclosure import Cell, DependsOn, Key, Sum
from evaluation.exports import export
from evaluation.stores.analytics import AnalyticsFacts
from mentoring_contracts import Envelope, Event
from mentoring_contracts.api.analytics import Analytics, AnalyticsQuery
from mentoring_contracts.names import Role, Withholding
from mentoring_contracts.routes import JSON
from mentoring_runtime.consumer import Batched, Subscriber
from mentoring_runtime.errors import Forbidden, NotFound, NotReady
from mentoring_runtime.web import Caller

Withhold = Callable[[dict[Key, Cell], Sequence[Sum], Sequence[DependsOn], frozenset[Key], int], dict[Key, Withholding]]
DEFAULT_MIN_PEOPLE = 5
LOAD_WAIT_SECONDS = 20.0
FOLD_BETWEEN_YIELDS = 2000


async def default_min_people(agency_id: str) -> int:
    return DEFAULT_MIN_PEOPLE


class _Loaded:
    def __init__(self, ledger: AgencyLedger, read_under_way: set[str]) -> None:
        self.ledger = ledger
        self.read_under_way = read_under_way  # facts the load read whose batch has not folded them yet


class AnalyticsAnswers:
    def __init__(
        self,
        facts: AnalyticsFacts,
        *,
        withhold: Withhold = disclosure.withheld,
        min_people: Callable[[str], Awaitable[int]] = default_min_people,
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
        load_wait_seconds: float = LOAD_WAIT_SECONDS,
    ) -> None:
        self.facts = facts
        self.withhold = withhold
        self.min_people = min_people
        self.today = today
        self.load_wait_seconds = load_wait_seconds
        self._ledgers: dict[str, _Loaded] = {}
        self._loads: dict[str, asyncio.Task[_Loaded]] = {}
        self._stored_meanwhile: dict[str, list[Fact]] = {}  # per agency loading, facts stored during its load
        self._under_way: dict[str, set[str]] = {}  # per agency, event ids of facts being stored

    async def record(self, envelopes: Sequence[Envelope[Any]]) -> None:
        """Store each event's fact once and fold the facts stored for the first time into the ledgers held."""
        facts = [(envelope.agency_id, fact_of(envelope)) for envelope in envelopes]
        for agency_id, fact in facts:
            self._under_way.setdefault(agency_id, set()).add(fact.event_id)
        try:
            for agency_id, fact in await self.facts.add_all(facts):
                loaded = self._ledgers.get(agency_id)
                if loaded is not None:
                    if fact.event_id in loaded.read_under_way:
                        loaded.read_under_way.discard(fact.event_id)
                    else:
                        loaded.ledger.apply(fact)
                elif agency_id in self._stored_meanwhile:
                    self._stored_meanwhile[agency_id].append(fact)
        finally:
            for agency_id, fact in facts:
                self._under_way[agency_id].discard(fact.event_id)

    async def warm(self) -> None:
        """Fold every agency's ledger, one after another, before anyone asks for it."""
        for agency_id in await self.facts.agencies():
            if agency_id not in self._ledgers:
                await self._loading(agency_id)

    async def ledger(self, agency_id: str) -> AgencyLedger:
        loaded = self._ledgers.get(agency_id)
        if loaded is None:
            try:
                loaded = await asyncio.wait_for(asyncio.shield(self._loading(agency_id)), self.load_wait_seconds)
            except TimeoutError:
                raise NotReady("the agency's analytics are still being folded from its facts") from None
        return loaded.ledger

    def _loading(self, agency_id: str) -> "asyncio.Task[_Loaded]":
        """The agency's load under way, started if none is."""
        load = self._loads.get(agency_id)
        if load is None:
            load = self._loads[agency_id] = asyncio.ensure_future(self._load(agency_id))
            load.add_done_callback(lambda _: self._loads.pop(agency_id, None))
        return load

    async def _load(self, agency_id: str) -> _Loaded:
        self._stored_meanwhile[agency_id] = []
        try:
            read = await self.facts.agency(agency_id)
            ledger, ids = AgencyLedger(), set()
            for folded, fact in enumerate(read, 1):
                ledger.apply(fact)
                ids.add(fact.event_id)
                if folded % FOLD_BETWEEN_YIELDS == 0:
                    await asyncio.sleep(0)  # others' turn: consuming, answering
            for fact in self._stored_meanwhile[agency_id]:
                if fact.event_id not in ids:
                    ledger.apply(fact)
        finally:
            del self._stored_meanwhile[agency_id]
        loaded = _Loaded(ledger, ids & self._under_way.get(agency_id, set()))
        self._ledgers[agency_id] = loaded
        return loaded

    async def program_analytics(
        self, caller: Caller, program_id: str, query: AnalyticsQuery, media_type: str = JSON
    ) -> Analytics | str:
        caller.require(Role.COORDINATOR)
        scope = (await self.ledger(caller.agency_id)).program(program_id)
        if scope is None:
            raise NotFound(f"no program {program_id!r} in your agency")
        months = month_range(query.from_, query.to, self.today())
        return await _as(media_type, query, answer(program_id, months, scope.as_of, figures(scope, months), {}))

    async def agency_analytics(self, caller: Caller, query: AnalyticsQuery, media_type: str = JSON) -> Analytics | str:
        if Role.COORDINATOR not in caller.roles and Role.LEADERSHIP not in caller.roles:
            raise Forbidden(f"this needs the role {Role.COORDINATOR} or {Role.LEADERSHIP}")
        scope = (await self.ledger(caller.agency_id)).agency
        months = month_range(query.from_, query.to, self.today())
        found = figures(scope, months)
        if Role.COORDINATOR in caller.roles:
            return await _as(media_type, query, answer(None, months, scope.as_of, found, {}))
        min_people = await self.min_people(caller.agency_id)
        withheld = await asyncio.to_thread(self._withheld, found, min_people)
        as_of = scope.as_of and scope.as_of.replace(hour=0, minute=0, second=0, microsecond=0)
        return await _as(media_type, query, answer(None, months, as_of, found, withheld, min_people))

    def _withheld(self, found: Figures, min_people: int) -> dict[Key, Withholding]:
        return self.withhold(found.cells, found.sums, found.dependencies, found.hidden, min_people)


async def _as(media_type: str, query: AnalyticsQuery, analytics: Analytics) -> Analytics | str:
    """The answer in the media type the request's Accept chose (the runtime negotiates it): the model for JSON, else a
    CSV file or the chart the query names as SVG, drawn off the event loop; each shows exactly what the JSON shows."""
    if media_type == JSON:
        return analytics
    return await asyncio.to_thread(export, analytics, media_type, query.chart)


def consumed(analytics: AnalyticsAnswers) -> dict[type[Event], Subscriber]:
    """Every analysed event, in batches."""
    recording = Batched(analytics.record)
    return {event: recording for event in ANALYSED_EVENTS}
