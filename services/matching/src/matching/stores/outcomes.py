"""A solved run's outcome: its proposals and its unmatched mentees, stored once, read as pages.

Each list is cut into documents of `PAGE` items (`{run}:{list}:{n}`), each inserted once under its unique id, so a
run resumed after a crash stores the same outcome again without duplicating any of it. An outcome never changes
once stored, so the few most recently read are kept in memory: a coordinator paging through a 10,000-mentee
proposal reads the store once, not once per page, and a page costs the same whatever the cohort's size.
"""

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Literal

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from mentoring_runtime.tenancy import TenantData

PAGE = 500  # items per stored document
KEPT = 8  # outcomes held in memory
Outcome = Literal["proposals", "unmatched"]


class OutcomeStore:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._pages = TenantData(database["run_outcomes"])
        self._kept: OrderedDict[tuple[str, str, Outcome], list[dict[str, Any]]] = OrderedDict()

    async def create_indexes(self) -> None:
        await self._pages.across_agencies().create_index([("run_id", ASCENDING), ("agency_id", ASCENDING)])

    async def save(self, agency_id: str, run_id: str, outcome: Outcome, items: Sequence[dict[str, Any]]) -> None:
        documents = [
            {"_id": f"{run_id}:{outcome}:{n:05d}", "run_id": run_id, "outcome": outcome, "n": n, "items": page}
            for n, page in enumerate(list(items[at : at + PAGE]) for at in range(0, len(items), PAGE))
        ]
        if documents:
            await self._pages.for_agency(agency_id).insert_many_once(documents)

    async def all(self, agency_id: str, run_id: str, outcome: Outcome) -> list[dict[str, Any]]:
        key = (agency_id, run_id, outcome)
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        pages = [doc async for doc in self._pages.for_agency(agency_id).find({"run_id": run_id, "outcome": outcome})]
        items = [item for page in sorted(pages, key=lambda doc: doc["n"]) for item in page["items"]]
        self._kept[key] = items
        if len(self._kept) > KEPT:
            self._kept.popitem(last=False)
        return items
