"""Databases for tests: in memory (unit speed) or on the real store, behind one fixture parameter."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar
from uuid import uuid4

import pytest
from pymongo import AsyncMongoClient

from mentoring_runtime.settings import ServiceSettings
from tests.support.memory_store import MemoryDatabase

S = TypeVar("S", bound=ServiceSettings)

IN_MEMORY_AND_REAL = [
    pytest.param("memory", marks=pytest.mark.unit),
    pytest.param("real", marks=pytest.mark.integration),
]


@asynccontextmanager
async def real_database(mongo_url: str) -> AsyncIterator[Any]:
    """A fresh database on the real store, dropped afterwards."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url, tz_aware=True)
    name = f"t{uuid4().hex[:10]}"
    try:
        yield client[name]
    finally:
        await client.drop_database(name)
        await client.close()


@asynccontextmanager
async def database_of_kind(kind: str, request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    if kind == "memory":
        yield MemoryDatabase()
    else:
        async with real_database(request.getfixturevalue("stack").mongo_url) as database:
            yield database


def fresh_settings(settings_class: type[S], stack: Any, **overrides: Any) -> S:
    """A service's settings on the test servers, in a namespace of its own: its databases and groups are new."""
    values = {
        "namespace": "t" + uuid4().hex[:10],
        "kafka_bootstrap": stack.kafka_bootstrap,
        "mongo_url": stack.mongo_url,
    }
    return settings_class(**{**values, "relay_sweep_seconds": 0.1, **overrides})


async def drop_service_database(settings: ServiceSettings, service: str) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongo_url)
    try:
        await client.drop_database(settings.database_name(service))
    finally:
        await client.close()
