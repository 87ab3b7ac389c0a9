"""The facts evaluation counts: one document per event, keyed by its event id, so each counts exactly once."""

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from evaluation.domain import KIND_OF_EVENT, KindTotal
from mentoring_contracts import Envelope, MeetingLogged
from mentoring_runtime.store import insert_once

COLLECTION = "facts"


class ProgramFacts:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = database[COLLECTION]

    async def create_indexes(self) -> None:
        await self.collection.create_index([("agency_id", ASCENDING), ("program_id", ASCENDING)])

    async def record(self, envelope: Envelope[Any]) -> None:
        """Handler for every counted event; a redelivery hits the taken event id and changes nothing."""
        payload = envelope.payload
        await insert_once(
            self.collection,
            {
                "_id": str(envelope.event_id),
                "agency_id": envelope.agency_id,
                "program_id": payload.program_id,
                "kind": KIND_OF_EVENT[envelope.event_type],
                "minutes": payload.duration_minutes if isinstance(payload, MeetingLogged) else 0,
            },
        )

    async def totals(self, agency_id: str, program_id: str) -> dict[str, KindTotal]:
        # FerretDB v1.24 computes only the first accumulator of a $group (the others come out 0), so the store
        # counts facts per (kind, minutes) with one $sum and the minutes are folded in here, from one snapshot.
        cursor = await self.collection.aggregate(
            [
                {"$match": {"agency_id": agency_id, "program_id": program_id}},
                {"$group": {"_id": {"kind": "$kind", "minutes": "$minutes"}, "count": {"$sum": 1}}},
            ]
        )
        totals: dict[str, KindTotal] = {}
        async for doc in cursor:
            kind, minutes, count = doc["_id"]["kind"], doc["_id"]["minutes"], doc["count"]
            so_far = totals.get(kind, KindTotal(0))
            totals[kind] = KindTotal(so_far.count + count, so_far.minutes + minutes * count)
        return totals
