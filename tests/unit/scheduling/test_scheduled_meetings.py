"""Scheduled meetings: a member schedules, moves and cancels them, and the published facts say when and where, never
the agenda; held or cancelled they stay as they were; the first one carries the guidance's checklist; logging a
meeting may name the scheduled one it held; a partnership that ended takes no more."""

from datetime import UTC, datetime

import pytest

from mentoring_contracts.api import (
    ChangeScheduledMeeting,
    DissolvePartnership,
    LogMeeting,
    PageQuery,
    ScheduledMeetingView,
    ScheduleMeeting,
)
from mentoring_contracts.names import FirstMeetingItem, MeetingMode, ScheduledMeetingStatus
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from mentoring_runtime.event_log import StoredFact
from tests.support.factories import caller
from tests.support.lifecycle import Lifecycle, coordinator, member

pytestmark = pytest.mark.unit

MENTOR, MENTEE = member("mentor"), member("mentee")
STARTS = datetime(2026, 3, 10, 14, tzinfo=UTC)
AGENDA = "talk about the reorganisation and my manager"
IN_PERSON = ScheduleMeeting(
    starts_at=STARTS, duration_minutes=60, mode=MeetingMode.IN_PERSON, location="Room 4.12", agenda=AGENDA
)
VIRTUAL = ScheduleMeeting(
    starts_at=STARTS, duration_minutes=45, mode=MeetingMode.VIRTUAL, link="https://meet.example/abc"
)


@pytest.fixture
async def life() -> Lifecycle:
    life = await Lifecycle.started()
    await life.pair("p1")
    return life


def patch(**fields: object) -> ChangeScheduledMeeting:
    """A PATCH body with exactly these fields sent, nulls included."""
    return ChangeScheduledMeeting.model_validate(fields)


async def _facts(life: Lifecycle, kind: str, pair_id: str = "p1") -> list[StoredFact]:
    return [fact for fact in await life.stream(pair_id) if fact.event_type == kind]


async def _meeting(life: Lifecycle, meeting_id: str, pair_id: str = "p1") -> ScheduledMeetingView:
    listed = await life.scheduling.meetings.scheduled_meetings(MENTEE, pair_id, PageQuery())
    [found] = [meeting for meeting in listed.items if meeting.id == meeting_id]
    return found


async def test_a_member_schedules_a_meeting_published_without_its_agenda(life: Lifecycle) -> None:
    meeting_id = await life.scheduling.meetings.schedule_meeting(MENTEE, "p1", IN_PERSON)
    [fact] = await _facts(life, "MeetingScheduled")
    assert fact.payload == {
        "pair_id": "p1", "program_id": "g1", "meeting_id": meeting_id, "starts_at": "2026-03-10T14:00:00Z",
        "duration_minutes": 60, "mode": "in_person", "location": "Room 4.12", "link": None, "scheduled_by": "mentee",
    }  # fmt: skip
    assert fact.private == {"agenda": AGENDA}
    assert AGENDA not in str(fact.envelope)
    view = await _meeting(life, meeting_id)
    assert (view.pair_id, view.starts_at, view.mode, view.location, view.agenda) == (
        "p1", STARTS, MeetingMode.IN_PERSON, "Room 4.12", AGENDA,
    )  # fmt: skip
    assert (view.status, view.scheduled_by) == (ScheduledMeetingStatus.SCHEDULED, "mentee")


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (IN_PERSON.model_copy(update={"location": None}), "location", "an in-person meeting needs a location"),
        (VIRTUAL.model_copy(update={"link": None, "location": "Room 1"}), "link", "a virtual meeting needs a link"),
    ],
)
async def test_a_meeting_says_where_or_how_to_join_or_is_refused_naming_the_field(
    life: Lifecycle, body: ScheduleMeeting, field: str, message: str
) -> None:
    with pytest.raises(Invalid, match=message) as refused:
        await life.scheduling.meetings.schedule_meeting(MENTOR, "p1", body)
    assert refused.value.field == field
    assert await life.kinds() == ["MembersJoined"]


async def test_a_retried_request_schedules_the_meeting_once(life: Lifecycle) -> None:
    keyed = caller("agency-a", "mentor", "mentor", request_key="k1")
    first = await life.scheduling.meetings.schedule_meeting(keyed, "p1", VIRTUAL)
    assert await life.scheduling.meetings.schedule_meeting(keyed, "p1", VIRTUAL) == first
    assert len(await _facts(life, "MeetingScheduled")) == 1


