"""The solver against exhaustive search on small cohorts, and its vectorised rules against the scalar definitions."""

import random
from dataclasses import replace
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploy.bench.cohort_synthetic import synthetic_problem
from matching.domain import Hierarchy, Mentee, Mentor, Policy, Problem, Solution, broken_rules, score_units
from matching.domain.certificate import prices
from matching.domain.greedy import greedy
from matching.domain.scoring import allowed, units
from matching.domain.shortlist import Pairs
from matching.domain.solver import least_units, prepare, solve
from mentoring_contracts.names import Criterion, MatchObjective, UnmatchedReason

pytestmark = pytest.mark.unit

TAGS = ["a", "b", "c", "d", "e"]
POOL = [f"p{i}" for i in range(10)]

tags = st.frozensets(st.sampled_from(TAGS), max_size=3)


@st.composite
def people(draw: st.DrawFn, mentor: bool, person_id: str) -> Mentor | Mentee:
    facts = {
        "person_id": person_id,
        "participant_id": f"part-{person_id}",
        "manager_id": draw(st.none() | st.sampled_from(POOL)),
        "department": draw(st.sampled_from(["x", "y", "z"])),
        "languages": tuple(draw(st.lists(st.sampled_from(["en", "fr", "de"]), max_size=2, unique=True))),
        "grade_level": draw(st.none() | st.integers(1, 6)),
        "conflicts": draw(st.frozensets(st.sampled_from(POOL), max_size=1)),
        "location": draw(st.none() | st.sampled_from(["place-1", "place-2", "place-3"])),
        "utc_offset": draw(st.none() | st.sampled_from([-300, 0, 60, 330, 600])),
    }
    if mentor:
        return Mentor(**facts, skills=draw(tags), capacity=draw(st.integers(1, 3)))
    return Mentee(**facts, desired_skills=draw(tags), goal_tags=draw(tags))


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    return Policy(
        weights={c: draw(st.integers(0, 10)) for c in Criterion},
        must=draw(st.frozensets(st.sampled_from(list(Criterion)), max_size=2)) if draw(st.booleans()) else frozenset(),
        objective=draw(st.sampled_from(list(MatchObjective))),
        min_score=draw(st.none() | st.floats(0, 80)),
        shared_language=draw(st.booleans()),
        max_time_zone_hours=draw(st.none() | st.sampled_from([0, 1.5, 5, 9])),
        min_grade_gap=draw(st.integers(-2, 2)),
        preferred_grade_gap=draw(st.integers(0, 3)),
    )


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    mentor_ids = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=6, unique=True))
    mentee_ids = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=8, unique=True))
    mentors = [draw(people(True, i)) for i in mentor_ids]
    mentees = [draw(people(False, i)) for i in mentee_ids]
    pairs = st.tuples(st.sampled_from(mentee_ids), st.sampled_from(mentor_ids))
    return Problem(
        mentors=mentors,
        mentees=mentees,
        policy=draw(policies()),
        hierarchy=Hierarchy(draw(st.dictionaries(st.sampled_from(POOL), st.sampled_from(POOL), max_size=5))),
        used=draw(st.dictionaries(st.sampled_from(mentor_ids), st.integers(0, 2), max_size=2)),
        matched=draw(st.frozensets(st.sampled_from(mentee_ids), max_size=2)),
        locks=draw(st.lists(pairs, max_size=2, unique_by=lambda pair: pair[0])),
        exclusions=draw(st.frozensets(pairs, max_size=3)),
    )


def open_mentees(problem: Problem) -> list[Mentee]:
    locked = {mentee for mentee, _ in problem.locks}
    return sorted(
        (m for m in problem.mentees if m.person_id not in problem.matched and m.person_id not in locked),
        key=lambda m: m.person_id,
    )


def free_places(problem: Problem) -> dict[str, int]:
    places = {m.person_id: m.capacity - problem.used.get(m.person_id, 0) for m in problem.mentors}
    for _, mentor_id in problem.locks:
        places[mentor_id] -= 1
    return {mentor_id: max(0, free) for mentor_id, free in places.items()}


