"""Fixtures for scheduling's integration tests: the service in a fresh namespace, and a pair matched for it."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import httpx
import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from mentoring_contracts import Envelope
from mentoring_runtime.event_log import AgencyLog, EventLog, StoredFact
from mentoring_runtime.recording import EventRecorder
from scheduling.bootstrap import create_app, wire
from scheduling.settings import SERVICE, SchedulingSettings
from scheduling.stores.partnerships import stream_id
from tests.support.factories import pair_matched, wrapped
from tests.support.serving import serving
from tests.support.stores import drop_service_database, fresh_settings


@dataclass(frozen=True)
class Service:
    client: httpx.AsyncClient
    database: AsyncDatabase

    async def knows(self, matched: Envelope[Any]) -> None:
        """What `matched` (a PairMatched or a GroupFormed) tells scheduling, by the service's own handler, as if it
        had consumed it."""
        log = EventLog(self.database)
        await wire(log, EventRecorder(log, SERVICE)).consumed()[type(matched.payload)](matched)

    def log(self, agency_id: str) -> AgencyLog:
        return EventLog(self.database).for_agency(agency_id)

    async def meetings(self, agency_id: str, partnership_id: str) -> list[StoredFact]:
        """The meetings logged in the partnership's stream, in order."""
        stream = await self.log(agency_id).stream(stream_id(partnership_id))
        return [fact for fact in stream if fact.event_type == "MeetingLogged"]


@pytest.fixture
async def service(stack) -> AsyncIterator[Service]:
    settings = fresh_settings(SchedulingSettings, stack)
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(stack.mongo_url, tz_aware=True)
    try:
        async with serving(create_app(settings)) as client:
            yield Service(client, mongo[settings.database_name(SERVICE)])
    finally:
        await drop_service_database(settings, SERVICE)
        await mongo.close()


@pytest.fixture
def matched() -> Envelope[Any]:
    """PairMatched for a fresh pair of a fresh agency: person "mentor" mentors person "mentee"."""
    return wrapped(pair_matched(f"p-{uuid4().hex[:8]}"), f"a-{uuid4().hex[:8]}", "matching")
