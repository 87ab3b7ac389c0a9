"""Scheduling's application services on in-memory ports."""

import pytest

from mentoring_contracts.api import LogMeeting
from mentoring_runtime.errors import Forbidden, Invalid, NotFound
from scheduling.handlers import Scheduling
from scheduling.stores import Partnerships
from tests.support.factories import caller, group_formed, pair_matched, wrapped
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit

MEETING = LogMeeting(held_at="2026-03-02T10:00:00Z", duration_minutes=30, notes="private")


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("scheduling")


def _scheduling(ports: MemoryPorts) -> Scheduling:
    """One scheduling process on the ports' store; two of them are two instances sharing it."""
    return Scheduling(Partnerships(ports.database), ports.recorder)  # type: ignore[arg-type]


@pytest.fixture
async def scheduling(ports: MemoryPorts) -> Scheduling:
    scheduling = _scheduling(ports)
    for _ in range(2):  # a redelivery changes nothing
        await scheduling.on_pair_matched(wrapped(pair_matched("p1"), "agency-a", "matching"))
    return scheduling


async def _member_joins(scheduling: Scheduling, mentee: str, agency: str = "agency-a") -> None:
    """A group member's PairMatched, pair id `p-{mentee}`, as matching publishes it in a group programme."""
    matched = pair_matched(f"p-{mentee}", mentee_id=mentee, group_id="grp1")
    await scheduling.on_pair_matched(wrapped(matched, agency, "matching"))


async def _group_formed(scheduling: Scheduling, mentees: str, agency: str = "agency-a") -> None:
    await scheduling.on_group_formed(wrapped(group_formed("grp1", mentees), agency, "matching"))


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


async def test_a_pair_is_shown_to_its_members_only(scheduling: Scheduling) -> None:
    view = await scheduling.partnership(caller("agency-a", "mentee"), "p1")
    assert view.model_dump() == {
        "id": "p1", "program_id": "g1", "group_id": None, "mentor_id": "mentor", "mentee_ids": ["mentee"],
    }  # fmt: skip
    with pytest.raises(Forbidden, match="only the pair's mentor or mentee can see it"):
        await scheduling.partnership(caller("agency-a", "someone"), "p1")
    with pytest.raises(NotFound, match="no pair or group 'p1' in your agency"):
        await scheduling.partnership(caller("agency-b", "mentee"), "p1")


@pytest.mark.parametrize("group_formed_first", [True, False])
async def test_a_groups_members_make_one_partnership_whichever_event_comes_first_and_however_often(
    ports: MemoryPorts, group_formed_first: bool
) -> None:
    scheduling = _scheduling(ports)
    for _ in range(2):
        if group_formed_first:
            await _group_formed(scheduling, "e1 e2")
        for mentee in ("e1", "e2"):
            await _member_joins(scheduling, mentee)
        if not group_formed_first:
            await _group_formed(scheduling, "e1 e2")
    assert await ports.database["group_members"].count_documents({}) == 2
    for asked_by, asked_for in [("mentor", "grp1"), ("e1", "grp1"), ("e2", "p-e2"), ("e1", "p-e2")]:
        view = await _scheduling(ports).partnership(caller("agency-a", asked_by), asked_for)  # read from the store
        assert view.model_dump() == {
            "id": "grp1", "program_id": "g1", "group_id": "grp1", "mentor_id": "mentor", "mentee_ids": ["e1", "e2"],
        }  # fmt: skip


async def test_a_member_who_joins_later_is_added_to_the_group_held(ports: MemoryPorts) -> None:
    scheduling = _scheduling(ports)
    await _group_formed(scheduling, "e1 e2")
    assert (await scheduling.partnership(caller("agency-a", "e1"), "grp1")).mentee_ids == ["e1", "e2"]
    await _member_joins(scheduling, "e3")
    assert (await scheduling.partnership(caller("agency-a", "e1"), "grp1")).mentee_ids == ["e1", "e2", "e3"]
    await _group_formed(scheduling, "e1 e2 e3 e4")
    assert (await scheduling.partnership(caller("agency-a", "e4"), "p-e3")).mentee_ids == ["e1", "e2", "e3", "e4"]


