"""How partnerships end: dissolved early by a member (naming their own part) or the coordinator (naming anyone's), or
by a member's withdrawal from the programme; closed at or near term with a final review. The facts carry ids,
reasons and outcomes; the explanation and the review stay with scheduling."""

from datetime import UTC, date, datetime

import pytest

from mentoring_contracts.api import (
    ClosePartnership,
    DissolvePartnership,
    LogMeeting,
    PageQuery,
    ScheduleMeeting,
)
from mentoring_contracts.names import PartnershipStatus, ScheduledMeetingStatus
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from mentoring_runtime.event_log import StoredFact
from mentoring_runtime.recording import Cause
from scheduling.domain.ending import withdrawn
from tests.support.factories import program_opened
from tests.support.lifecycle import Lifecycle, coordinator, member

pytestmark = pytest.mark.unit

MENTOR, MENTEE = member("mentor"), member("mentee")
EXPLANATION = "he kept cancelling and I felt belittled"
REVIEW = "She now leads the budget round on her own"
GOALS = [
    {"goal": "Lead the budget round", "achieved": "Led it in May", "outcome": "achieved"},
    {"goal": "Present to the board", "achieved": "Once, with help", "outcome": "partly"},
    {"goal": "Write the strategy", "outcome": "not_achieved"},
]


@pytest.fixture
async def life() -> Lifecycle:
    life = await Lifecycle.started()
    await life.pair("p1")
    return life


def dissolving(initiated_by: str, reason: str = "poor_fit") -> DissolvePartnership:
    return DissolvePartnership(reason=reason, initiated_by=initiated_by, explanation=EXPLANATION)


def closing(reason: str = "goals_achieved") -> ClosePartnership:
    return ClosePartnership.model_validate({"reason": reason, "goals": GOALS, "review": REVIEW})


async def _ended(life: Lifecycle, kind: str, pair_id: str = "p1") -> list[StoredFact]:
    return [fact for fact in await life.stream(pair_id) if fact.event_type == kind]


# Dissolved early


@pytest.mark.parametrize("person", ["mentor", "mentee"])
async def test_a_member_dissolves_the_pair_naming_their_own_part(life: Lifecycle, person: str) -> None:
    view = await life.scheduling.endings.dissolve(member(person), "p1", dissolving(person))
    assert (view.status, view.ended_at is not None) == (PartnershipStatus.DISSOLVED, True)
    [fact] = await _ended(life, "PairDissolved")
    assert fact.payload == {
        "pair_id": "p1", "program_id": "g1", "mentor_id": "mentor", "mentee_ids": ["mentee"], "group_id": None,
        "whole": True, "reason": "poor_fit", "initiated_by": person,
    }  # fmt: skip
    assert fact.private == {"explanation": EXPLANATION}
    assert EXPLANATION not in str(fact.envelope)


@pytest.mark.parametrize(
    ("person", "named"), [("mentee", "mentor"), ("mentor", "coordinator"), ("mentee", "withdrawal")]
)
async def test_a_member_naming_anyone_else_as_who_asked_is_refused(life: Lifecycle, person: str, named: str) -> None:
    with pytest.raises(Invalid, match=f"as the pair's {person} you can only name yourself") as refused:
        await life.scheduling.endings.dissolve(member(person), "p1", dissolving(named))
    assert refused.value.field == "initiated_by"
    assert await life.kinds() == ["MembersJoined"]


@pytest.mark.parametrize("named", ["mentor", "mentee", "coordinator"])
async def test_the_coordinator_dissolves_naming_anyone(life: Lifecycle, named: str) -> None:
    view = await life.scheduling.endings.dissolve(coordinator(), "p1", dissolving(named, "conduct"))
    assert view.status is PartnershipStatus.DISSOLVED
    [fact] = await _ended(life, "PairDissolved")
    assert (fact.payload["initiated_by"], fact.payload["reason"], fact.payload["whole"]) == (named, "conduct", True)


async def test_nobody_names_a_withdrawal_which_ends_partnerships_by_itself(life: Lifecycle) -> None:
    with pytest.raises(Invalid, match="a withdrawal ends partnerships by itself") as refused:
        await life.scheduling.endings.dissolve(coordinator(), "p1", dissolving("withdrawal"))
    assert refused.value.field == "initiated_by"


