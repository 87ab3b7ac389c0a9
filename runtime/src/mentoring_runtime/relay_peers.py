"""Which of a service's instances publishes its outbox: the one that started first among those alive.

Every instance's relay beats a heartbeat in the service's own store. The oldest instance that beat within
`LIVE_BEATS` periods is the publisher; the others leave their facts to it. So in normal operation one process
publishes, each fact once and every key's facts in order, whichever instance stored them. A newcomer never takes
over from a live publisher, and a dead one's place passes to the next oldest within `LIVE_BEATS` beats. While the
two overlap (a publisher that stalled past its beats and came back) a fact may go out twice, which idempotent
consumers absorb; it is never lost. An instance that knows it is alone keeps the single-process fast path.
"""

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from pymongo.asynchronous.database import AsyncDatabase

from mentoring_runtime.store import insert_once

COLLECTION = "relay_instances"
LIVE_BEATS = 3
# A heartbeat this old belongs to an instance long gone; an instance joining clears those, so the collection stays a
# handful of rows.
FORGOTTEN_AFTER = timedelta(hours=1)


def instance_name() -> str:
    """This process, as operators find it in logs: host, pid and a random part (pids repeat across restarts)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid4().hex[:6]}"


@dataclass(frozen=True)
class RelayRole:
    publishes: bool
    alone: bool
    rank: int = 0  # this instance's place among the live ones, oldest first: for work they share out
    instances: int = 1  # how many instances are live


class RelayPeers:
    def __init__(self, database: AsyncDatabase[dict[str, Any]], *, instance: str, beat_seconds: float) -> None:
        self._instances = database[COLLECTION]
        self.instance = instance
        self.beat_seconds = beat_seconds

    async def beat(self) -> RelayRole:
        """Say this instance is alive, and learn whether it publishes and whether it has live peers."""
        now = datetime.now(UTC)
        await self._instances.update_one({"_id": self.instance}, {"$set": {"seen_at": now}})
        known = [doc async for doc in self._instances.find({})]
        if all(doc["_id"] != self.instance for doc in known):
            # The first beat, or one after a stall long enough to be forgotten: either way the newest instance.
            await self._instances.delete_many({"seen_at": {"$lt": now - FORGOTTEN_AFTER}})
            ours = {"_id": self.instance, "started_at": now, "seen_at": now}
            await insert_once(self._instances, ours)
            known.append(ours)
        alive_since = now - timedelta(seconds=self.beat_seconds * LIVE_BEATS)
        live = [doc for doc in known if doc["seen_at"] >= alive_since or doc["_id"] == self.instance]
        oldest_first = sorted(live, key=lambda doc: (doc["started_at"], doc["_id"]))
        rank = next(place for place, doc in enumerate(oldest_first) if doc["_id"] == self.instance)
        return RelayRole(publishes=rank == 0, alone=len(live) == 1, rank=rank, instances=len(live))

    async def leave(self) -> None:
        """Step down at shutdown, so the next oldest publishes at its next beat rather than after LIVE_BEATS."""
        await self._instances.delete_one({"_id": self.instance})
