"""Each service's append-only log of its own facts. The log is also the outbox.

A fact is stored with a unique (stream_id, version) key, so two writers of one stream cannot both win, and with
`published: false`, so the relay publishes it even when the process dies right after storing it.
Data that must never leave the service (meeting notes) sits in `private`, beside the fact, in the same insert.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from mentoring_contracts import Envelope, Event
from mentoring_runtime.telemetry import current_trace_carrier

COLLECTION = "event_log"


class ConcurrencyConflict(Exception):
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


class EventLog:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = database[COLLECTION]

    async def create_indexes(self) -> None:
        await self.collection.create_index([("stream_id", ASCENDING), ("version", ASCENDING)], unique=True)
        await self.collection.create_index([("published", ASCENDING), ("recorded_at", ASCENDING)])
        await self.collection.create_index([("event_type", ASCENDING), ("agency_id", ASCENDING)])

    async def version_of(self, stream_id: str) -> int:
        latest = await self.collection.find_one(
            {"stream_id": stream_id}, sort=[("version", -1)], projection=["version"]
        )
        return latest["version"] if latest else 0

    async def append(self, facts: list[NewFact], *, expected_versions: dict[str, int]) -> None:
        """Store facts after the versions the caller decided on. Raises ConcurrencyConflict if a stream moved."""
        next_version = dict(expected_versions)
        carrier = current_trace_carrier()
        now = datetime.now(UTC)
        documents = []
        for fact in facts:
            next_version[fact.stream_id] = next_version.get(fact.stream_id, 0) + 1
            envelope: Envelope[Event] = fact.envelope
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
            await self.collection.insert_many(documents, ordered=True)
        except (DuplicateKeyError, BulkWriteError) as exc:
            raise ConcurrencyConflict(f"streams {sorted(next_version)} moved on while deciding") from exc

    async def stream(self, stream_id: str) -> list[StoredFact]:
        cursor = self.collection.find({"stream_id": stream_id}).sort("version", ASCENDING)
        return [_stored(doc) async for doc in cursor]

    async def facts(self, event_type: str, agency_id: str, **payload_fields: str) -> list[StoredFact]:
        query: dict[str, Any] = {"event_type": event_type, "agency_id": agency_id}
        query.update({f"envelope.payload.{name}": value for name, value in payload_fields.items()})
        cursor = self.collection.find(query).sort([("recorded_at", ASCENDING), ("version", ASCENDING)])
        return [_stored(doc) async for doc in cursor]

    async def unpublished(self, limit: int) -> list[dict[str, Any]]:
        cursor = self.collection.find({"published": False}).sort([("recorded_at", ASCENDING), ("version", ASCENDING)])
        return await cursor.limit(limit).to_list()

    async def mark_published(self, event_ids: list[str]) -> None:
        # Only the relay writes this flag; a repeat after a crash republishes, and consumers drop the duplicate.
        await self.collection.update_many({"_id": {"$in": event_ids}}, {"$set": {"published": True}})


def _stored(doc: dict[str, Any]) -> StoredFact:
    return StoredFact(doc["stream_id"], doc["version"], doc["envelope"], doc.get("private") or {})