async def test_outsiders_cannot_dissolve_whether_or_not_it_ended(life: Lifecycle) -> None:
    refusal = "only the pair's mentor or mentee or the programme's coordinator can dissolve it"
    with pytest.raises(Forbidden, match=refusal):
        await life.scheduling.endings.dissolve(member("stranger"), "p1", dissolving("mentee"))
    with pytest.raises(NotFound):
        await life.scheduling.endings.dissolve(member("mentee", "agency-b"), "p1", dissolving("mentee"))
    await life.scheduling.endings.dissolve(MENTEE, "p1", dissolving("mentee"))
    with pytest.raises(Forbidden, match=refusal):
        await life.scheduling.endings.dissolve(member("stranger"), "p1", dissolving("mentee"))
    with pytest.raises(Forbidden, match="or the programme's coordinator can close it"):
        await life.scheduling.endings.close(member("stranger"), "p1", closing())


async def test_a_dissolved_pair_is_not_dissolved_or_closed_again(life: Lifecycle) -> None:
    await life.signed("p1")
    await life.scheduling.endings.dissolve(MENTOR, "p1", dissolving("mentor"))
    for again in (MENTEE, coordinator()):
        with pytest.raises(Conflict, match="the pair was dissolved already"):
            await life.scheduling.endings.dissolve(again, "p1", dissolving("mentee"))
    with pytest.raises(Conflict, match="the pair was dissolved already"):
        await life.scheduling.endings.close(MENTEE, "p1", closing())
    assert len(await _ended(life, "PairDissolved")) == 1
    assert "PartnershipClosed" not in await life.kinds()


async def test_a_group_member_who_dissolves_leaves_the_group_which_goes_on(life: Lifecycle) -> None:
    await life.group("grp1", "e1 e2 e3")
    view = await life.scheduling.endings.dissolve(member("e2"), "grp1", dissolving("mentee"))
    assert (view.status, view.mentee_ids, view.ended_at) == (PartnershipStatus.PENDING_AGREEMENT, ["e1", "e3"], None)
    [fact] = await _ended(life, "PairDissolved", "grp1")
    assert (fact.payload["mentee_ids"], fact.payload["whole"], fact.payload["group_id"]) == (["e2"], False, "grp1")
    with pytest.raises(Forbidden):
        await life.scheduling.partnerships.partnership(member("e2"), "grp1")
    ended = await life.scheduling.endings.dissolve(member("mentor"), "grp1", dissolving("mentor"))
    assert (ended.status, ended.mentee_ids) == (PartnershipStatus.DISSOLVED, ["e1", "e3"])
    whole = (await _ended(life, "PairDissolved", "grp1"))[-1]
    assert (whole.payload["mentee_ids"], whole.payload["whole"]) == (["e1", "e3"], True)