def eligible(problem: Problem, mentor: Mentor, mentee: Mentee) -> bool:
    return not broken_rules(mentor, mentee, problem.policy, problem.hierarchy) and (
        (mentee.person_id, mentor.person_id) not in problem.exclusions
    )


def exhaustive_best(problem: Problem) -> tuple[int, int]:
    """(matched, total units) of the best assignment, by dynamic programming over mentees and places left."""
    mentees, mentors = open_mentees(problem), sorted(problem.mentors, key=lambda m: m.person_id)
    least = least_units(problem.policy)
    options = [
        [(k, u) for k, mentor in enumerate(mentors) if eligible(problem, mentor, mentee)
         and (u := score_units(mentor, mentee, problem.policy)) >= least]
        for mentee in mentees
    ]  # fmt: skip
    most_matched = problem.policy.objective is MatchObjective.MOST_MATCHED

    @cache
    def best(index: int, places: tuple[int, ...]) -> tuple[int, int]:
        if index == len(mentees):
            return (0, 0)
        found = best(index + 1, places)
        for k, u in options[index]:
            if places[k]:
                matched, total = best(index + 1, places[:k] + (places[k] - 1,) + places[k + 1 :])
                found = max(found, (matched + 1, total + u), key=lambda v: v if most_matched else (v[1], 0))
        return found

    free = free_places(problem)
    return best(0, tuple(free[m.person_id] for m in mentors))


def proposed_value(problem: Problem, solution: Solution) -> tuple[int, int]:
    pairs = [pair for pair in solution.pairs if not pair.locked]
    return len(pairs), sum(pair.score_units for pair in pairs)


def assert_valid(problem: Problem, solution: Solution) -> None:
    mentees = {m.person_id: m for m in problem.mentees}
    mentors = {m.person_id: m for m in problem.mentors}
    free = free_places(problem)
    for pair in solution.pairs:
        mentee, mentor = mentees[pair.mentee_id], mentors[pair.mentor_id]
        assert pair.score_units == score_units(mentor, mentee, problem.policy)
        if pair.locked:
            continue
        assert eligible(problem, mentor, mentee)
        assert pair.score_units >= least_units(problem.policy)
        assert pair.mentee_id not in problem.matched
        free[pair.mentor_id] -= 1
    assert min(free.values(), default=0) >= 0
    assert [p.mentee_id for p in solution.pairs] == sorted(p.mentee_id for p in solution.pairs)
    assert {(m, n) for m, n in problem.locks} <= {(p.mentee_id, p.mentor_id) for p in solution.pairs if p.locked}
    proposed = {p.mentee_id for p in solution.pairs}
    assert [u.mentee_id for u in solution.unmatched] == [
        m.person_id for m in open_mentees(problem) if m.person_id not in proposed
    ]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.sampled_from([1, 2, 40]))
def test_no_assignment_beats_the_solver_and_it_breaks_no_rule(problem: Problem, shortlist_size: int) -> None:
    solution = solve(problem, shortlist_size)
    assert solution.certified
    assert_valid(problem, solution)
    assert proposed_value(problem, solution) == exhaustive_best(problem) or (
        problem.policy.objective is MatchObjective.HIGHEST_TOTAL
        and proposed_value(problem, solution)[1] == exhaustive_best(problem)[1]
    )


@settings(max_examples=200, deadline=None)
@given(problems())
def test_unmatched_reasons_follow_the_rules_and_the_places(problem: Problem) -> None:
    solution = solve(problem)
    mentors = sorted(problem.mentors, key=lambda m: m.person_id)
    mentees = {m.person_id: m for m in problem.mentees}
    least = least_units(problem.policy)
    for left in solution.unmatched:
        mentee = mentees[left.mentee_id]
        passing = [m for m in mentors if eligible(problem, m, mentee)]
        enough = [m for m in passing if score_units(m, mentee, problem.policy) >= least]
        if not passing:
            assert left.reason is UnmatchedReason.NO_ELIGIBLE_MENTOR
            ranked = sorted(mentors, key=lambda m: (-score_units(m, mentee, problem.policy), m.person_id))
            assert left.nearest == tuple(m.person_id for m in ranked[:3])
        elif not enough:
            assert left.reason is UnmatchedReason.BELOW_MIN_SCORE
        else:
            assert left.reason is UnmatchedReason.MENTORS_FULL


