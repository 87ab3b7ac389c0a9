from datetime import UTC, datetime

import pytest

from scheduling.domain import NotAMember, Partnership, meeting_logged

pytestmark = pytest.mark.unit

PAIR = Partnership(pair_id="p1", program_id="g1", agency_id="a1", mentor_id="mentor", mentee_id="mentee")
HELD = datetime(2026, 3, 2, 10, tzinfo=UTC)


def test_the_mentor_and_the_mentee_are_members_and_nobody_else() -> None:
    assert PAIR.is_member("mentor")
    assert PAIR.is_member("mentee")
    assert not PAIR.is_member("coordinator")


@pytest.mark.parametrize("member", ["mentor", "mentee"])
def test_a_member_logs_a_meeting_of_the_pair(member: str) -> None:
    event = meeting_logged(PAIR, meeting_id="m1", held_at=HELD, duration_minutes=45, logged_by=member)
    assert (event.meeting_id, event.pair_id, event.program_id) == ("m1", "p1", "g1")
    assert (event.held_at, event.duration_minutes, event.logged_by) == (HELD, 45, member)


def test_someone_outside_the_pair_cannot_log_its_meetings() -> None:
    with pytest.raises(NotAMember, match="only the pair's mentor or mentee can log its meetings"):
        meeting_logged(PAIR, meeting_id="m1", held_at=HELD, duration_minutes=45, logged_by="coordinator")


def test_the_published_fact_has_no_room_for_notes() -> None:
    event = meeting_logged(PAIR, meeting_id="m1", held_at=HELD, duration_minutes=45, logged_by="mentor")
    assert "notes" not in event.model_dump()
