"""Meetings of one pair logged at the same moment all land, each at its own version of the pair's stream."""

import asyncio
from uuid import uuid4

import pytest

from mentoring_runtime.event_log import ConcurrencyConflict, EventLog
from mentoring_runtime.web import caller_headers

pytestmark = pytest.mark.integration

MEETING = {"held_at": "2026-03-02T10:00:00Z", "duration_minutes": 30}


async def test_meetings_logged_at_once_on_one_pair_all_land(service, matched, monkeypatch) -> None:
    conflicts = _count_conflicts(monkeypatch)
    pair_id = matched.payload.pair_id
    await service.knows(matched)
    responses = await asyncio.gather(
        *(
            service.client.post(
                f"/api/v1/pairs/{pair_id}/meetings",
                json=MEETING,
                headers=caller_headers(matched.agency_id, actor, [], str(uuid4())),
            )
            for actor in ("mentor", "mentee", "mentor", "mentee", "mentor")
        )
    )
    assert [r.status_code for r in responses] == [201] * 5
    stream = await service.meetings(matched.agency_id, pair_id)
    assert [fact.version for fact in stream] == [2, 3, 4, 5, 6]  # after the partnership's forming
    assert {fact.payload["meeting_id"] for fact in stream} == {r.json()["id"] for r in responses}
    assert conflicts, "the writers never collided, so the retry went untested"


def _count_conflicts(monkeypatch) -> list[ConcurrencyConflict]:
    seen: list[ConcurrencyConflict] = []
    append = EventLog.append

    async def counting(self, fact, *, expected_version):
        try:
            return await append(self, fact, expected_version=expected_version)
        except ConcurrencyConflict as exc:
            seen.append(exc)
            raise

    monkeypatch.setattr(EventLog, "append", counting)
    return seen