@settings(max_examples=100, deadline=None)
@given(problems(), st.randoms(use_true_random=False))
def test_the_same_problem_in_any_order_gives_the_same_pairs(problem: Problem, rng: random.Random) -> None:
    shuffled = replace(
        problem,
        mentors=rng.sample(list(problem.mentors), len(problem.mentors)),
        mentees=rng.sample(list(problem.mentees), len(problem.mentees)),
        locks=rng.sample(list(problem.locks), len(problem.locks)),
    )
    assert solve(shuffled) == solve(problem)
    assert greedy(shuffled) == greedy(problem)


@settings(max_examples=100, deadline=None)
@given(problems(), st.sampled_from([1, 40]))
def test_greedy_is_valid_and_never_beats_the_optimum(problem: Problem, shortlist_size: int) -> None:
    baseline, optimum = greedy(problem, shortlist_size), solve(problem, 1)
    full = greedy(problem)
    assert (baseline.pairs, baseline.unmatched) == (full.pairs, full.unmatched)
    assert_valid(problem, baseline)
    assert not baseline.certified
    key = (lambda v: v) if problem.policy.objective is MatchObjective.MOST_MATCHED else (lambda v: v[1])
    assert key(proposed_value(problem, baseline)) <= key(proposed_value(problem, optimum))


def every_pair(problem: Problem):
    context = prepare(problem)
    rows, cols = (a.ravel() for a in np.indices((len(context.encoded.mentees), len(context.encoded.mentors))))
    mentees = {m.person_id: m for m in problem.mentees}
    mentors = {m.person_id: m for m in problem.mentors}
    pairs = [
        (mentors[context.encoded.mentors.ids[c]], mentees[context.encoded.mentees.ids[r]])
        for r, c in zip(rows, cols, strict=True)
    ]
    return context, rows, cols, pairs


@settings(max_examples=200, deadline=None)
@given(problems())
def test_vectorised_units_and_rules_equal_the_scalar_definitions(problem: Problem) -> None:
    context, rows, cols, pairs = every_pair(problem)
    vector_units = units(context.encoded, problem.policy, rows, cols)
    vector_allowed = allowed(context.encoded, problem.policy, rows, cols)
    assert vector_units.tolist() == [score_units(mentor, mentee, problem.policy) for mentor, mentee in pairs]
    assert vector_allowed.tolist() == [eligible(problem, mentor, mentee) for mentor, mentee in pairs]
    approximate = context.embedding.block(context.encoded, np.unique(rows), np.unique(cols)).ravel()
    assert ((approximate > -1e8) == vector_allowed).all()
    assert (np.abs(approximate - vector_units)[vector_allowed] <= context.embedding.error).all()


def test_vectorised_units_and_rules_equal_the_scalar_definitions_on_a_realistic_cohort() -> None:
    problem = synthetic_problem(200, 60, seed=3)
    context, rows, cols, pairs = every_pair(problem)
    assert units(context.encoded, problem.policy, rows, cols).tolist() == [
        score_units(mentor, mentee, problem.policy) for mentor, mentee in pairs
    ]
    assert allowed(context.encoded, problem.policy, rows, cols).tolist() == [
        eligible(problem, mentor, mentee) for mentor, mentee in pairs
    ]


def test_a_realistic_cohort_is_solved_optimally_and_identically_in_any_order() -> None:
    problem = synthetic_problem(1500, 300, seed=5)
    solution = solve(problem)
    assert solution.certified
    assert_valid(problem, solution)
    rng = random.Random(1)
    shuffled = replace(
        problem, mentors=rng.sample(list(problem.mentors), 300), mentees=rng.sample(list(problem.mentees), 1500)
    )
    assert solve(shuffled) == solution
    baseline = greedy(problem)
    assert proposed_value(problem, baseline) <= proposed_value(problem, solution)


def person(person_id: str, languages: tuple[str, ...], **more) -> dict:
    return {"person_id": person_id, "participant_id": person_id, "manager_id": None, "department": "d",
            "languages": languages, **more}  # fmt: skip


SKILLS_ONLY = Policy(weights={c: 1 if c is Criterion.SKILLS else 0 for c in Criterion})


