from datetime import UTC, datetime

import pytest

from scheduling.domain.meeting import NotAMember, NotAnAttendee, attendance, meeting_logged
from scheduling.domain.partnership import members_joined, news
from tests.support.factories import group_formed, pair_matched
from tests.support.partnerships import MATCHED_AT, a_group, a_pair, folded

pytestmark = pytest.mark.unit

PAIR = a_pair()
HELD = datetime(2026, 3, 2, 10, tzinfo=UTC)
GROUP = a_group("e1 e2 e3")


def test_the_mentor_and_the_mentee_are_members_and_nobody_else() -> None:
    assert PAIR.is_member("mentor")
    assert PAIR.is_member("mentee")
    assert not PAIR.is_member("coordinator")


@pytest.mark.parametrize("member", ["mentor", "mentee"])
def test_a_member_logs_a_meeting_of_the_pair(member: str) -> None:
    event = meeting_logged(PAIR, meeting_id="m1", held_at=HELD, duration_minutes=45, logged_by=member)
    assert (event.meeting_id, event.pair_id, event.program_id) == ("m1", "p1", "g1")
    assert (event.held_at, event.duration_minutes, event.logged_by) == (HELD, 45, member)
    assert (event.group_id, event.attendee_ids) == (None, ("mentee",))


def test_someone_outside_the_pair_cannot_log_its_meetings() -> None:
    with pytest.raises(NotAMember, match="only the pair's mentor or mentee can log its meetings"):
        meeting_logged(PAIR, meeting_id="m1", held_at=HELD, duration_minutes=45, logged_by="coordinator")


def test_the_published_fact_has_no_room_for_notes() -> None:
    event = meeting_logged(PAIR, meeting_id="m1", held_at=HELD, duration_minutes=45, logged_by="mentor")
    assert "notes" not in event.model_dump()


def test_a_group_is_one_partnership_of_its_mentor_and_every_member_under_the_groups_id() -> None:
    assert (GROUP.partnership_id, GROUP.group_id, GROUP.program_id) == ("grp1", "grp1", "g1")
    assert (GROUP.mentor_id, GROUP.mentee_ids) == ("mentor", {"e1", "e2", "e3"})
    assert all(GROUP.is_member(person) for person in ("mentor", "e1", "e2", "e3"))
    assert not GROUP.is_member("e4")


def test_the_fold_of_memberships_ignores_their_order_and_repeats_and_takes_in_later_members() -> None:
    whole = members_joined(group_formed("grp1", "e1 e2"), MATCHED_AT)
    by_pairs = [members_joined(pair_matched(f"p{m}", mentee_id=m, group_id="grp1"), MATCHED_AT) for m in ("e2", "e1")]
    told_whole_first = folded([whole, *by_pairs])
    told_by_pairs_first = folded([*by_pairs, whole, whole])
    assert told_whole_first.mentee_ids == told_by_pairs_first.mentee_ids == {"e1", "e2"}
    assert told_whole_first.member_pairs == told_by_pairs_first.member_pairs == {"pe1": "e1", "pe2": "e2"}
    grown = folded([whole, members_joined(group_formed("grp1", "e1 e2 e3"), MATCHED_AT)])
    assert grown.mentee_ids == {"e1", "e2", "e3"}


def test_only_what_is_new_about_a_partnership_is_recorded() -> None:
    whole = members_joined(group_formed("grp1", "e1 e2"), MATCHED_AT)
    assert news(None, whole) == whole
    assert news(folded([whole]), whole) is None
    e2_pair = members_joined(pair_matched("pe2", mentee_id="e2", group_id="grp1"), MATCHED_AT)
    assert news(folded([whole]), e2_pair) == e2_pair  # e2's own pair id is news
    assert news(folded([whole, e2_pair]), e2_pair) is None
    pair = members_joined(pair_matched("p1"), MATCHED_AT)
    assert news(folded([pair]), pair) is None


@pytest.mark.parametrize("member", ["mentor", "e2"])
def test_any_member_logs_the_groups_meeting_which_every_mentee_attended_unless_told(member: str) -> None:
    event = meeting_logged(GROUP, meeting_id="m1", held_at=HELD, duration_minutes=90, logged_by=member)
    assert (event.pair_id, event.group_id, event.logged_by) == ("grp1", "grp1", member)
    assert event.attendee_ids == ("e1", "e2", "e3")
    named = meeting_logged(
        GROUP, meeting_id="m2", held_at=HELD, duration_minutes=90, logged_by=member, attendee_ids=["e3", "e1"]
    )
    assert named.attendee_ids == ("e1", "e3")


def test_someone_outside_the_group_cannot_log_its_meetings() -> None:
    with pytest.raises(NotAMember, match="only the group's mentor or mentees can log its meetings"):
        meeting_logged(GROUP, meeting_id="m1", held_at=HELD, duration_minutes=45, logged_by="e4")


@pytest.mark.parametrize(
    ("named", "message"),
    [
        (["e1", "e4"], r"^'e4' is not a mentee of this group: name only its mentees \('e1', 'e2', 'e3'\)$"),
        (["x", "e4"], r"^'e4', 'x' are not mentees of this group"),
        (["e1", "mentor"], r"^'mentor' is the group's mentor, who leads every meeting: name only the mentees$"),
        (["e2", "e1", "e2"], r"^'e2' named more than once"),
    ],
)
def test_attendance_names_only_the_groups_mentees_each_once(named: list[str], message: str) -> None:
    with pytest.raises(NotAnAttendee, match=message) as refused:
        attendance(GROUP, named)
    assert refused.value.field == "attendee_ids"


def test_a_pairs_attendance_is_its_mentee() -> None:
    assert attendance(PAIR, ["mentee"]) == ("mentee",)
    with pytest.raises(NotAnAttendee, match="'e1' is not a mentee of this pair"):
        attendance(PAIR, ["e1"])
