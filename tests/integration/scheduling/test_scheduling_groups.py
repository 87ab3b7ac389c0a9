"""A group programme's group is one partnership on the real broker and store: its members arrive from matching's
events in any order and more than once, any member logs the batch's meeting with who attended, and nobody else."""

import asyncio
import json
from typing import Any
from uuid import uuid4

import pytest

from mentoring_contracts import Envelope
from mentoring_contracts.topics import SCHEDULING_EVENTS
from mentoring_runtime.web import caller_headers
from scheduling.stores.partnerships import stream_id
from tests.support.factories import group_formed, pair_matched, wrapped
from tests.support.kafka import publish, read_topic
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration

MEETING = {"held_at": "2026-03-02T10:00:00+01:00", "duration_minutes": 90, "notes": "the batch's first session"}


class Group:
    """One mentor's group of a fresh agency, as matching publishes it: each member's pair, and the group whole."""

    def __init__(self) -> None:
        self.agency = f"a-{uuid4().hex[:8]}"
        self.group_id = f"grp-{uuid4().hex[:8]}"

    def pair(self, mentee: str) -> Envelope[Any]:
        return self._matched(pair_matched(f"{self.group_id}-{mentee}", mentee_id=mentee, group_id=self.group_id))

    def formed(self, mentees: str) -> Envelope[Any]:
        return self._matched(group_formed(self.group_id, mentees))

    def _matched(self, event: Any) -> Envelope[Any]:
        return wrapped(event, self.agency, "matching")


async def _members(service, group: Group, count: int) -> None:
    async def stored() -> int:
        stream = await service.log(group.agency).stream(stream_id(group.group_id))
        return len({m["mentee_id"] for fact in stream for m in fact.payload.get("members", ())})

    await eventually_async(stored, lambda n: n == count, what=f"{count} members of {group.group_id} stored")


async def test_members_told_in_any_order_and_twice_make_one_group_that_takes_in_a_later_member(stack, service) -> None:
    group = Group()
    # The members' pairs and the group travel under different keys, so the group may come before, between, after.
    await publish(
        stack.kafka_bootstrap,
        [group.pair("e2"), group.formed("e1 e2"), group.pair("e1"), group.formed("e1 e2"), group.pair("e2")],
    )
    await _members(service, group, 2)

    async def shown(caller: str, pair_id: str) -> dict[str, Any]:
        headers = caller_headers(group.agency, caller, [], str(uuid4()))
        response = await service.client.get(f"/api/v1/pairs/{pair_id}", headers=headers)
        assert response.status_code == 200, response.text
        return {name: response.json()[name] for name in (*whole, "mentee_ids")}

    whole = {"id": group.group_id, "program_id": "g1", "group_id": group.group_id, "mentor_id": "mentor"}
    assert await shown("e1", group.group_id) == {**whole, "mentee_ids": ["e1", "e2"]}
    await publish(stack.kafka_bootstrap, [group.formed("e1 e2 e3"), group.pair("e3")])
    await _members(service, group, 3)
    for caller, pair_id in [("e1", group.group_id), ("mentor", f"{group.group_id}-e2"), ("e3", f"{group.group_id}-e3")]:
        assert await shown(caller, pair_id) == {**whole, "mentee_ids": ["e1", "e2", "e3"]}
    stream = await service.log(group.agency).stream(stream_id(group.group_id))
    member_pairs = {m["pair_id"] for fact in stream for m in fact.payload["members"] if m.get("pair_id")}
    assert member_pairs == {f"{group.group_id}-{mentee}" for mentee in ("e1", "e2", "e3")}


async def test_a_member_logs_the_groups_meeting_with_its_attendance_and_strangers_are_refused(stack, service) -> None:
    group = Group()
    for event in (group.formed("e1 e2 e3"), group.pair("e2")):
        await service.knows(event)
    url = f"/api/v1/pairs/{group.group_id}/meetings"

    async def log(actor: str, body: dict[str, Any], agency: str = group.agency):
        return await service.client.post(url, json=body, headers=caller_headers(agency, actor, [], str(uuid4())))

    logged = await log("e2", {**MEETING, "attendee_ids": ["e3", "e2"]})
    assert logged.status_code == 201, logged.text
    everyone = await log("mentor", {**MEETING, "notes": ""})
    assert everyone.status_code == 201, everyone.text

    stranger = await log("e1", {**MEETING, "attendee_ids": ["e1", "e9"]})
    assert stranger.status_code == 422
    [error] = stranger.json()["errors"]
    assert error["field"] == "attendee_ids" and error["message"].startswith("'e9' is not a mentee of this group")
    outsider = await log("e9", MEETING)
    assert (outsider.status_code, outsider.json()["detail"]) == (
        403,
        "only the group's mentor or mentees can log its meetings",
    )
    assert (await log("e1", MEETING, agency="another-agency")).status_code == 404

    stream = await service.meetings(group.agency, group.group_id)
    assert [fact.payload["meeting_id"] for fact in stream] == [logged.json()["id"], everyone.json()["id"]]
    assert [fact.payload["attendee_ids"] for fact in stream] == [["e2", "e3"], ["e1", "e2", "e3"]]
    assert {(fact.payload["pair_id"], fact.payload["group_id"]) for fact in stream} == {(group.group_id,) * 2}
    published = await _published(stack.kafka_bootstrap, logged.json()["id"])
    assert (published["payload"]["group_id"], published["payload"]["attendee_ids"]) == (group.group_id, ["e2", "e3"])
    assert "first session" not in json.dumps(published)


async def _published(bootstrap: str, meeting_id: str) -> dict[str, Any]:
    """The MeetingLogged the relay published for `meeting_id`."""
    async with asyncio.timeout(60):
        while True:
            for record in await read_topic(bootstrap, SCHEDULING_EVENTS.name):
                envelope = json.loads(record.value)
                if envelope["payload"].get("meeting_id") == meeting_id:
                    return envelope
            await asyncio.sleep(0.5)
