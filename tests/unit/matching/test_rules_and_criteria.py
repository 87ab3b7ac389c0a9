"""Each hard rule and each criterion, one pair at a time: the scalar definitions the solver is held to."""

from dataclasses import replace

import pytest

from matching.domain import Hierarchy, Mentee, Mentor, Policy, broken_rules, score, score_units
from matching.domain.criteria import criterion_value
from mentoring_contracts.enrolment import HardRules, MatchingPolicy
from mentoring_contracts.names import Criterion, HardRule, MatchObjective

pytestmark = pytest.mark.unit

NO_RULES = Policy(shared_language=False)
NO_MANAGERS = Hierarchy()


def mentor(person_id: str = "m", **facts) -> Mentor:
    defaults = {"participant_id": f"part-{person_id}", "manager_id": None, "department": "d", "languages": ("en",)}
    return Mentor(person_id=person_id, **{**defaults, **facts})


def mentee(person_id: str = "e", **facts) -> Mentee:
    defaults = {"participant_id": f"part-{person_id}", "manager_id": None, "department": "d", "languages": ("en",)}
    return Mentee(person_id=person_id, **{**defaults, **facts})


def rules(a_mentor: Mentor, a_mentee: Mentee, policy: Policy = NO_RULES, hierarchy: Hierarchy = NO_MANAGERS):
    return broken_rules(a_mentor, a_mentee, policy, hierarchy)


def test_a_plain_pair_breaks_nothing() -> None:
    assert rules(mentor(), mentee(), Policy()) == []


def test_nobody_mentors_themself() -> None:
    assert rules(mentor("p"), mentee("p")) == [HardRule.SELF]


def test_a_manager_may_not_mentor_their_report_nor_be_mentored_by_them() -> None:
    assert rules(mentor("boss"), mentee("e", manager_id="boss")) == [HardRule.REPORTING_LINE]
    assert rules(mentor("m", manager_id="e"), mentee("e")) == [HardRule.REPORTING_LINE]


def test_the_reporting_line_runs_through_two_levels_both_ways() -> None:
    hierarchy = Hierarchy({"e": "lead", "lead": "head", "m": "chief", "chief": "director"})
    assert rules(mentor("head"), mentee("e"), hierarchy=hierarchy) == [HardRule.REPORTING_LINE]
    assert rules(mentor("m"), mentee("director"), hierarchy=hierarchy) == [HardRule.REPORTING_LINE]
    assert rules(mentor("m"), mentee("e"), hierarchy=hierarchy) == []


def test_the_hierarchy_map_outranks_a_persons_own_manager_and_a_loop_ends() -> None:
    hierarchy = Hierarchy({"e": "a", "a": "b", "b": "e"})
    assert hierarchy.above("e", "ignored") == ("a", "b")
    assert rules(mentor("b"), mentee("e", manager_id="ignored"), hierarchy=hierarchy) == [HardRule.REPORTING_LINE]
    assert rules(mentor("x"), mentee("e"), hierarchy=hierarchy) == []
    assert Hierarchy({"p": "p"}).above("p") == ()


def test_a_conflict_declared_by_either_forbids_the_pair() -> None:
    assert rules(mentor("m", conflicts=frozenset({"e"})), mentee("e")) == [HardRule.CONFLICT]
    assert rules(mentor("m"), mentee("e", conflicts=frozenset({"m"}))) == [HardRule.CONFLICT]


def test_a_shared_language_is_needed_when_the_policy_says_so() -> None:
    french, english = mentor(languages=("fr",)), mentee(languages=("en", "de"))
    assert rules(french, english, Policy()) == [HardRule.SHARED_LANGUAGE]
    assert rules(french, english, Policy(shared_language=False)) == []
    assert rules(mentor(languages=("de",)), english, Policy()) == []


