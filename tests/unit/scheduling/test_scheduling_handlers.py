"""Scheduling's application services on in-memory ports."""

import pytest

from mentoring_contracts.api import LogMeeting
from mentoring_runtime.errors import Forbidden, NotFound
from scheduling.handlers import Scheduling
from scheduling.stores import Partnerships
from tests.support.factories import caller, pair_matched, wrapped
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit

MEETING = LogMeeting(held_at="2026-03-02T10:00:00Z", duration_minutes=30, notes="private")


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("scheduling")


@pytest.fixture
async def scheduling(ports: MemoryPorts) -> Scheduling:
    scheduling = Scheduling(Partnerships(ports.database), ports.recorder)  # type: ignore[arg-type]
    for _ in range(2):  # a redelivery changes nothing
        await scheduling.on_pair_matched(wrapped(pair_matched("p1"), "agency-a", "matching"))
    return scheduling


async def test_a_member_logs_a_meeting_and_its_notes_stay_beside_the_fact(
    scheduling: Scheduling, ports: MemoryPorts
) -> None:
    meeting_id = await scheduling.log_meeting(caller("agency-a", "mentee"), "p1", MEETING)
    [fact] = await ports.log.for_agency("agency-a").stream("p1")
    assert fact.payload["meeting_id"] == meeting_id
    assert fact.private == {"notes": "private", "author": "mentee"}
    assert "private" not in str(fact.envelope)


async def test_meetings_of_one_pair_follow_each_other_in_its_stream(scheduling: Scheduling, ports: MemoryPorts) -> None:
    for member in ("mentor", "mentee", "mentor"):
        await scheduling.log_meeting(caller("agency-a", member), "p1", MEETING)
    assert [fact.version for fact in await ports.log.for_agency("agency-a").stream("p1")] == [1, 2, 3]


async def test_outsiders_and_other_agencies_are_refused_and_nothing_is_stored(
    scheduling: Scheduling, ports: MemoryPorts
) -> None:
    with pytest.raises(Forbidden, match="only the pair's mentor or mentee"):
        await scheduling.log_meeting(caller("agency-a", "coordinator"), "p1", MEETING)
    with pytest.raises(NotFound):
        await scheduling.log_meeting(caller("agency-b", "mentor"), "p1", MEETING)
    assert await ports.log.for_agency("agency-a").stream("p1") == []
