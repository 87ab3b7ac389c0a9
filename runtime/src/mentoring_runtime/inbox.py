"""Which events a service has already applied, so a redelivered event is passed over."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pymongo.asynchronous.database import AsyncDatabase

from mentoring_runtime.store import insert_once


class Inbox:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = database["inbox"]

    async def seen(self, event_id: UUID) -> bool:
        return await self.collection.find_one({"_id": str(event_id)}, projection=["_id"]) is not None

    async def mark(self, event_id: UUID, event_type: str) -> None:
        await insert_once(self.collection, {"_id": str(event_id), "event_type": event_type, "at": datetime.now(UTC)})
