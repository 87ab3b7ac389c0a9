"""The partnerships scheduling knows of, projected from matching's PairMatched events, read per agency."""

from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from mentoring_runtime.tenancy import TenantData
from scheduling.domain import Partnership


class Partnerships:
    """Who is in a pair never changes, so a partnership read once is kept in memory: logging a meeting then reads
    nothing from a collection that grows with every pair (on FerretDB, a scan)."""

    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._partnerships = TenantData(database["partnerships"])
        self._known: dict[tuple[str, str], Partnership] = {}

    async def add(self, agency_id: str, partnership: Partnership, matched_at: datetime) -> None:
        """Keyed by pair id, so a redelivered PairMatched leads to the one partnership already there."""
        await self._partnerships.for_agency(agency_id).insert_once(
            {
                "_id": partnership.pair_id,
                "program_id": partnership.program_id,
                "mentor_id": partnership.mentor_id,
                "mentee_id": partnership.mentee_id,
                "matched_at": matched_at,
            }
        )

    async def find(self, agency_id: str, pair_id: str) -> Partnership | None:
        if (agency_id, pair_id) not in self._known:
            doc = await self._partnerships.for_agency(agency_id).find_one({"_id": pair_id})
            if doc is None:
                return None
            self._known[agency_id, pair_id] = Partnership(
                doc["_id"], doc["program_id"], doc["agency_id"], doc["mentor_id"], doc["mentee_id"]
            )
        return self._known[agency_id, pair_id]
