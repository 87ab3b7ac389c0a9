"""The facts evaluation counts: one document per event, keyed by its event id, so each counts exactly once."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from evaluation.domain import Counted, FactKind, KindTotal
from mentoring_runtime.tenancy import TenantData


class ProgramFacts:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._facts = TenantData(database["facts"])

    async def create_indexes(self) -> None:
        await self._facts.across_agencies().create_index([("agency_id", ASCENDING), ("program_id", ASCENDING)])

    async def add_all(self, facts: Sequence[tuple[str, str, Counted]]) -> list[tuple[str, Counted]]:
        """(agency, event id, fact) each inserted once: a redelivery hits the taken event id and changes nothing.
        Returns the (agency, fact) pairs this call inserted."""
        by_agency: dict[str, dict[str, Counted]] = defaultdict(dict)
        for agency_id, event_id, fact in facts:
            by_agency[agency_id][event_id] = fact
        added = []
        for agency_id, new in by_agency.items():
            documents = [
                {"_id": event_id, "program_id": fact.program_id, "kind": fact.kind, "minutes": fact.minutes}
                for event_id, fact in new.items()
            ]
            taken = await self._facts.for_agency(agency_id).insert_many_once(documents)
            added += [(agency_id, fact) for event_id, fact in new.items() if event_id not in taken]
        return added

    async def totals(self, agency_id: str, program_id: str) -> dict[FactKind, KindTotal]:
        # FerretDB v1.24 computes only the first accumulator of a $group (the others come out 0), so the store
        # counts facts per (kind, minutes) with one $sum and the minutes are folded in here, from one snapshot.
        groups = await self._facts.for_agency(agency_id).aggregate(
            [
                {"$match": {"program_id": program_id}},
                {"$group": {"_id": {"kind": "$kind", "minutes": "$minutes"}, "count": {"$sum": 1}}},
            ]
        )
        totals: dict[FactKind, KindTotal] = {}
        for group in groups:
            kind, minutes, count = FactKind(group["_id"]["kind"]), group["_id"]["minutes"], group["count"]
            so_far = totals.get(kind, KindTotal(0))
            totals[kind] = KindTotal(so_far.count + count, so_far.minutes + minutes * count)
        return totals
