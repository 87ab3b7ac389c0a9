"""Fixtures for scheduling's integration tests: the service in a fresh namespace, and a pair matched for it."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import uuid4

import httpx
import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from mentoring_contracts import Envelope, PairMatched
from scheduling.bootstrap import create_app
from scheduling.settings import SERVICE, SchedulingSettings


@dataclass(frozen=True)
class Service:
    client: httpx.AsyncClient
    database: AsyncDatabase


@pytest.fixture
async def service(stack) -> AsyncIterator[Service]:
    settings = SchedulingSettings(
        namespace=f"t{uuid4().hex[:8]}", kafka_bootstrap=stack.kafka_bootstrap, mongo_url=stack.mongo_url
    )
    mongo = AsyncMongoClient(stack.mongo_url)
    app = create_app(settings)
    running, stop = asyncio.Event(), asyncio.Event()

    async def lifespan() -> None:
        # One task enters and leaves the lifespan: its task group must not span the fixture's setup and teardown.
        async with app.lifespan():
            running.set()
            await stop.wait()

    lifespan_task = asyncio.create_task(lifespan())
    try:
        await running.wait()
        # Served in the test's own loop (AsyncTestClient runs the app in a portal thread, one request at a time),
        # so that requests sent together really interleave.
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://scheduling") as client:
            # Ready means the event log's unique (stream, version) index exists, which concurrent logs rely on.
            async with asyncio.timeout(60):
                while (await client.get("/ready")).status_code != 200:
                    await asyncio.sleep(0.3)
            yield Service(client, mongo[settings.database_name(SERVICE)])
    finally:
        stop.set()
        await lifespan_task
        await mongo.drop_database(settings.database_name(SERVICE))
        await mongo.close()


@pytest.fixture
def matched() -> Envelope:
    """PairMatched for a fresh pair of a fresh agency: person "mentor" mentors person "mentee"."""
    pair = PairMatched(
        pair_id=f"p-{uuid4().hex[:8]}", program_id="g1", run_id="r1", mentor_id="mentor", mentee_id="mentee", score=0.8
    )
    return Envelope.wrap(pair, agency_id=f"a-{uuid4().hex[:8]}", producer="matching")
