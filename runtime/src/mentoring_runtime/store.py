"""The document store: one client per process, and the one write primitive that is safe on every server."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import (
    AutoReconnect,
    BulkWriteError,
    ConnectionFailure,
    DuplicateKeyError,
    NetworkTimeout,
    ServerSelectionTimeoutError,
)

# Errors after which the same call may succeed later: the store is away, not the request wrong.
UNAVAILABLE = (ConnectionFailure, AutoReconnect, NetworkTimeout, ServerSelectionTimeoutError)
MAX_BACKOFF_SECONDS = 10.0

log = logging.getLogger(__name__)
T = TypeVar("T")


async def while_store_away(attempt: Callable[[], Awaitable[T]], what: str) -> T:
    """`attempt` made again, with a growing pause, for as long as the store is away; for idempotent background work
    (`what` names it in the log). Any other error is the caller's."""
    backoff = 0.1
    while True:
        try:
            return await attempt()
        except UNAVAILABLE as exc:
            log.warning("%s cannot reach the store (%s); retrying in %.1fs", what, exc, backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)


def mongo_client(url: str) -> AsyncMongoClient[dict[str, Any]]:
    return AsyncMongoClient(url, serverSelectionTimeoutMS=3000, tz_aware=True, uuidRepresentation="standard")


async def insert_once(collection: AsyncCollection[dict[str, Any]], document: dict[str, Any]) -> bool:
    """Insert unless the unique key is taken. True when this call inserted it.

    Atomic on MongoDB and FerretDB alike, unlike conditional updates, so claims and dedup rest on it.
    """
    try:
        await collection.insert_one(document)
    except DuplicateKeyError:
        return False
    return True


DUPLICATE_KEY = 11000


async def insert_many_once(
    collection: AsyncCollection[dict[str, Any]], documents: Sequence[dict[str, Any]]
) -> set[Any]:
    """Insert all in one round trip, each unless its unique key is taken; returns the `_id`s of those not inserted."""
    try:
        if documents:
            await collection.insert_many(documents, ordered=False)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        if any(error.get("code") != DUPLICATE_KEY for error in errors):
            raise
        return {documents[error["index"]]["_id"] for error in errors}
    return set()


async def store_problem(database: AsyncDatabase[dict[str, Any]]) -> str | None:
    """None when the store answers a ping on `database`, otherwise what is wrong and what to do (for /ready)."""
    try:
        await database.command("ping")
    except UNAVAILABLE as exc:
        return f"cannot reach the document store ({type(exc).__name__}); start it or check MENTORING_MONGO_URL"
    return None
