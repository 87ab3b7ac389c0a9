"""The partnerships scheduling knows of, projected from matching's PairMatched events, read per agency."""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from mentoring_runtime.tenancy import TenantData
from scheduling.domain import Partnership


class Partnerships:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._partnerships = TenantData(database["partnerships"])

    async def add(self, agency_id: str, partnership: Partnership, matched_at: object) -> None:
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
        doc = await self._partnerships.for_agency(agency_id).find_one({"_id": pair_id})
        if doc is None:
            return None
        return Partnership(doc["_id"], doc["program_id"], doc["agency_id"], doc["mentor_id"], doc["mentee_id"])