def test_the_optimum_matches_the_mentee_greedy_strands() -> None:
    mentors = [
        Mentor(**person("a", ("en", "fr")), skills=frozenset({"s1", "s2"})),
        Mentor(**person("b", ("en",)), skills=frozenset({"s1"})),
    ]
    mentees = [
        Mentee(**person("x", ("en",)), desired_skills=frozenset({"s1"})),
        Mentee(**person("y", ("fr",)), desired_skills=frozenset({"s2"})),
    ]
    problem = Problem(mentors=mentors, mentees=mentees, policy=SKILLS_ONLY)
    stranded = greedy(problem)
    assert [(p.mentee_id, p.mentor_id) for p in stranded.pairs] == [("x", "a")]
    assert [(u.mentee_id, u.reason) for u in stranded.unmatched] == [("y", UnmatchedReason.MENTORS_FULL)]
    optimum = solve(problem)
    assert [(p.mentee_id, p.mentor_id) for p in optimum.pairs] == [("x", "b"), ("y", "a")]
    assert optimum.certified and optimum.unmatched == []


def test_locks_are_kept_and_exclusions_honoured() -> None:
    mentors = [Mentor(**person(m, ("en",)), skills=frozenset({"s"}), capacity=1) for m in ("a", "b", "c")]
    mentees = [Mentee(**person(m, ("en",)), desired_skills=frozenset({"s"})) for m in ("x", "y", "z")]
    problem = Problem(
        mentors=mentors, mentees=mentees, policy=SKILLS_ONLY,
        locks=[("x", "c"), ("ghost", "a")], exclusions=frozenset({("y", "a"), ("z", "a")}),
    )  # fmt: skip
    solution = solve(problem)
    assert [(p.mentee_id, p.mentor_id, p.locked) for p in solution.pairs] == [("x", "c", True), ("y", "b", False)]
    assert [(u.mentee_id, u.reason) for u in solution.unmatched] == [("z", UnmatchedReason.MENTORS_FULL)]


def test_the_highest_total_never_proposes_a_pair_worth_nothing() -> None:
    mentors = [Mentor(**person("a", ("en",)), skills=frozenset({"t"}))]
    mentees = [Mentee(**person("x", ("en",)), desired_skills=frozenset({"s"}))]
    policy = replace(SKILLS_ONLY, objective=MatchObjective.HIGHEST_TOTAL)
    solution = solve(Problem(mentors=mentors, mentees=mentees, policy=policy))
    assert solution.pairs == []
    assert [(u.mentee_id, u.reason) for u in solution.unmatched] == [("x", UnmatchedReason.BELOW_MIN_SCORE)]
    most = solve(Problem(mentors=mentors, mentees=mentees, policy=SKILLS_ONLY))
    assert [(p.mentee_id, p.score_units) for p in most.pairs] == [("x", 0)]


def test_a_mentee_nobody_may_mentor_hears_who_came_nearest() -> None:
    mentors = [
        Mentor(**person(m, ("fr",)), skills=frozenset(s)) for m, s in [("a", "s"), ("b", "st"), ("c", ""), ("d", "s")]
    ]
    mentees = [Mentee(**person("x", ("en",)), desired_skills=frozenset("st"))]
    solution = solve(Problem(mentors=mentors, mentees=mentees, policy=SKILLS_ONLY))
    assert [(u.reason, u.nearest) for u in solution.unmatched] == [
        (UnmatchedReason.NO_ELIGIBLE_MENTOR, ("b", "a", "d"))
    ]


def test_the_certificate_refuses_an_assignment_that_is_not_optimal() -> None:
    candidates = Pairs.of(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([100_000, 100_000, 100_000]))
    free, lift = np.array([1, 1]), 3 * 100_000
    greedy_choice = np.array([True, False, False])  # x-a leaves y without a mentor
    best_choice = np.array([False, True, True])  # x-b and y-a
    assert prices(candidates, greedy_choice, free, 2, lift) is None
    proof = prices(candidates, best_choice, free, 2, lift)
    assert proof is not None
    assert (proof.mentees[candidates.rows] + proof.mentors[candidates.cols] >= lift + candidates.units).all()