def test_time_zones_too_far_apart_when_both_are_known() -> None:
    policy = Policy(shared_language=False, max_time_zone_hours=5)
    assert rules(mentor(utc_offset=330), mentee(utc_offset=0), policy) == [HardRule.TIME_ZONE_DIFFERENCE]
    assert rules(mentor(utc_offset=300), mentee(utc_offset=0), policy) == []
    assert rules(mentor(utc_offset=None), mentee(utc_offset=0), policy) == []
    assert rules(mentor(utc_offset=600), mentee(utc_offset=-600), NO_RULES) == []


def test_the_grade_gap_is_checked_only_where_both_grades_are_known() -> None:
    policy = Policy(shared_language=False, min_grade_gap=2)
    assert rules(mentor(grade_level=5), mentee(grade_level=4), policy) == [HardRule.GRADE_GAP]
    assert rules(mentor(grade_level=6), mentee(grade_level=4), policy) == []
    assert rules(mentor(grade_level=None), mentee(grade_level=4), policy) == []
    assert rules(mentor(grade_level=3), mentee(grade_level=4), replace(policy, min_grade_gap=-1)) == []


def test_a_must_criterion_scoring_nothing_forbids_the_pair() -> None:
    policy = Policy(shared_language=False, must=frozenset({Criterion.SKILLS}))
    wants = mentee(desired_skills=frozenset({"go"}))
    assert rules(mentor(skills=frozenset({"sql"})), wants, policy) == [HardRule.MUST_MATCH]
    assert rules(mentor(skills=frozenset({"go"})), wants, policy) == []
    diverse = Policy(shared_language=False, must=frozenset({Criterion.DIVERSITY}))
    assert rules(mentor(department="d"), mentee(department="d"), diverse) == [HardRule.MUST_MATCH]


def test_every_broken_rule_is_named_in_order() -> None:
    policy = Policy(max_time_zone_hours=1, min_grade_gap=1)
    pair = mentor("p", languages=("fr",), utc_offset=300, grade_level=1), mentee("p", utc_offset=0, grade_level=3)
    assert rules(*pair, policy) == [
        HardRule.SELF, HardRule.SHARED_LANGUAGE, HardRule.TIME_ZONE_DIFFERENCE, HardRule.GRADE_GAP,
    ]  # fmt: skip
    line = mentor("m", manager_id="e", conflicts=frozenset({"e"})), mentee("e")
    assert rules(*line) == [HardRule.REPORTING_LINE, HardRule.CONFLICT]


def value(criterion: Criterion, a_mentor: Mentor, a_mentee: Mentee, policy: Policy = NO_RULES) -> float:
    return criterion_value(criterion, a_mentor, a_mentee, policy)


def test_skills_are_the_share_of_desired_skills_the_mentor_has() -> None:
    wants = mentee(desired_skills=frozenset({"go", "sql", "kafka", "rust"}))
    assert value(Criterion.SKILLS, mentor(skills=frozenset({"go", "sql", "x"})), wants) == 0.5
    assert value(Criterion.SKILLS, mentor(skills=frozenset({"go"})), mentee()) == 0.0


def test_goals_are_the_share_of_goal_tags_among_the_mentors_skills() -> None:
    goals = mentee(goal_tags=frozenset({"lead", "speak", "write"}))
    assert value(Criterion.GOALS, mentor(skills=frozenset({"lead"})), goals) == pytest.approx(1 / 3)
    assert value(Criterion.GOALS, mentor(skills=frozenset({"lead"})), mentee()) == 0.0


def test_diversity_prefers_another_department() -> None:
    assert value(Criterion.DIVERSITY, mentor(department="a"), mentee(department="b")) == 1.0
    assert value(Criterion.DIVERSITY, mentor(department="a"), mentee(department="a")) == 0.0


