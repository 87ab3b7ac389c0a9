"""Scheduling's application services on in-memory ports: partnerships formed from matching's events, and
meetings logged by their members."""

import pytest

from mentoring_contracts.api import LogMeeting
from mentoring_runtime.errors import Forbidden, Invalid, NotFound
from mentoring_runtime.event_log import StoredFact
from scheduling.bootstrap import Scheduling, wire
from tests.support.factories import caller, group_formed, pair_matched, wrapped
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit

MEETING = LogMeeting(held_at="2026-03-02T10:00:00Z", duration_minutes=30, notes="private")


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("scheduling")


def _scheduling(ports: MemoryPorts) -> Scheduling:
    """One scheduling process on the ports' store; two of them are two instances sharing it."""
    return wire(ports.log, ports.recorder)


@pytest.fixture
async def scheduling(ports: MemoryPorts) -> Scheduling:
    scheduling = _scheduling(ports)
    for _ in range(2):  # a redelivery changes nothing
        await scheduling.matches.on_matched(wrapped(pair_matched("p1"), "agency-a", "matching"))
    return scheduling


async def _meetings(ports: MemoryPorts, partnership_id: str, agency: str = "agency-a") -> list[StoredFact]:
    stream = await ports.log.for_agency(agency).stream(f"partnership:{partnership_id}")
    return [fact for fact in stream if fact.event_type == "MeetingLogged"]


async def _member_joins(scheduling: Scheduling, mentee: str, agency: str = "agency-a") -> None:
    """A group member's PairMatched, pair id `p-{mentee}`, as matching publishes it in a group programme."""
    matched = pair_matched(f"p-{mentee}", mentee_id=mentee, group_id="grp1")
    await scheduling.matches.on_matched(wrapped(matched, agency, "matching"))


async def _group_formed(scheduling: Scheduling, mentees: str, agency: str = "agency-a") -> None:
    await scheduling.matches.on_matched(wrapped(group_formed("grp1", mentees), agency, "matching"))


async def test_a_pair_matched_twice_is_one_partnership_formed_once(scheduling: Scheduling, ports: MemoryPorts) -> None:
    stream = await ports.log.for_agency("agency-a").stream("partnership:p1")
    assert [fact.event_type for fact in stream] == ["MembersJoined"]


async def test_a_member_logs_a_meeting_and_its_notes_stay_beside_the_fact(
    scheduling: Scheduling, ports: MemoryPorts
) -> None:
    meeting_id = await scheduling.meetings.log_meeting(caller("agency-a", "mentee", "mentee"), "p1", MEETING)
    [fact] = await _meetings(ports, "p1")
    assert fact.payload["meeting_id"] == meeting_id
    assert fact.private == {"notes": "private", "author": "mentee", "shared": False}
    assert "private" not in str(fact.envelope)


async def test_meetings_of_one_pair_follow_each_other_in_its_stream(scheduling: Scheduling, ports: MemoryPorts) -> None:
    for member in ("mentor", "mentee", "mentor"):
        await scheduling.meetings.log_meeting(caller("agency-a", member, "mentee"), "p1", MEETING)
    assert [fact.version for fact in await _meetings(ports, "p1")] == [2, 3, 4]
    view = await scheduling.partnerships.partnership(caller("agency-a", "mentor", "mentor"), "p1")
    assert view.last_met_at == MEETING.held_at


async def test_outsiders_and_other_agencies_are_refused_and_nothing_is_stored(
    scheduling: Scheduling, ports: MemoryPorts
) -> None:
    with pytest.raises(Forbidden, match="only the pair's mentor or mentee"):
        await scheduling.meetings.log_meeting(caller("agency-a", "coordinator"), "p1", MEETING)
    with pytest.raises(NotFound):
        await scheduling.meetings.log_meeting(caller("agency-b", "mentor", "mentor"), "p1", MEETING)
    assert await _meetings(ports, "p1") == []


async def test_a_pair_is_shown_to_its_members_and_its_coordinator_only(scheduling: Scheduling) -> None:
    view = await scheduling.partnerships.partnership(caller("agency-a", "mentee", "mentee"), "p1")
    assert (view.id, view.program_id, view.group_id, view.mentor_id, view.mentee_ids) == (
        "p1", "g1", None, "mentor", ["mentee"],
    )  # fmt: skip
    assert (view.status, view.active_since, view.ended_at) == ("pending_agreement", None, None)
    assert await scheduling.partnerships.partnership(caller("agency-a", "coord-1"), "p1") == view
    with pytest.raises(Forbidden, match="only the pair's mentor or mentee or the programme's coordinator can see it"):
        await scheduling.partnerships.partnership(caller("agency-a", "someone", "mentee"), "p1")
    with pytest.raises(NotFound, match="no pair or group 'p1' in your agency"):
        await scheduling.partnerships.partnership(caller("agency-b", "mentee", "mentee"), "p1")


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
    stream = await ports.log.for_agency("agency-a").stream("partnership:grp1")
    assert len(stream) == (3 if group_formed_first else 2)  # the group formed, then only what was new about it
    for asked_by, asked_for in [("mentor", "grp1"), ("e1", "grp1"), ("e2", "p-e2"), ("e1", "p-e2")]:
        view = await _scheduling(ports).partnerships.partnership(caller("agency-a", asked_by, "mentee"), asked_for)
        assert (view.id, view.group_id, view.mentor_id, view.mentee_ids) == ("grp1", "grp1", "mentor", ["e1", "e2"])


