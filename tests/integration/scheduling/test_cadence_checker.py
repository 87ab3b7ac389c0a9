"""The cadence checker on the real broker and store: two scheduling instances check the same partnerships at once,
one is restarted, and still each missed period's MeetingOverdue, and each PartnershipInactive, goes on the wire once.

Both instances run the checker on a short timer with one controlled clock, each on its share of the partnerships,
and the shares change as the second stops and comes back; a third checker that read the partnerships before any
report checks them all afterwards, loses every (stream, version) race, and reads the reports back."""

import json
from collections import Counter
from contextlib import AsyncExitStack
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from pymongo import AsyncMongoClient

from mentoring_contracts.topics import SCHEDULING_EVENTS
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.recording import EventRecorder
from mentoring_runtime.web import caller_headers
from scheduling.bootstrap import Scheduling, create_app, wire
from scheduling.handlers.cadence import CadenceChecker, Pass
from scheduling.settings import SERVICE, SchedulingSettings
from tests.support.cadence import SIGNED_AT, Clock, signed
from tests.support.conflicts import count_conflicts
from tests.support.factories import pair_matched, wrapped
from tests.support.kafka import read_topic
from tests.support.serving import serving
from tests.support.stores import drop_service_database, fresh_settings
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration

PAIRS = 12
REPORTS = {"MeetingOverdue", "PartnershipInactive"}
DAY = timedelta(days=1)


async def test_two_instances_and_a_restart_put_each_report_on_the_wire_once(stack, monkeypatch) -> None:
    conflicts = count_conflicts(monkeypatch)
    clock = Clock()
    settings = fresh_settings(SchedulingSettings, stack, cadence_check_seconds=0.2)
    agency_id, pair_ids = f"a-{uuid4().hex[:8]}", [f"p-{uuid4().hex[:8]}" for _ in range(PAIRS)]
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    try:
        log = EventLog(mongo[settings.database_name(SERVICE)])
        await log.create_indexes()
        await _active_pairs(wire(log, EventRecorder(log, SERVICE), clock), agency_id, pair_ids)
        # a checker that read everything now and checks every partnership: it races whoever reports first
        behind = wire(log, EventRecorder(log, SERVICE), clock)
        await behind.held_programs.warm()
        await behind.held_partnerships.warm()
        async with AsyncExitStack() as running:
            await running.enter_async_context(serving(create_app(settings, now=clock)))
            async with serving(create_app(settings, now=clock)) as second:
                clock.now = SIGNED_AT + 16 * DAY  # two weekly periods missed and settled
                await _until_recorded(settings, agency_id, 2 * PAIRS)
                assert await _overdue_listed(second, agency_id) == sorted(pair_ids)
            # the second instance is gone; it comes back, reads everything again, and both check on
            await running.enter_async_context(serving(create_app(settings, now=clock)))
            clock.now = SIGNED_AT + 90 * DAY  # four more periods in the last 30 days, and 90 days without a meeting
            await _until_recorded(settings, agency_id, (2 + 4 + 1) * PAIRS)
            late = CadenceChecker(behind.held_partnerships, behind.held_programs, clock)
            assert await late.check() == Pass(checked=PAIRS, reported=0)  # it lost every race, and read the reports
            assert len(conflicts) >= PAIRS
            await _until_recorded(settings, agency_id, (2 + 4 + 1) * PAIRS)

        published = await _published(stack.kafka_bootstrap, agency_id, (2 + 4 + 1) * PAIRS)
        told = Counter((p["pair_id"], event_type, p.get("period_end")) for event_type, p in published)
        assert set(told.values()) == {1}, f"reported more than once: {[key for key, n in told.items() if n > 1]}"
        for pair_id in pair_ids:
            periods = sorted(end for (pair, kind, end) in told if pair == pair_id and kind == "MeetingOverdue")
            assert [end[:10] for end in periods] == [
                (SIGNED_AT + week * 7 * DAY).date().isoformat() for week in (1, 2, 9, 10, 11, 12)
            ]
            assert (pair_id, "PartnershipInactive", None) in told
    finally:
        await mongo.close()
        await drop_service_database(settings, SERVICE)


async def _active_pairs(scheduling: Scheduling, agency_id: str, pair_ids: list[str]) -> None:
    """Pairs matched and their agreement signed at SIGNED_AT, by scheduling's own application services on the store,
    before the instances start: each holds them all from the start."""
    for pair_id in pair_ids:
        await scheduling.matches.on_matched(wrapped(pair_matched(pair_id), agency_id, "matching"))
        await signed(scheduling, pair_id, agency_id)


async def _until_recorded(settings: SchedulingSettings, agency_id: str, expected: int) -> None:
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    try:
        facts = mongo[settings.database_name(SERVICE)]["event_log"]

        async def recorded() -> int:
            return await facts.count_documents({"agency_id": agency_id, "event_type": {"$in": sorted(REPORTS)}})

        await eventually_async(recorded, lambda n: n >= expected, timeout=60, what=f"{expected} reports recorded")
        assert await recorded() == expected
    finally:
        await mongo.close()


async def _overdue_listed(client: Any, agency_id: str) -> list[str]:
    response = await client.get(
        "/api/v1/programs/g1/partnerships",
        params={"status": "overdue", "limit": 100},
        headers=caller_headers(agency_id, "coord-1", ["coordinator"], str(uuid4())),
    )
    assert response.status_code == 200, response.text
    return sorted(item["id"] for item in response.json()["items"])


async def _published(bootstrap: str, agency_id: str, expected: int) -> list[tuple[str, dict[str, Any]]]:
    """The agency's cadence reports on `scheduling.events`, once at least `expected` are there."""

    async def reports() -> list[tuple[str, dict[str, Any]]]:
        found = []
        for record in await read_topic(bootstrap, SCHEDULING_EVENTS.name):
            envelope = json.loads(record.value)
            if envelope["agency_id"] == agency_id and envelope["event_type"] in REPORTS:
                found.append((envelope["event_type"], envelope["payload"]))
        return found

    return await eventually_async(reports, lambda found: len(found) >= expected, timeout=60, what="reports published")