def test_seniority_peaks_at_the_preferred_gap_and_is_nothing_where_a_grade_is_unknown() -> None:
    policy = Policy(preferred_grade_gap=2)
    assert value(Criterion.SENIORITY, mentor(grade_level=6), mentee(grade_level=4), policy) == 1.0
    assert value(Criterion.SENIORITY, mentor(grade_level=5), mentee(grade_level=4), policy) == pytest.approx(2 / 3)
    assert value(Criterion.SENIORITY, mentor(grade_level=1), mentee(grade_level=4), policy) == 0.0
    assert value(Criterion.SENIORITY, mentor(grade_level=None), mentee(grade_level=4), policy) == 0.0


def test_location_is_the_same_opaque_place_key() -> None:
    assert value(Criterion.LOCATION, mentor(location="place-7"), mentee(location="place-7")) == 1.0
    assert value(Criterion.LOCATION, mentor(location="place-7"), mentee(location="place-8")) == 0.0
    assert value(Criterion.LOCATION, mentor(location=None), mentee(location=None)) == 0.0


def test_time_zones_overlap_less_the_further_apart_and_unknown_scores_nothing() -> None:
    assert value(Criterion.TIME_ZONE, mentor(utc_offset=60), mentee(utc_offset=60)) == 1.0
    assert value(Criterion.TIME_ZONE, mentor(utc_offset=240), mentee(utc_offset=0)) == 0.5
    assert value(Criterion.TIME_ZONE, mentor(utc_offset=600), mentee(utc_offset=-60)) == 0.0
    assert value(Criterion.TIME_ZONE, mentor(utc_offset=None), mentee(utc_offset=0)) == 0.0


def test_the_score_weighs_the_criteria_into_integer_units() -> None:
    policy = Policy(weights={c: 1 if c in (Criterion.SKILLS, Criterion.DIVERSITY) else 0 for c in Criterion})
    pair = mentor(skills=frozenset({"go"}), department="a"), mentee(desired_skills=frozenset({"go", "sql"}))
    assert score_units(*pair, policy) == 75_000
    assert score(*pair, policy) == 75.0
    assert score_units(*pair, Policy(weights=dict.fromkeys(Criterion, 0))) == 0


def test_the_units_round_half_to_even() -> None:
    policy = Policy(weights={c: 1 if c in (Criterion.SKILLS, Criterion.GOALS) else 0 for c in Criterion})
    wants = mentee(desired_skills=frozenset({"a"}), goal_tags=frozenset({f"g{i}" for i in range(8)}))
    assert score_units(mentor(skills=frozenset({"g0"})), wants, policy) == 6250  # 100_000 × (1/8) / 2 = 6250
    three = mentee(desired_skills=frozenset({"a", "b", "c"}))
    assert score_units(mentor(skills=frozenset({"a"})), three, policy) == round(100_000 / 3 / 2)


def test_the_policy_takes_every_setting_from_the_contract() -> None:
    contract = MatchingPolicy(
        weights={Criterion.SKILLS: "must", Criterion.LOCATION: 0},
        hard_rules=HardRules(shared_language=False, max_time_zone_hours=4.5, min_grade_gap=1),
        objective=MatchObjective.HIGHEST_TOTAL,
        min_score=40,
        preferred_grade_gap=3,
    )
    policy = Policy.of(contract)
    assert policy.weights == {
        Criterion.SKILLS: 10, Criterion.GOALS: 3, Criterion.DIVERSITY: 2, Criterion.SENIORITY: 2,
        Criterion.LOCATION: 0, Criterion.TIME_ZONE: 1,
    }  # fmt: skip
    assert policy.must == {Criterion.SKILLS}
    assert (policy.objective, policy.min_score, policy.preferred_grade_gap) == (MatchObjective.HIGHEST_TOTAL, 40, 3)
    assert (policy.shared_language, policy.max_time_zone_hours, policy.min_grade_gap) == (False, 4.5, 1)
    assert Policy.of(MatchingPolicy()) == Policy()
    assert policy.overridden(MatchObjective.MOST_MATCHED, None).objective is MatchObjective.MOST_MATCHED
