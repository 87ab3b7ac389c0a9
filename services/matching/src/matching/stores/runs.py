"""Match run documents. Each is written by its request, then only by the task running it (its single writer)."""

from dataclasses import dataclass
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from mentoring_contracts.names import MatchRunStatus
from mentoring_runtime.tenancy import TenantData


@dataclass(frozen=True)
class RunRef:
    """Enough to find a run again: the agency it belongs to and its id."""

    agency_id: str
    run_id: str


class RunStore:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._runs = TenantData(database["match_runs"])

    async def create_indexes(self) -> None:
        await self._runs.across_agencies().create_index([("status", ASCENDING)])

    async def create(
        self, agency_id: str, *, run_id: str, program_id: str, requested_by: str, correlation_id: str
    ) -> str:
        """The run, requested once: a retry of the same request (the same derived `run_id`) finds it there."""
        await self._runs.for_agency(agency_id).insert_once(
            {
                "_id": run_id,
                "program_id": program_id,
                "status": MatchRunStatus.REQUESTED,
                "requested_by": requested_by,
                "correlation_id": correlation_id,
            }
        )
        return run_id

    async def get(self, run: RunRef) -> dict[str, Any] | None:
        return await self._runs.for_agency(run.agency_id).find_one({"_id": run.run_id})

    async def of_program(self, agency_id: str, program_id: str, run_id: str) -> dict[str, Any] | None:
        return await self._runs.for_agency(agency_id).find_one({"_id": run_id, "program_id": program_id})

    async def unfinished(self) -> list[RunRef]:
        """Runs a restart must resume, in every agency: no caller asked, the service owes them."""
        unfinished = [MatchRunStatus.REQUESTED, MatchRunStatus.RUNNING]
        cursor = self._runs.across_agencies().find({"status": {"$in": unfinished}}, projection=["agency_id"])
        return [RunRef(doc["agency_id"], doc["_id"]) async for doc in cursor.sort("_id", ASCENDING)]

    async def set_status(self, run: RunRef, status: MatchRunStatus, **fields: Any) -> None:
        await self._runs.for_agency(run.agency_id).update_one(
            {"_id": run.run_id}, {"$set": {"status": status, **fields}}
        )
