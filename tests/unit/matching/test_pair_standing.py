"""What a programme's pairs hold once some ended, and which pairs scheduling's facts end: pure, on plain values."""

import pytest

from matching.domain.pairs import PairEnded, PartnershipEnded, RecordedPair, endings, standing
from mentoring_contracts.names import PartnershipStatus
from tests.support.factories import pair_matched

pytestmark = pytest.mark.unit
DISSOLVED, CLOSED = PartnershipStatus.DISSOLVED, PartnershipStatus.CLOSED


def pair(pair_id: str, mentee: str, mentor: str = "m1", group: str | None = None) -> RecordedPair:
    return RecordedPair(pair_matched(pair_id, mentee_id=mentee, mentor_id=mentor, group_id=group))


def told(partnership: str, *mentees: str, ended: PartnershipStatus = DISSOLVED, event: str = "ev1", mentor: str = "m1"):
    return PartnershipEnded(event, partnership, mentor, mentees, ended)


def applied(pairs: list[RecordedPair], ended: list[PairEnded]) -> list[RecordedPair]:
    by_pair = {e.pair_id: e for e in ended}
    return [RecordedPair(p.matched, by_pair.get(p.pair_id, p.ending)) for p in pairs]


def test_a_dissolved_pair_frees_its_place_and_its_mentee_and_moves_their_claims_on() -> None:
    pairs = [pair("p1", "e1"), pair("p2", "e2")]
    pairs = applied(pairs, endings(pairs, [told("p1", "e1")]))
    held = standing(pairs)
    assert (dict(held.used), held.matched) == ({"m1": 1}, {"e2"})
    assert (held.round_of("e1"), held.round_of("e2"), held.released_of("m1")) == (1, 0, 1)


def test_a_closed_pair_frees_its_place_but_its_mentee_stays_matched() -> None:
    pairs = [pair("p1", "e1")]
    pairs = applied(pairs, endings(pairs, [told("p1", "e1", ended=CLOSED)]))
    held = standing(pairs)
    assert (dict(held.used), held.matched) == ({}, {"e1"})
    assert (held.round_of("e1"), held.released_of("m1")) == (0, 1)


def test_a_fact_told_again_ends_nothing_more_even_after_its_mentee_was_paired_again() -> None:
    pairs = [pair("p1", "e1")]
    first = endings(pairs, [told("p1", "e1"), told("p1", "e1")])  # twice in one batch
    assert [(e.pair_id, e.ended, e.by_event) for e in first] == [("p1", DISSOLVED, "ev1")]
    pairs = [*applied(pairs, first), pair("p9", "e1")]  # the mentee was paired again, with the same mentor
    assert endings(pairs, [told("p1", "e1")]) == []
    assert standing(pairs).matched == {"e1"} and standing(pairs).round_of("e1") == 1


def test_a_group_members_leaving_told_again_does_not_end_their_membership_when_they_joined_the_group_again() -> None:
    pairs = [pair("p1", "e1", group="g0"), pair("p2", "e2", group="g0")]
    left = told("g0", "e1")
    pairs = [*applied(pairs, endings(pairs, [left])), pair("p9", "e1", group="g0")]  # back in the same group
    assert endings(pairs, [left]) == []
    assert [e.pair_id for e in endings(pairs, [told("g0", "e1", event="ev2")])] == ["p9"]  # a new leaving does


def test_a_member_who_leaves_a_group_ends_their_pair_alone_and_a_group_left_by_all_is_not_joined_again() -> None:
    pairs = [pair("p1", "e1", group="g0"), pair("p2", "e2", group="g0"), pair("p3", "e3", mentor="m2", group="h0")]
    pairs = applied(pairs, endings(pairs, [told("g0", "e1")]))
    held = standing(pairs)
    assert (dict(held.used), held.groups, dict(held.ended_groups)) == ({"m1": 1, "m2": 1}, {"m1": "g0", "m2": "h0"}, {})
    pairs = [*pairs, pair("p4", "e4", group="g0")]  # a new member joins the group that goes on
    pairs = applied(pairs, endings(pairs, [told("g0", "e2", "e4", event="ev2", ended=CLOSED)]))
    held = standing(pairs)
    assert (dict(held.used), held.groups, dict(held.ended_groups)) == ({"m2": 1}, {"m2": "h0"}, {"m1": 1})
    assert held.matched == {"e2", "e3", "e4"} and held.released_of("m1") == 3


def test_only_the_pairs_of_the_partnership_and_mentor_named_end() -> None:
    pairs = [pair("p1", "e1"), pair("p2", "e2", mentor="m2")]
    assert endings(pairs, [told("p1", "e2")]) == []  # e2 is not in p1
    assert endings(pairs, [told("p2", "e2")]) == []  # p2 is m2's, not m1's
    assert endings(pairs, [told("nope", "e1")]) == []
