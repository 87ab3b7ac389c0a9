"""Self-select's rules on plain values: a mentee's sequence of request facts, its statuses, and ranked suggestions."""

from datetime import UTC, datetime, timedelta

import pytest

from matching.domain import Mentee, Mentor, Policy, Problem
from matching.domain.requests import (
    History,
    accepted,
    accepted_pair,
    declined,
    history,
    new_request,
    request_pair_id,
)
from matching.domain.suggestions import ranked, spread
from mentoring_contracts.names import MentorRequestStatus
from mentoring_runtime.errors import Conflict, Forbidden

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
DAY = timedelta(days=1)


def mentor(person_id: str, skills: str = "python", capacity: int = 1) -> Mentor:
    return Mentor(person_id, f"part-{person_id}", None, "finance", ("en",), skills=frozenset(skills.split()),
                  capacity=capacity)  # fmt: skip


def mentee(person_id: str, wants: str = "python") -> Mentee:
    return Mentee(person_id, f"part-{person_id}", None, "digital", ("en",), desired_skills=frozenset(wants.split()))


def made(sequence: History, request_id: str, mentor_id: str, at: datetime = NOW) -> History:
    fact = new_request(
        sequence, request_id=request_id, mentee=mentee("e1"), mentor=mentor(mentor_id), program_id="g1",
        message=None, now=at, expiry=DAY,
    )  # fmt: skip
    return history([*sequence.facts, fact])


def test_a_request_is_open_until_its_day_passes_and_a_later_one_supersedes_it_whatever_the_clock() -> None:
    sequence = made(History(), "r1", "m1")
    [request] = sequence.requests()
    assert request.status(NOW + DAY - timedelta(seconds=1)) is MentorRequestStatus.OPEN
    assert request.status(NOW + DAY) is MentorRequestStatus.EXPIRED
    assert sequence.waiting(NOW) == request and sequence.waiting(NOW + DAY) is None
    with pytest.raises(Conflict, match="r1 to m1 is open until"):
        made(sequence, "r2", "m2", NOW + timedelta(hours=1))
    later = made(sequence, "r2", "m1", NOW + DAY)  # expired: the same mentor again
    first, second = later.requests()
    assert [f.position for f in later.facts] == [1, 2]
    # Another instance whose clock runs behind still reads r1 as expired: r2 followed it.
    assert (first.status(NOW), second.status(NOW)) == (MentorRequestStatus.EXPIRED, MentorRequestStatus.OPEN)


def test_only_the_addressed_mentor_answers_an_open_request_once() -> None:
    sequence = made(History(), "r1", "m1")
    [request] = sequence.requests()
    with pytest.raises(Forbidden, match="only m1"):
        declined(sequence, request, by="m2", reason=None, now=NOW)
    with pytest.raises(Conflict, match="expired unanswered"):
        declined(sequence, request, by="m1", reason=None, now=NOW + DAY)
    problem = Problem(mentors=[mentor("m1")], mentees=[mentee("e1")], policy=Policy())
    pair = accepted_pair(problem, mentee("e1"), mentor("m1"), "r1", None)
    assert pair.pair_id == request_pair_id("r1") and pair.capacity == 1 and pair.score > 0
    answered = history([*sequence.facts, accepted(sequence, request, pair, by="m1", reason="yes", now=NOW)])
    [request] = answered.requests()
    assert request.settling and request.status(NOW + 2 * DAY) is MentorRequestStatus.ACCEPTED
    with pytest.raises(Conflict, match="already accepted"):
        declined(answered, request, by="m1", reason=None, now=NOW)
    with pytest.raises(Conflict, match="is being paired"):
        made(answered, "r2", "m2", NOW + 2 * DAY)


def test_suggestions_leave_out_mentors_whose_open_requests_reach_their_free_places() -> None:
    mentors = [mentor("a", "python sql", 2), mentor("b", "python sql", 1), mentor("c", "python", 1)]
    problem = Problem(mentors=mentors, mentees=[mentee("e1", "python sql")], policy=Policy(), used={"a": 1})
    everyone = ranked(problem, mentee("e1", "python sql"))
    assert [(r.mentor.person_id, r.free_places) for r in everyone] == [("a", 1), ("b", 1), ("c", 1)]  # ties by id
    not_b = ranked(problem, mentee("e1", "python sql"), declined_by={"b"})
    assert [r.mentor.person_id for r in not_b] == ["a", "c"]
    assert [r.mentor.person_id for r in spread(not_b, {"a": 1, "c": 0})] == ["c"]  # a's one free place is asked for
    assert [r.mentor.person_id for r in spread(everyone, {"b": 2})] == ["a", "c"]
