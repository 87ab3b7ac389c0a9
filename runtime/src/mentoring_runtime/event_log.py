"""Each service's append-only log of its own facts. The log is also the outbox.

A fact is stored with a unique (stream_id, version) key, so two writers of one stream cannot both win, and with
`published: false`, so the relay publishes it even when the process dies right after storing it.
Data that must never leave the service (meeting notes, names) sits in `private`, beside the fact, in the same insert.
Facts are tenant data: they are read for one agency at a time (`for_agency`); only the relay reads across agencies.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from mentoring_contracts import Envelope, Event, event_class
from mentoring_runtime.errors import Conflict
from mentoring_runtime.telemetry import current_trace_carrier
from mentoring_runtime.tenancy import AgencyScope, TenantData

COLLECTION = "event_log"


class ConcurrencyConflict(Conflict):
    """Another writer appended to the stream first; reload it and decide again."""


@dataclass(frozen=True)
class NewFact:
    stream_id: str
    envelope: Envelope[Any]
    private: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredFact:
    stream_id: str
    version: int
    envelope: dict[str, Any]
    private: dict[str, Any]

    @property
    def payload(self) -> dict[str, Any]:
        return self.envelope["payload"]

    @property
    def event_type(self) -> str:
        return self.envelope["event_type"]

    def event(self) -> Event:
        """The fact as its contract class: what a fold over the stream reads."""
        return event_class(self.event_type, self.envelope["event_version"]).model_validate(self.payload)


class EventLog:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._facts = TenantData(database[COLLECTION])
        self._all = self._facts.across_agencies()

    async def create_indexes(self) -> None:
        await self._all.create_index([("stream_id", ASCENDING), ("version", ASCENDING)], unique=True)
        await self._all.create_index([("published", ASCENDING), ("recorded_at", ASCENDING)])
        await self._all.create_index([("event_type", ASCENDING), ("agency_id", ASCENDING)])

    def for_agency(self, agency_id: str) -> "AgencyLog":
        return AgencyLog(self._facts.for_agency(agency_id))

    async def version_of(self, stream_id: str) -> int:
        latest = await self._all.find_one({"stream_id": stream_id}, sort=[("version", -1)], projection=["version"])
        return latest["version"] if latest else 0

    async def append(self, facts: list[NewFact], *, expected_versions: dict[str, int]) -> None:
        """Store facts after the versions the caller decided on. Raises ConcurrencyConflict if a stream moved."""
        next_version = dict(expected_versions)
        carrier = current_trace_carrier()
        now = datetime.now(UTC)
        documents = []
        for fact in facts:
            next_version[fact.stream_id] = next_version.get(fact.stream_id, 0) + 1
            envelope = fact.envelope
            documents.append(
                {
                    "_id": str(envelope.event_id),
                    "stream_id": fact.stream_id,
                    "version": next_version[fact.stream_id],
                    "event_type": envelope.event_type,
                    "agency_id": envelope.agency_id,
                    "topic": envelope.payload.topic,
                    "key": envelope.aggregate_id,
                    "envelope": envelope.model_dump(mode="json"),
                    "private": fact.private,
                    "trace": carrier,
                    "recorded_at": now,
                    "published": False,
                }
            )
        try:
            await self._all.insert_many(documents, ordered=True)
        except (DuplicateKeyError, BulkWriteError) as exc:
            raise ConcurrencyConflict(f"streams {sorted(next_version)} moved on while deciding; retry") from exc

    async def unpublished(self, limit: int) -> list[dict[str, Any]]:
        cursor = self._all.find({"published": False}).sort([("recorded_at", ASCENDING), ("version", ASCENDING)])
        return await cursor.limit(limit).to_list()

    async def mark_published(self, event_ids: list[str]) -> None:
        # Only the relay writes this flag; a repeat after a crash republishes, and consumers drop the duplicate.
        await self._all.update_many({"_id": {"$in": event_ids}}, {"$set": {"published": True}})


class AgencyLog:
    """One agency's facts: a stream of another agency reads as empty, exactly like one that does not exist."""

    def __init__(self, facts: AgencyScope) -> None:
        self._facts = facts

    async def stream(self, stream_id: str) -> list[StoredFact]:
        cursor = self._facts.find({"stream_id": stream_id}).sort("version", ASCENDING)
        return [_stored(doc) async for doc in cursor]

    async def facts(self, event_type: str, **payload_fields: str) -> list[StoredFact]:
        """Facts of one type, oldest first, narrowed by payload fields (program_id=..., run_id=...)."""
        query: dict[str, Any] = {"event_type": event_type}
        query.update({f"envelope.payload.{name}": value for name, value in payload_fields.items()})
        cursor = self._facts.find(query).sort([("recorded_at", ASCENDING), ("version", ASCENDING)])
        return [_stored(doc) async for doc in cursor]


def _stored(doc: dict[str, Any]) -> StoredFact:
    return StoredFact(doc["stream_id"], doc["version"], doc["envelope"], doc.get("private") or {})