async def test_any_member_logs_the_groups_meeting_under_the_groups_id_with_its_attendance(
    ports: MemoryPorts,
) -> None:
    scheduling = _scheduling(ports)
    await _group_formed(scheduling, "e1 e2 e3")
    await scheduling.log_meeting(caller("agency-a", "e2"), "grp1", MEETING)
    named = MEETING.model_copy(update={"attendee_ids": ("e3", "e1")})
    await scheduling.log_meeting(caller("agency-a", "mentor"), "grp1", named)
    await _member_joins(scheduling, "e1")  # a member's pair id leads to the group too
    await scheduling.log_meeting(caller("agency-a", "e1"), "p-e1", MEETING)
    facts = await ports.log.for_agency("agency-a").stream("grp1")
    assert [(f.payload["logged_by"], f.payload["attendee_ids"]) for f in facts] == [
        ("e2", ["e1", "e2", "e3"]),
        ("mentor", ["e1", "e3"]),
        ("e1", ["e1", "e2", "e3"]),
    ]
    assert {(f.payload["pair_id"], f.payload["group_id"]) for f in facts} == {("grp1", "grp1")}
    assert await ports.log.for_agency("agency-a").stream("p-e1") == []


async def test_strangers_to_a_group_are_refused_by_name_and_nothing_is_stored(ports: MemoryPorts) -> None:
    scheduling = _scheduling(ports)
    await _group_formed(scheduling, "e1 e2")
    with pytest.raises(Invalid, match="'stranger' is not a mentee of this group") as refused:
        await scheduling.log_meeting(
            caller("agency-a", "e1"), "grp1", MEETING.model_copy(update={"attendee_ids": ("e1", "stranger")})
        )
    assert refused.value.field == "attendee_ids"
    with pytest.raises(Forbidden, match="only the group's mentor or mentees can log its meetings"):
        await scheduling.log_meeting(caller("agency-a", "stranger"), "grp1", MEETING)
    with pytest.raises(Forbidden, match="only the group's mentor or mentees can see it"):
        await scheduling.partnership(caller("agency-a", "stranger"), "grp1")
    with pytest.raises(NotFound):
        await scheduling.log_meeting(caller("agency-b", "e1"), "grp1", MEETING)
    assert await ports.log.for_agency("agency-a").stream("grp1") == []


async def test_a_member_another_instance_added_is_found_before_anyone_is_refused(ports: MemoryPorts) -> None:
    deciding, consuming = _scheduling(ports), _scheduling(ports)
    await _group_formed(consuming, "e1 e2")
    assert (await deciding.partnership(caller("agency-a", "e1"), "grp1")).mentee_ids == ["e1", "e2"]  # now held
    await _group_formed(consuming, "e1 e2 e3")
    with_e3 = MEETING.model_copy(update={"attendee_ids": ("e1", "e3")})
    await deciding.log_meeting(caller("agency-a", "e1"), "grp1", with_e3)
    await deciding.log_meeting(caller("agency-a", "e3"), "grp1", MEETING)
    assert (await deciding.partnership(caller("agency-a", "mentor"), "grp1")).mentee_ids == ["e1", "e2", "e3"]


async def test_a_group_read_while_members_joined_is_not_kept(ports: MemoryPorts, monkeypatch) -> None:
    scheduling = _scheduling(ports)
    await _group_formed(scheduling, "e1 e2")
    members = ports.database["group_members"]
    find = members.find

    def joining_meanwhile(filter, **options):
        cursor = find(filter, **options)  # what the store had when the read began

        async def read():
            await _group_formed(scheduling, "e1 e2 e3")
            async for document in cursor:
                yield document

        return read()

    monkeypatch.setattr(members, "find", joining_meanwhile)
    assert (await scheduling.partnership(caller("agency-a", "e1"), "grp1")).mentee_ids == ["e1", "e2"]
    monkeypatch.setattr(members, "find", find)
    assert (await scheduling.partnership(caller("agency-a", "mentor"), "grp1")).mentee_ids == ["e1", "e2", "e3"]
