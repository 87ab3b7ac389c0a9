"""Meeting notes stay with scheduling, and only the pair's members, in its agency, log its meetings."""

import asyncio
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaConsumer

from mentoring_contracts.topics import SCHEDULING_EVENTS
from mentoring_runtime.web import caller_headers
from scheduling.stores.partnerships import stream_id
from tests.support.kafka import publish

pytestmark = pytest.mark.integration

SECRET = "we talked about her divorce"
MEETING = {"held_at": "2026-03-02T10:00:00+01:00", "duration_minutes": 45}


async def test_a_logged_meeting_keeps_its_notes_out_of_every_event(stack, service, matched) -> None:
    pair_id, correlation = matched.payload.pair_id, str(uuid4())
    await publish(stack.kafka_bootstrap, [matched])
    async with asyncio.timeout(60):
        while not await service.log(matched.agency_id).stream(stream_id(pair_id)):
            await asyncio.sleep(0.3)
    response = await service.client.post(
        f"/api/v1/pairs/{pair_id}/meetings",
        json={**MEETING, "notes": SECRET},
        headers=caller_headers(matched.agency_id, "mentee", ["participant"], correlation),
    )
    assert response.status_code == 201, response.text
    assert SECRET not in response.text
    [fact] = await service.meetings(matched.agency_id, pair_id)
    assert fact.private == {"notes": SECRET, "author": "mentee", "shared": False}
    assert SECRET not in str(fact.envelope)
    assert fact.payload["meeting_id"] == response.json()["id"]
    assert fact.envelope["correlation_id"] == correlation
    assert SECRET.encode() not in await _published(stack.kafka_bootstrap, fact.envelope["event_id"])


async def test_only_the_pairs_members_in_its_agency_can_log_its_meetings(service, matched) -> None:
    agency, url = matched.agency_id, f"/api/v1/pairs/{matched.payload.pair_id}/meetings"
    for _ in range(2):  # a redelivered PairMatched leaves one partnership
        await service.knows(matched)
    formed = await service.log(agency).stream(stream_id(matched.payload.pair_id))
    assert [fact.event_type for fact in formed] == ["MembersJoined"]

    async def log(agency_id: str, actor: str, body: dict = MEETING):
        return await service.client.post(url, json=body, headers=caller_headers(agency_id, actor, [], str(uuid4())))

    outsider = await log(agency, "coordinator")
    assert outsider.status_code == 403
    assert outsider.json()["detail"] == "only the pair's mentor or mentee can log its meetings"
    assert (await log("another-agency", "mentor")).status_code == 404
    assert (await log(agency, "mentor", {**MEETING, "duration_minutes": 0})).status_code == 422
    assert await service.meetings(agency, matched.payload.pair_id) == []


async def _published(bootstrap: str, event_id: str) -> bytes:
    """The message the relay published for `event_id`, read from the start of the topic."""
    consumer = AIOKafkaConsumer(SCHEDULING_EVENTS.name, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        async with asyncio.timeout(60):
            async for record in consumer:
                if dict(record.headers).get("event_id", b"").decode() == event_id:
                    return record.value
    finally:
        await consumer.stop()
    raise AssertionError(f"{event_id} was not published")
