"""Claims that keep concurrent or resumed runs from matching a mentee twice or a mentor beyond capacity.

Each claim is a unique `_id`, so of two runs inserting the same claim exactly one wins on any MongoDB-compatible
store (conditional updates give no such guarantee on FerretDB). Claims name the pair they were made for, so a
run resumed after a crash recognises its own claims; pair ids are derived, not random, for that reason.
"""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from mentoring_runtime.store import insert_once


class Claims:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = database["claims"]

    async def mentee(self, program_id: str, mentee_id: str, pair_id: str) -> bool:
        """True when the mentee is (now or already) claimed for this pair."""
        return await self._claim(f"mentee:{program_id}:{mentee_id}", pair_id)

    async def release_mentee(self, program_id: str, mentee_id: str, pair_id: str) -> None:
        await self.collection.delete_one({"_id": f"mentee:{program_id}:{mentee_id}", "pair_id": pair_id})

    async def mentor_slot(self, program_id: str, mentor_id: str, capacity: int, pair_id: str) -> bool:
        """True when one of the mentor's `capacity` slots is (now or already) held for this pair.

        Slots are never released and every claimant tries them from 0 up, so a pair's own slot comes before any free one.
        """
        for slot in range(capacity):
            if await self._claim(f"mentor:{program_id}:{mentor_id}:{slot}", pair_id):
                return True
        return False

    async def _claim(self, claim_id: str, pair_id: str) -> bool:
        if await insert_once(self.collection, {"_id": claim_id, "pair_id": pair_id}):
            return True
        holder = await self.collection.find_one({"_id": claim_id}, projection=["pair_id"])
        return holder is not None and holder["pair_id"] == pair_id