async def test_ending_a_partnership_cancels_its_meetings_still_to_come(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings

    def at(day: int) -> ScheduleMeeting:
        return ScheduleMeeting(
            starts_at=datetime(2026, 3, day, 10, tzinfo=UTC), duration_minutes=60, mode="virtual", link="https://x"
        )

    past, held, cancelled, coming = [await meetings.schedule_meeting(MENTOR, "p1", at(day)) for day in (1, 2, 3, 9)]
    await meetings.log_meeting(
        MENTOR, "p1", LogMeeting(held_at=life.clock(), duration_minutes=60, scheduled_meeting_id=held)
    )
    await meetings.cancel_scheduled_meeting(MENTEE, "p1", cancelled)
    later = await meetings.schedule_meeting(MENTEE, "p1", at(20))
    await life.scheduling.endings.dissolve(coordinator(), "p1", dissolving("coordinator"))
    statuses = {m.id: m.status for m in (await meetings.scheduled_meetings(MENTOR, "p1", PageQuery())).items}
    assert statuses == {
        past: ScheduledMeetingStatus.SCHEDULED,  # before the clock's 2 March: it took place or not, as it was
        held: ScheduledMeetingStatus.HELD,
        cancelled: ScheduledMeetingStatus.CANCELLED,
        coming: ScheduledMeetingStatus.CANCELLED,
        later: ScheduledMeetingStatus.CANCELLED,
    }
    kinds = await life.kinds()
    assert kinds[kinds.index("PairDissolved") :] == ["PairDissolved", "MeetingCancelled", "MeetingCancelled"]
    assert {f.payload["cancelled_by"] for f in await _ended(life, "MeetingCancelled")} == {"mentee", "coord-1"}


async def test_a_redelivered_withdrawal_cancels_what_a_crash_after_the_ending_left_scheduled(life: Lifecycle) -> None:
    meetings = life.scheduling.meetings
    coming = ScheduleMeeting(starts_at=datetime(2026, 4, 1, tzinfo=UTC), duration_minutes=60, mode="virtual", link="x")
    meeting_id = await meetings.schedule_meeting(MENTOR, "p1", coming)
    ended = withdrawn(await life.scheduling.held_partnerships.find("agency-a", "p1"), "mentee")
    await life.scheduling.held_partnerships.change(Cause("agency-a"), "p1", lambda _: (ended, None))
    await life.withdrawn("mentee")
    [cancelled] = await _ended(life, "MeetingCancelled")
    assert (cancelled.payload["meeting_id"], cancelled.payload["cancelled_by"]) == (meeting_id, "mentee")
    assert len(await _ended(life, "PairDissolved")) == 1


async def test_a_group_goes_on_with_its_meetings_when_one_member_leaves(life: Lifecycle) -> None:
    await life.group("grp1", "e1 e2")
    coming = ScheduleMeeting(starts_at=datetime(2026, 4, 1, tzinfo=UTC), duration_minutes=60, mode="virtual", link="x")
    await life.scheduling.meetings.schedule_meeting(member("e1"), "grp1", coming)
    await life.scheduling.endings.dissolve(member("e1"), "grp1", dissolving("mentee"))
    [meeting] = (await life.scheduling.meetings.scheduled_meetings(member("e2"), "grp1", PageQuery())).items
    assert meeting.status is ScheduledMeetingStatus.SCHEDULED
    assert "MeetingCancelled" not in await life.kinds("grp1")


# Ended by a withdrawal


@pytest.mark.parametrize(("person", "role"), [("mentee", "mentee"), ("mentor", "mentor")])
async def test_a_pairs_member_who_withdraws_dissolves_it_once(life: Lifecycle, person: str, role: str) -> None:
    for _ in range(2):  # redelivered: nothing new
        await life.withdrawn(person, role)
    [fact] = await _ended(life, "PairDissolved")
    assert (fact.payload["mentee_ids"], fact.payload["whole"]) == (["mentee"], True)
    assert (fact.payload["reason"], fact.payload["initiated_by"]) == ("participant_withdrew", "withdrawal")
    assert (await life.scheduling.partnerships.partnership(MENTOR, "p1")).status is PartnershipStatus.DISSOLVED


async def test_a_group_member_who_withdraws_leaves_alone_and_the_last_one_ends_it(life: Lifecycle) -> None:
    await life.group("grp1", "e1 e2")
    await life.withdrawn("e1")
    await life.withdrawn("e1")
    [left] = await _ended(life, "PairDissolved", "grp1")
    assert (left.payload["mentee_ids"], left.payload["whole"], left.payload["initiated_by"]) == (
        ["e1"], False, "withdrawal",
    )  # fmt: skip
    view = await life.scheduling.partnerships.partnership(MENTOR, "grp1")
    assert (view.status, view.mentee_ids) == (PartnershipStatus.PENDING_AGREEMENT, ["e2"])
    await life.scheduling.meetings.log_meeting(
        member("e2"), "grp1", LogMeeting(held_at=life.clock(), duration_minutes=60)
    )
    await life.withdrawn("e2")
    last = (await _ended(life, "PairDissolved", "grp1"))[-1]
    assert (last.payload["mentee_ids"], last.payload["whole"]) == (["e2"], True)
    assert (await life.scheduling.partnerships.partnership(MENTOR, "grp1")).status is PartnershipStatus.DISSOLVED


async def test_a_group_mentor_who_withdraws_ends_the_whole_group(life: Lifecycle) -> None:
    await life.group("grp1", "e1 e2")
    await life.withdrawn("mentor", "mentor")
    [fact] = await _ended(life, "PairDissolved", "grp1")
    assert (fact.payload["mentee_ids"], fact.payload["whole"]) == (["e1", "e2"], True)


async def test_a_withdrawal_from_another_programme_ends_nothing_here(life: Lifecycle) -> None:
    await life.withdrawn("mentee", program_id="g2")
    await life.withdrawn("someone-else")
    assert await life.kinds() == ["MembersJoined"]


# Closed at or near term


async def test_only_an_active_partnership_closes(life: Lifecycle) -> None:
    with pytest.raises(Conflict, match="the partnership is not active yet"):
        await life.scheduling.endings.close(MENTOR, "p1", closing())
    assert await life.kinds() == ["MembersJoined"]


async def test_term_completed_closes_from_a_month_before_the_term_ends(life: Lifecycle) -> None:
    await life.told(program_opened("g1", duration_months=6), producer="enrolment")
    life.clock.at = datetime(2026, 3, 31, 12, tzinfo=UTC)
    await life.signed("p1")
    assert (await life.scheduling.partnerships.partnership(MENTOR, "p1")).ends_on == date(2026, 9, 30)
    life.clock.at = datetime(2026, 8, 29, 23, tzinfo=UTC)
    with pytest.raises(Conflict, match="the term ends on 2026-09-30: it can be closed as completed from 2026-08-30"):
        await life.scheduling.endings.close(MENTEE, "p1", closing("term_completed"))
    assert "PartnershipClosed" not in await life.kinds()
    life.clock.at = datetime(2026, 8, 30, 8, tzinfo=UTC)
    view = await life.scheduling.endings.close(MENTEE, "p1", closing("term_completed"))
    assert view.status is PartnershipStatus.CLOSED


async def test_goals_achieved_closes_an_active_partnership_at_any_time_with_its_review_kept_aside(
    life: Lifecycle,
) -> None:
    await life.signed("p1")
    view = await life.scheduling.endings.close(coordinator(), "p1", closing("goals_achieved"))
    assert (view.status, view.ended_at is not None) == (PartnershipStatus.CLOSED, True)
    [fact] = await _ended(life, "PartnershipClosed")
    assert fact.payload == {
        "pair_id": "p1", "program_id": "g1", "mentor_id": "mentor", "mentee_ids": ["mentee"], "group_id": None,
        "reason": "goals_achieved", "goal_outcomes": ["achieved", "partly", "not_achieved"],
    }  # fmt: skip
    assert fact.private["review"] == REVIEW
    assert [goal["goal"] for goal in fact.private["goals"]] == [goal["goal"] for goal in GOALS]
    assert view.ending is not None and (view.ending.closure_reason, view.ending.review) == ("goals_achieved", REVIEW)
    assert [(g.goal, g.outcome) for g in view.ending.goals] == [(g["goal"], g["outcome"]) for g in GOALS]
    for text in (REVIEW, "Lead the budget round", "Led it in May"):
        assert text not in str(fact.envelope)
    with pytest.raises(Conflict, match="the pair was closed already"):
        await life.scheduling.endings.close(MENTOR, "p1", closing())
    with pytest.raises(Conflict, match="the pair was closed: it takes no more meetings"):
        await life.scheduling.meetings.log_meeting(MENTOR, "p1", LogMeeting(held_at=life.clock(), duration_minutes=30))


async def test_a_group_is_closed_for_all_its_members_by_its_mentor_or_the_coordinator_only(life: Lifecycle) -> None:
    await life.group("grp1", "e1 e2")
    await life.signed("grp1", ("mentor", "e1", "e2"))
    with pytest.raises(Forbidden, match="only the group's mentor or the programme's coordinator can close a group"):
        await life.scheduling.endings.close(member("e1"), "grp1", closing("goals_achieved"))
    closed = await life.scheduling.endings.close(member("mentor"), "grp1", closing("goals_achieved"))
    assert closed.status == PartnershipStatus.CLOSED


async def test_a_dissolution_shows_who_asked_and_why_to_the_pair_and_the_coordinator(life: Lifecycle) -> None:
    request = DissolvePartnership(reason="poor_fit", initiated_by="mentee", explanation="we never found a time")
    await life.scheduling.endings.dissolve(MENTEE, "p1", request)
    for reader in (coordinator(), MENTOR):
        ending = (await life.scheduling.partnerships.partnership(reader, "p1")).ending
        assert ending is not None
        assert (ending.dissolution_reason, ending.initiated_by, ending.explanation) == (
            "poor_fit",
            "mentee",
            "we never found a time",
        )