async def test_a_member_who_joins_later_is_added_to_the_group_held(ports: MemoryPorts) -> None:
    scheduling = _scheduling(ports)
    e1 = caller("agency-a", "e1", "mentee")
    await _group_formed(scheduling, "e1 e2")
    assert (await scheduling.partnerships.partnership(e1, "grp1")).mentee_ids == ["e1", "e2"]
    await _member_joins(scheduling, "e3")
    assert (await scheduling.partnerships.partnership(e1, "grp1")).mentee_ids == ["e1", "e2", "e3"]
    await _group_formed(scheduling, "e1 e2 e3 e4")
    e4 = caller("agency-a", "e4", "mentee")
    assert (await scheduling.partnerships.partnership(e4, "p-e3")).mentee_ids == ["e1", "e2", "e3", "e4"]


async def test_any_member_logs_the_groups_meeting_under_the_groups_id_with_its_attendance(
    ports: MemoryPorts,
) -> None:
    scheduling = _scheduling(ports)
    await _group_formed(scheduling, "e1 e2 e3")
    await scheduling.meetings.log_meeting(caller("agency-a", "e2", "mentee"), "grp1", MEETING)
    named = MEETING.model_copy(update={"attendee_ids": ("e3", "e1")})
    await scheduling.meetings.log_meeting(caller("agency-a", "mentor", "mentor"), "grp1", named)
    await _member_joins(scheduling, "e1")  # a member's pair id leads to the group too
    await scheduling.meetings.log_meeting(caller("agency-a", "e1", "mentee"), "p-e1", MEETING)
    facts = await _meetings(ports, "grp1")
    assert [(f.payload["logged_by"], f.payload["attendee_ids"]) for f in facts] == [
        ("e2", ["e1", "e2", "e3"]),
        ("mentor", ["e1", "e3"]),
        ("e1", ["e1", "e2", "e3"]),
    ]
    assert {(f.payload["pair_id"], f.payload["group_id"]) for f in facts} == {("grp1", "grp1")}
    assert await ports.log.for_agency("agency-a").stream("partnership:p-e1") == []


async def test_strangers_to_a_group_are_refused_by_name_and_nothing_is_stored(ports: MemoryPorts) -> None:
    scheduling = _scheduling(ports)
    await _group_formed(scheduling, "e1 e2")
    e1 = caller("agency-a", "e1", "mentee")
    with pytest.raises(Invalid, match="'stranger' is not a mentee of this group") as refused:
        await scheduling.meetings.log_meeting(
            e1, "grp1", MEETING.model_copy(update={"attendee_ids": ("e1", "stranger")})
        )
    assert refused.value.field == "attendee_ids"
    stranger = caller("agency-a", "stranger", "mentee")
    with pytest.raises(Forbidden, match="only the group's mentor or mentees can log its meetings"):
        await scheduling.meetings.log_meeting(stranger, "grp1", MEETING)
    with pytest.raises(Forbidden, match="only the group's mentor or mentees or the programme's coordinator can see"):
        await scheduling.partnerships.partnership(stranger, "grp1")
    with pytest.raises(NotFound):
        await scheduling.meetings.log_meeting(caller("agency-b", "e1", "mentee"), "grp1", MEETING)
    assert await _meetings(ports, "grp1") == []


async def test_a_member_another_instance_added_is_found_before_anyone_is_refused(ports: MemoryPorts) -> None:
    deciding, consuming = _scheduling(ports), _scheduling(ports)
    await _group_formed(consuming, "e1 e2")
    mentor = caller("agency-a", "mentor", "mentor")
    assert (await deciding.partnerships.partnership(mentor, "grp1")).mentee_ids == ["e1", "e2"]  # now held
    await _group_formed(consuming, "e1 e2 e3")
    with_e3 = MEETING.model_copy(update={"attendee_ids": ("e1", "e3")})
    await deciding.meetings.log_meeting(caller("agency-a", "e1", "mentee"), "grp1", with_e3)
    await deciding.meetings.log_meeting(caller("agency-a", "e3", "mentee"), "grp1", MEETING)
    assert (await deciding.partnerships.partnership(mentor, "grp1")).mentee_ids == ["e1", "e2", "e3"]


async def test_a_partnership_another_instance_formed_after_this_one_started_is_found(ports: MemoryPorts) -> None:
    started = _scheduling(ports)
    await started.held_partnerships.warm()  # holds the agency whole: nothing is read on demand any more
    await _scheduling(ports).matches.on_matched(wrapped(pair_matched("p9"), "agency-a", "matching"))
    view = await started.partnerships.partnership(caller("agency-a", "mentee", "mentee"), "p9")
    assert view.id == "p9"
