"""A run's inputs, stored once when it is first solved: what reproducing it and re-solving its review read.

Written with unique ids (`{run}:{chunk}`), so a run resumed after a crash finds the snapshot it already took and
solves exactly that, never a pool that changed meanwhile. Compressed and cut into chunks well under a document's
16 MB limit: a 100,000-person pool is tens of megabytes of JSON.
"""

import json
import zlib
from typing import Any

from bson import Binary
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from matching.stores.problems import canonical_bytes
from mentoring_runtime.tenancy import TenantData

CHUNK_BYTES = 4 * 1024 * 1024


class SnapshotStore:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._chunks = TenantData(database["run_inputs"])

    async def create_indexes(self) -> None:
        await self._chunks.across_agencies().create_index([("run_id", ASCENDING), ("agency_id", ASCENDING)])

    async def save(self, agency_id: str, run_id: str, document: dict[str, Any]) -> None:
        packed = zlib.compress(canonical_bytes(document), 6)
        chunks = [packed[at : at + CHUNK_BYTES] for at in range(0, len(packed), CHUNK_BYTES)] or [b""]
        await self._chunks.for_agency(agency_id).insert_many_once(
            [
                {
                    "_id": f"{run_id}:{index:04d}",
                    "run_id": run_id,
                    "index": index,
                    "of": len(chunks),
                    "data": Binary(chunk),
                }
                for index, chunk in enumerate(chunks)
            ]
        )

    async def load(self, agency_id: str, run_id: str) -> dict[str, Any] | None:
        """The stored inputs, or None if the run has none complete yet (it was cut short while storing them)."""
        chunks = [doc async for doc in self._chunks.for_agency(agency_id).find({"run_id": run_id})]
        chunks.sort(key=lambda doc: doc["index"])
        if not chunks or len(chunks) != chunks[0]["of"]:
            return None
        return json.loads(zlib.decompress(b"".join(bytes(doc["data"]) for doc in chunks)))
