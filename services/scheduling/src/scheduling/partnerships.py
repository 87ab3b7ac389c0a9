"""The partnerships scheduling knows of, projected from matching's PairMatched events."""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from mentoring_contracts import Envelope, PairMatched
from mentoring_runtime.store import insert_once
from scheduling.domain import Partnership

COLLECTION = "partnerships"


class Partnerships:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = database[COLLECTION]

    async def on_pair_matched(self, envelope: Envelope[PairMatched]) -> None:
        # Keyed by pair id, so a redelivered PairMatched leads to the one partnership already there.
        pair = envelope.payload
        await insert_once(
            self.collection,
            {
                "_id": pair.pair_id,
                "agency_id": envelope.agency_id,
                "program_id": pair.program_id,
                "mentor_id": pair.mentor_id,
                "mentee_id": pair.mentee_id,
                "matched_at": envelope.occurred_at,
            },
        )

    async def find(self, pair_id: str, agency_id: str) -> Partnership | None:
        """The pair, if it belongs to `agency_id`: another agency's pair is as good as unknown."""
        doc = await self.collection.find_one({"_id": pair_id, "agency_id": agency_id})
        if doc is None:
            return None
        return Partnership(doc["_id"], doc["program_id"], doc["agency_id"], doc["mentor_id"], doc["mentee_id"])
