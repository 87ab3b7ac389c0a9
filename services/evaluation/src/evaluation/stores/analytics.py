"""Analytics' facts: one small document per consumed event, keyed by the event's id, so a redelivery (also after a
restart) is refused by the store and counts nothing twice. An agency's documents are read whole, by equality on the
top-level `agency_id` (which FerretDB answers in PostgreSQL), only when its ledger is first needed."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from evaluation.domain.analytics.facts import Fact
from mentoring_runtime.tenancy import TenantData

_OWN = ("_id", "agency_id", "kind", "program_id", "at")


class AnalyticsFacts:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._facts = TenantData(database["analytics_facts"])

    async def create_indexes(self) -> None:
        await self._facts.across_agencies().create_index([("agency_id", ASCENDING)])

    async def add_all(self, facts: Sequence[tuple[str, Fact]]) -> list[tuple[str, Fact]]:
        """(agency, fact) each inserted once, in one round trip per agency; returns those this call inserted."""
        by_agency: dict[str, dict[str, Fact]] = defaultdict(dict)
        for agency_id, fact in facts:
            by_agency[agency_id][fact.event_id] = fact
        added = []
        for agency_id, new in by_agency.items():
            taken = await self._facts.for_agency(agency_id).insert_many_once([_document(f) for f in new.values()])
            added += [(agency_id, fact) for key, fact in new.items() if key not in taken]
        return added

    async def agencies(self) -> list[str]:
        """Every agency with a fact stored: the ledgers to fold as the service starts."""
        return sorted(await self._facts.across_agencies().distinct("agency_id"))

    async def agency(self, agency_id: str) -> list[Fact]:
        return [_fact(document) async for document in self._facts.for_agency(agency_id).find({})]


def _document(fact: Fact) -> dict[str, Any]:
    return {
        "_id": fact.event_id,
        "kind": fact.kind,
        "program_id": fact.program_id,
        "at": fact.at.isoformat(),
        **fact.data,
    }


def _fact(document: dict[str, Any]) -> Fact:
    data = {name: value for name, value in document.items() if name not in _OWN}
    return Fact(document["_id"], document["kind"], document["program_id"], datetime.fromisoformat(document["at"]), data)
