"""Matching's domain rules: scoring, who may never mentor whom, capacity, determinism."""

import random
from collections import Counter

import pytest

from matching.domain import Mentee, Mentor, Proposal, eligible, score
from matching.domain import greedy as propose

pytestmark = pytest.mark.unit


def mentor(person: str, skills: str, capacity: int = 1, manager: str | None = None) -> Mentor:
    return Mentor(person, f"part-{person}", manager, "dept", ("en",), frozenset(skills.split()), capacity)


def mentee(person: str, wants: str, manager: str | None = None) -> Mentee:
    return Mentee(person, f"part-{person}", manager, "dept", ("en",), frozenset(wants.split()))


def test_the_score_is_the_share_of_desired_skills_the_mentor_has() -> None:
    assert score(mentor("m", "python sql"), mentee("e", "python go kafka sql")) == 0.5
    assert score(mentor("m", "python"), mentee("e", "python")) == 1.0
    assert score(mentor("m", "cobol"), mentee("e", "python")) == 0.0


def test_pairs_are_taken_best_score_first() -> None:
    mentors = [mentor("m1", "python"), mentor("m2", "python sql")]
    assert propose(mentors, [mentee("e", "python sql")], {}, set()) == [Proposal("m2", "e", 1.0)]


def test_a_manager_never_mentors_their_own_report_nor_a_person_themself() -> None:
    boss = mentor("boss", "sql", capacity=5)
    both = mentor("self", "python", capacity=5)
    mentees = [mentee("e", "sql", manager="boss"), mentee("self", "python")]
    assert propose([boss, both], mentees, {}, set()) == []
    assert propose([boss, both, mentor("other", "sql python", capacity=5)], mentees, {}, set()) == [
        Proposal("other", "e", 1.0),
        Proposal("other", "self", 1.0),
    ]


def test_pairs_with_no_skill_in_common_are_not_proposed() -> None:
    assert propose([mentor("m", "cobol")], [mentee("e", "python")], {}, set()) == []


def test_a_mentor_never_gets_more_mentees_than_capacity_left() -> None:
    mentees = [mentee(f"e{i}", "python") for i in range(5)]
    proposals = propose([mentor("m", "python", capacity=3)], mentees, {"m": 1}, set())
    assert len(proposals) == 2
    assert [p.mentee_id for p in proposals] == ["e0", "e1"]  # ties broken by mentee id


def test_capacity_holds_across_many_mentors_and_mentees() -> None:
    rng = random.Random(7)
    skills = "a b c d e f".split()
    mentors = [mentor(f"m{i}", " ".join(rng.sample(skills, 3)), capacity=rng.randint(1, 3)) for i in range(10)]
    mentees = [mentee(f"e{i}", " ".join(rng.sample(skills, 2))) for i in range(40)]
    proposals = propose(mentors, mentees, {}, set())
    per_mentor = Counter(p.mentor_id for p in proposals)
    assert all(per_mentor[m.person_id] <= m.capacity for m in mentors)
    assert len({p.mentee_id for p in proposals}) == len(proposals)
    assert all(0 < p.score <= 1 for p in proposals)


def test_the_same_inputs_give_the_same_pairs_whatever_their_order() -> None:
    mentors = [mentor("m1", "python sql", capacity=2), mentor("m2", "python go", capacity=2)]
    mentees = [mentee(f"e{i}", "python sql go") for i in range(5)]
    first = propose(mentors, mentees, {}, set())
    assert propose(list(reversed(mentors)), list(reversed(mentees)), {}, set()) == first
    assert [(p.mentor_id, p.mentee_id) for p in first] == [("m1", "e0"), ("m1", "e1"), ("m2", "e2"), ("m2", "e3")]


def test_mentees_already_matched_are_left_alone_and_used_capacity_counts() -> None:
    mentors = [mentor("m1", "python", capacity=2), mentor("m2", "python", capacity=1)]
    mentees = [mentee("e1", "python"), mentee("e2", "python"), mentee("e3", "python")]
    proposals = propose(mentors, mentees, {"m1": 2}, {"e1"})
    assert proposals == [Proposal("m2", "e2", 1.0)]


def _greedy_by_hand(mentors, mentees, used, matched) -> list[Proposal]:
    """The greedy rule spelled out pair by pair: what the matrix version must reproduce."""
    remaining = {m.person_id: m.capacity - used.get(m.person_id, 0) for m in mentors}
    pairs = sorted(
        (-score(m, e), e.person_id, m.person_id)
        for m in mentors
        for e in mentees
        if e.person_id not in matched and eligible(m, e) and score(m, e) > 0
    )
    taken: set[str] = set()
    proposals = []
    for negative, mentee_id, mentor_id in pairs:
        if mentee_id not in taken and remaining[mentor_id] > 0:
            proposals.append(Proposal(mentor_id, mentee_id, -negative))
            taken.add(mentee_id)
            remaining[mentor_id] -= 1
    return proposals


@pytest.mark.parametrize("seed", range(20))
def test_the_greedy_matches_the_rule_spelled_out_pair_by_pair(seed: int) -> None:
    rng = random.Random(seed)
    skills = "a b c d e f g".split()
    people = [f"p{i:02}" for i in range(40)]
    mentors = [
        mentor(p, " ".join(rng.sample(skills, rng.randint(1, 4))), rng.randint(1, 3), rng.choice([None, *people]))
        for p in people[:12]
    ]
    mentees = [
        mentee(p, " ".join(rng.sample(skills, rng.randint(1, 3))), rng.choice([None, *people[:12]])) for p in people[8:]
    ]
    used = {m.person_id: rng.randint(0, 1) for m in mentors[:4]}
    matched = set(rng.sample([m.person_id for m in mentees], 3))
    assert propose(mentors, mentees, used, matched) == _greedy_by_hand(mentors, mentees, used, matched)
