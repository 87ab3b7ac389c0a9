"""Match run documents. Each is written by its request, then only by the task running it (its single writer)."""

from typing import Any
from uuid import uuid4

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

REQUESTED, RUNNING, COMPLETED, FAILED = "requested", "running", "completed", "failed"
UNFINISHED = (REQUESTED, RUNNING)


class RunStore:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = database["match_runs"]

    async def create_indexes(self) -> None:
        await self.collection.create_index([("status", ASCENDING)])

    async def create(self, *, program_id: str, agency_id: str, requested_by: str, correlation_id: str) -> str:
        run_id = str(uuid4())
        await self.collection.insert_one(
            {
                "_id": run_id,
                "program_id": program_id,
                "agency_id": agency_id,
                "status": REQUESTED,
                "requested_by": requested_by,
                "correlation_id": correlation_id,
            }
        )
        return run_id

    async def get(self, run_id: str) -> dict[str, Any] | None:
        return await self.collection.find_one({"_id": run_id})

    async def of_program(self, run_id: str, program_id: str, agency_id: str) -> dict[str, Any] | None:
        return await self.collection.find_one({"_id": run_id, "program_id": program_id, "agency_id": agency_id})

    async def unfinished(self) -> list[str]:
        cursor = self.collection.find({"status": {"$in": list(UNFINISHED)}}, projection=["_id"]).sort("_id", ASCENDING)
        return [doc["_id"] async for doc in cursor]

    async def set_status(self, run_id: str, status: str, **fields: Any) -> None:
        await self.collection.update_one({"_id": run_id}, {"$set": {"status": status, **fields}})
