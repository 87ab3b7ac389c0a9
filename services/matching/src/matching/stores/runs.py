"""Match run documents. Each is written by its request, then by the instance solving it (`executed_by` names it),
then, once proposed, by the publication (or the discarding) a coordinator's request starts: the status says whose
turn it is, and a publication taken up again after a crash finds its run still `publishing`."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from matching.domain import Pairing
from mentoring_contracts.names import MatchObjective, MatchRunStatus
from mentoring_runtime.tenancy import TenantData

UNFINISHED = (MatchRunStatus.REQUESTED, MatchRunStatus.RUNNING, MatchRunStatus.PUBLISHING)


@dataclass(frozen=True)
class RunRef:
    """Enough to find a run again: the agency it belongs to and its id."""

    agency_id: str
    run_id: str


@dataclass(frozen=True)
class RunRequest:
    """What a new run is asked to solve. With `inputs_of`, it solves that run's stored inputs under its own review
    (locks and exclusions); without, the programme's pool and policy as they are now."""

    program_id: str
    requested_by: str
    correlation_id: str
    objective: MatchObjective | None = None
    min_score: float | None = None
    parent_run_id: str | None = None
    inputs_of: str | None = None
    locks: Sequence[Pairing] = ()
    exclusions: Sequence[Pairing] = ()


class RunStore:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._runs = TenantData(database["match_runs"])

    async def create_indexes(self) -> None:
        await self._runs.across_agencies().create_index([("status", ASCENDING)])

    async def create(self, agency_id: str, run_id: str, request: RunRequest) -> str:
        """The run, requested once: a retry of the same request (the same derived `run_id`) finds it there."""
        await self._runs.for_agency(agency_id).insert_once(
            {
                "_id": run_id,
                "status": MatchRunStatus.REQUESTED,
                "program_id": request.program_id,
                "requested_by": request.requested_by,
                "correlation_id": request.correlation_id,
                "objective": request.objective,
                "min_score": request.min_score,
                "parent_run_id": request.parent_run_id,
                "inputs_of": request.inputs_of,
                "locks": [{"mentee_id": e, "mentor_id": m} for e, m in sorted(set(request.locks))],
                "exclusions": [{"mentee_id": e, "mentor_id": m} for e, m in sorted(set(request.exclusions))],
            }
        )
        return run_id

    async def get(self, run: RunRef) -> dict[str, Any] | None:
        return await self._runs.for_agency(run.agency_id).find_one({"_id": run.run_id})

    async def of_program(self, agency_id: str, program_id: str, run_id: str) -> dict[str, Any] | None:
        return await self._runs.for_agency(agency_id).find_one({"_id": run_id, "program_id": program_id})

    async def proposed(self, agency_id: str, program_id: str) -> list[str]:
        """The programme's runs awaiting review."""
        cursor = self._runs.for_agency(agency_id).find(
            {"program_id": program_id, "status": MatchRunStatus.PROPOSED}, projection=["_id"]
        )
        return [doc["_id"] async for doc in cursor]

    async def unfinished(self) -> list[tuple[RunRef, str, MatchRunStatus]]:
        """Runs a restart must take up again, in every agency, with their programme and what they were doing: no
        caller asked, the service owes them."""
        found: list[tuple[RunRef, str, MatchRunStatus]] = []
        for status in UNFINISHED:  # one equality each: the local store answers those without reading every run
            cursor = self._runs.across_agencies().find({"status": status}, projection=["agency_id", "program_id"])
            found.extend([(RunRef(doc["agency_id"], doc["_id"]), doc["program_id"], status) async for doc in cursor])
        return sorted(found, key=lambda found_run: found_run[0].run_id)

    async def executed_by(self, run: RunRef, instance: str) -> None:
        await self._runs.for_agency(run.agency_id).update_one({"_id": run.run_id}, {"$set": {"executed_by": instance}})

    async def set_status(self, run: RunRef, status: MatchRunStatus, **fields: Any) -> None:
        await self._runs.for_agency(run.agency_id).update_one(
            {"_id": run.run_id}, {"$set": {"status": status, **fields}}
        )