async def test_meetings_are_listed_soonest_first_and_paged(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    later = await meetings.schedule_meeting(
        MENTOR, "p1", VIRTUAL.model_copy(update={"starts_at": STARTS.replace(day=20)})
    )
    sooner = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    first_page = await meetings.scheduled_meetings(MENTEE, "p1", PageQuery(limit=1))
    assert [m.id for m in first_page.items] == [sooner] and first_page.next_cursor == sooner
    last_page = await meetings.scheduled_meetings(MENTEE, "p1", PageQuery(limit=1, cursor=sooner))
    assert ([m.id for m in last_page.items], last_page.next_cursor) == ([later], None)


async def test_a_reschedule_publishes_the_meeting_as_it_now_is(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    meeting_id = await meetings.schedule_meeting(MENTOR, "p1", IN_PERSON)
    moved = STARTS.replace(hour=16)
    view = await meetings.change_scheduled_meeting(MENTEE, "p1", meeting_id, patch(starts_at=moved))
    assert (view.starts_at, view.location, view.agenda, view.scheduled_by) == (moved, "Room 4.12", AGENDA, "mentor")
    [fact] = await _facts(life, "MeetingRescheduled")
    assert fact.payload == {
        "pair_id": "p1", "program_id": "g1", "meeting_id": meeting_id, "starts_at": "2026-03-10T16:00:00Z",
        "duration_minutes": 60, "mode": "in_person", "location": "Room 4.12", "link": None,
        "rescheduled_by": "mentee",
    }  # fmt: skip
    assert AGENDA not in str(fact.envelope)


async def test_a_meeting_moved_online_needs_its_link_and_keeps_its_place_unless_cleared(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    meeting_id = await meetings.schedule_meeting(MENTOR, "p1", IN_PERSON)
    with pytest.raises(Invalid, match="a virtual meeting needs a link") as refused:
        await meetings.change_scheduled_meeting(MENTOR, "p1", meeting_id, patch(mode="virtual"))
    assert refused.value.field == "link"
    with pytest.raises(Invalid, match="an in-person meeting needs a location") as refused:
        await meetings.change_scheduled_meeting(MENTOR, "p1", meeting_id, patch(location=None))
    assert refused.value.field == "location"
    online = patch(mode="virtual", link="https://meet.example/x", location=None)
    view = await meetings.change_scheduled_meeting(MENTOR, "p1", meeting_id, online)
    assert (view.mode, view.link, view.location) == (MeetingMode.VIRTUAL, "https://meet.example/x", None)
    assert len(await _facts(life, "MeetingRescheduled")) == 1


@pytest.mark.parametrize(
    "unchanged",
    [
        {},
        {"starts_at": STARTS, "duration_minutes": 60, "mode": "in_person", "location": "Room 4.12", "agenda": AGENDA},
        {"starts_at": None, "duration_minutes": None, "mode": None, "agenda": None},
    ],
)
async def test_a_change_that_changes_nothing_records_nothing(life: Lifecycle, unchanged: dict[str, object]) -> None:
    meetings = life.scheduling.meetings
    meeting_id = await meetings.schedule_meeting(MENTOR, "p1", IN_PERSON)
    view = await meetings.change_scheduled_meeting(MENTOR, "p1", meeting_id, patch(**unchanged))
    assert view == await _meeting(life, meeting_id)
    assert (view.starts_at, view.duration_minutes, view.mode, view.agenda) == (STARTS, 60, "in_person", AGENDA)
    assert await life.kinds() == ["MembersJoined", "MeetingScheduled"]


async def test_a_cancelled_meeting_no_longer_changes(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    meeting_id = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    view = await meetings.cancel_scheduled_meeting(MENTEE, "p1", meeting_id)
    assert view.status is ScheduledMeetingStatus.CANCELLED
    [fact] = await _facts(life, "MeetingCancelled")
    assert fact.payload == {"pair_id": "p1", "program_id": "g1", "meeting_id": meeting_id, "cancelled_by": "mentee"}
    refusal = f"the meeting '{meeting_id}' is cancelled: it no longer changes"
    with pytest.raises(Conflict, match=refusal):
        await meetings.cancel_scheduled_meeting(MENTOR, "p1", meeting_id)
    with pytest.raises(Conflict, match=refusal):
        await meetings.change_scheduled_meeting(MENTOR, "p1", meeting_id, patch(duration_minutes=30))
    with pytest.raises(Conflict, match=refusal):
        await meetings.change_scheduled_meeting(MENTOR, "p1", meeting_id, patch(checklist_done=["goals"]))
    log = LogMeeting(held_at=STARTS, duration_minutes=45, scheduled_meeting_id=meeting_id)
    with pytest.raises(Conflict, match=f"the scheduled meeting '{meeting_id}' is cancelled: log it without it"):
        await meetings.log_meeting(MENTOR, "p1", log)
    assert (await life.kinds())[-1] == "MeetingCancelled"


async def test_logging_a_meeting_that_held_a_scheduled_one_marks_it_held(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    meeting_id = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    log = LogMeeting(held_at=STARTS, duration_minutes=50, notes="went well", scheduled_meeting_id=meeting_id)
    logged_id = await meetings.log_meeting(MENTEE, "p1", log)
    [fact] = await _facts(life, "MeetingLogged")
    assert (fact.payload["meeting_id"], fact.payload["scheduled_meeting_id"]) == (logged_id, meeting_id)
    assert (await _meeting(life, meeting_id)).status is ScheduledMeetingStatus.HELD
    refusal = f"the meeting '{meeting_id}' is held: it no longer changes"
    with pytest.raises(Conflict, match=refusal):
        await meetings.change_scheduled_meeting(MENTOR, "p1", meeting_id, patch(starts_at=STARTS.replace(hour=9)))
    with pytest.raises(Conflict, match=refusal):
        await meetings.cancel_scheduled_meeting(MENTOR, "p1", meeting_id)
    with pytest.raises(Conflict, match="is held: log it without it"):
        await meetings.log_meeting(MENTOR, "p1", log)
    assert len(await _facts(life, "MeetingLogged")) == 1


async def test_logging_a_meeting_for_an_unknown_scheduled_one_is_refused_naming_the_field(life: Lifecycle) -> None:
    log = LogMeeting(held_at=STARTS, duration_minutes=50, scheduled_meeting_id="nope")
    with pytest.raises(Invalid, match="no scheduled meeting 'nope' in this pair") as refused:
        await life.scheduling.meetings.log_meeting(MENTOR, "p1", log)
    assert refused.value.field == "scheduled_meeting_id"
    assert await life.kinds() == ["MembersJoined"]


async def test_a_retried_log_records_the_meeting_once(life: Lifecycle) -> None:
    keyed = caller("agency-a", "mentee", "mentee", request_key="k1")
    log = LogMeeting(held_at=STARTS, duration_minutes=50)
    first = await life.scheduling.meetings.log_meeting(keyed, "p1", log)
    assert await life.scheduling.meetings.log_meeting(keyed, "p1", log) == first
    assert len(await _facts(life, "MeetingLogged")) == 1


async def test_unknown_meetings_are_not_found(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    with pytest.raises(NotFound, match="no scheduled meeting 'nope' in this pair"):
        await meetings.change_scheduled_meeting(MENTOR, "p1", "nope", patch(duration_minutes=30))
    with pytest.raises(NotFound, match="no scheduled meeting 'nope' in this pair"):
        await meetings.cancel_scheduled_meeting(MENTOR, "p1", "nope")


# The first meeting's checklist


async def test_the_first_meeting_has_the_checklist_which_members_tick(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    first = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    second = await meetings.schedule_meeting(
        MENTOR, "p1", VIRTUAL.model_copy(update={"starts_at": STARTS.replace(day=24)})
    )
    view = await _meeting(life, first)
    assert view.checklist is not None
    assert [(c.item, c.done) for c in view.checklist] == [(item, False) for item in FirstMeetingItem]
    assert (await _meeting(life, second)).checklist is None
    ticked = await meetings.change_scheduled_meeting(
        MENTEE, "p1", first, patch(checklist_done=["goals", "introductions"])
    )
    assert ticked.checklist is not None
    assert {c.item for c in ticked.checklist if c.done} == {FirstMeetingItem.GOALS, FirstMeetingItem.INTRODUCTIONS}
    [fact] = await _facts(life, "ChecklistTicked")
    assert fact.payload == {
        "pair_id": "p1",
        "meeting_id": first,
        "done": ["introductions", "goals"],
        "ticked_by": "mentee",
    }
    await meetings.change_scheduled_meeting(MENTOR, "p1", first, patch(checklist_done=["introductions", "goals"]))
    assert len(await _facts(life, "ChecklistTicked")) == 1  # the same items: nothing new
    untick = await meetings.change_scheduled_meeting(MENTOR, "p1", first, patch(checklist_done=[]))
    assert untick.checklist is not None and not any(c.done for c in untick.checklist)


async def test_when_the_first_meeting_is_cancelled_the_next_one_scheduled_has_the_checklist(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    first = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    await meetings.cancel_scheduled_meeting(MENTEE, "p1", first)
    instead = await meetings.schedule_meeting(MENTEE, "p1", VIRTUAL)
    assert (await _meeting(life, instead)).checklist is not None
    later = await meetings.schedule_meeting(MENTEE, "p1", VIRTUAL)
    assert (await _meeting(life, later)).checklist is None


async def test_other_meetings_refuse_the_checklist_and_nothing_of_the_change_is_stored(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    second = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    change = patch(duration_minutes=30, checklist_done=["goals"])
    with pytest.raises(Invalid, match="only the partnership's first meeting has the checklist") as refused:
        await meetings.change_scheduled_meeting(MENTOR, "p1", second, change)
    assert refused.value.field == "checklist_done"
    assert (await _meeting(life, second)).duration_minutes == 45
    assert await life.kinds() == ["MembersJoined", "MeetingScheduled", "MeetingScheduled"]


async def test_one_change_moves_the_first_meeting_and_ticks_its_checklist(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    first = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    view = await meetings.change_scheduled_meeting(
        MENTOR, "p1", first, patch(duration_minutes=90, checklist_done=["schedule"])
    )
    assert view.duration_minutes == 90 and view.checklist is not None
    assert [c.item for c in view.checklist if c.done] == [FirstMeetingItem.SCHEDULE]
    assert (await life.kinds())[-2:] == ["MeetingRescheduled", "ChecklistTicked"]


async def test_the_first_meetings_checklist_is_ticked_after_it_was_logged_as_held(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    first = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    await meetings.log_meeting(
        MENTOR, "p1", LogMeeting(held_at=STARTS, duration_minutes=45, scheduled_meeting_id=first)
    )
    view = await meetings.change_scheduled_meeting(MENTEE, "p1", first, patch(checklist_done=["ground_rules"]))
    assert view.status is ScheduledMeetingStatus.HELD and view.checklist is not None
    assert [c.item for c in view.checklist if c.done] == [FirstMeetingItem.GROUND_RULES]


async def test_a_meeting_scheduled_after_one_was_held_has_no_checklist(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    await meetings.log_meeting(MENTOR, "p1", LogMeeting(held_at=STARTS, duration_minutes=45))
    later = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    assert (await _meeting(life, later)).checklist is None


# Who may, and when


async def test_only_members_schedule_list_change_or_cancel_meetings(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    meeting_id = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    for outsider in (member("stranger"), coordinator()):
        with pytest.raises(Forbidden, match="only the pair's mentor or mentee can schedule its meetings"):
            await meetings.schedule_meeting(outsider, "p1", VIRTUAL)
        with pytest.raises(Forbidden, match="only the pair's mentor or mentee can see its meetings"):
            await meetings.scheduled_meetings(outsider, "p1", PageQuery())
        with pytest.raises(Forbidden, match="only the pair's mentor or mentee can change its meetings"):
            await meetings.change_scheduled_meeting(outsider, "p1", meeting_id, patch(duration_minutes=30))
        with pytest.raises(Forbidden, match="only the pair's mentor or mentee can cancel its meetings"):
            await meetings.cancel_scheduled_meeting(outsider, "p1", meeting_id)
    with pytest.raises(NotFound):
        await meetings.schedule_meeting(member("mentor", "agency-b"), "p1", VIRTUAL)
    assert await life.kinds() == ["MembersJoined", "MeetingScheduled"]


async def test_any_member_of_a_group_schedules_and_moves_its_meetings(life: Lifecycle) -> None:
    await life.group("grp1", "e1 e2")
    meetings = life.scheduling.meetings
    meeting_id = await meetings.schedule_meeting(member("e1"), "grp1", VIRTUAL)
    await meetings.change_scheduled_meeting(member("e2"), "grp1", meeting_id, patch(duration_minutes=120))
    await meetings.cancel_scheduled_meeting(member("mentor"), "grp1", meeting_id)
    assert (await life.kinds("grp1"))[-3:] == ["MeetingScheduled", "MeetingRescheduled", "MeetingCancelled"]


async def test_a_dissolved_partnership_takes_no_more_meetings(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    meeting_id = await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    await life.scheduling.endings.dissolve(MENTEE, "p1", DissolvePartnership(reason="poor_fit", initiated_by="mentee"))
    refusal = "the pair was dissolved: it takes no more meetings"
    with pytest.raises(Conflict, match=refusal):
        await meetings.schedule_meeting(MENTOR, "p1", VIRTUAL)
    with pytest.raises(Conflict, match=refusal):
        await meetings.change_scheduled_meeting(MENTOR, "p1", meeting_id, patch(duration_minutes=30))
    with pytest.raises(Conflict, match=refusal):
        await meetings.log_meeting(MENTOR, "p1", LogMeeting(held_at=STARTS, duration_minutes=45))
    assert "MeetingLogged" not in await life.kinds()
