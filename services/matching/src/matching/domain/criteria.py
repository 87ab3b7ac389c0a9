"""How good a pair is: each criterion's value in [0, 1], weighed by the policy into a score in [0, 100].

The score is kept as integer units (`SCORE_UNITS` per point) so that the solver compares pairs exactly: equal in
words is equal in the solver, and a run solved twice gives the same pairs. This scalar version is the definition;
the solver computes the same formulas for a whole cohort at once, in the same order and precision, and the tests
hold the two to identical units.
"""

from dataclasses import dataclass

from matching.domain.candidates import Mentee, Mentor
from matching.domain.policy import Policy
from mentoring_contracts.names import Criterion

SCORE_UNITS = 1000  # units per point of score: scores are exact to 0.001
SENIORITY_SPAN = 3  # grade levels away from the preferred gap at which seniority scores nothing
TIME_ZONE_SPAN_HOURS = 8  # hours apart at which working days no longer overlap


@dataclass(frozen=True)
class Contribution:
    criterion: Criterion
    weight: int
    contribution: float  # points of the score, 0-100 in all
    detail: str


def criterion_value(criterion: Criterion, mentor: Mentor, mentee: Mentee, policy: Policy) -> float:
    match criterion:
        case Criterion.SKILLS:
            return _share(mentee.desired_skills, mentor.skills)
        case Criterion.GOALS:
            return _share(mentee.goal_tags, mentor.skills)
        case Criterion.DIVERSITY:
            return 1.0 if mentor.department != mentee.department else 0.0
        case Criterion.SENIORITY:
            if mentor.grade_level is None or mentee.grade_level is None:
                return 0.0
            off = abs(mentor.grade_level - mentee.grade_level - policy.preferred_grade_gap)
            return max(0.0, 1.0 - off / SENIORITY_SPAN)
        case Criterion.LOCATION:
            return 1.0 if mentor.location is not None and mentor.location == mentee.location else 0.0
        case Criterion.TIME_ZONE:
            if mentor.utc_offset is None or mentee.utc_offset is None:
                return 0.0
            return max(0.0, 1.0 - abs(mentor.utc_offset - mentee.utc_offset) / 60 / TIME_ZONE_SPAN_HOURS)


def score_units(mentor: Mentor, mentee: Mentee, policy: Policy) -> int:
    """The score in units: 100 × Σ weight × value / Σ weight, summed in `Criterion` order, rounded half to even."""
    total = policy.total_weight
    if total == 0:
        return 0
    weighted = 0.0
    for criterion in Criterion:
        weighted += policy.weights[criterion] * criterion_value(criterion, mentor, mentee, policy)
    return round(weighted * (100 * SCORE_UNITS) / total)


def score(mentor: Mentor, mentee: Mentee, policy: Policy) -> float:
    return score_units(mentor, mentee, policy) / SCORE_UNITS


def explain(mentor: Mentor, mentee: Mentee, policy: Policy) -> list[Contribution]:
    """Each criterion's part of the pair's score, with what it saw, in words a coordinator can show the pair."""
    total = policy.total_weight or 1
    return [
        Contribution(
            criterion,
            policy.weights[criterion],
            round(
                100 * policy.weights[criterion] * (value := criterion_value(criterion, mentor, mentee, policy)) / total,
                3,
            ),
            _detail(criterion, mentor, mentee, value, policy),
        )
        for criterion in Criterion
    ]


def _share(wanted: frozenset[str], offered: frozenset[str]) -> float:
    return len(wanted & offered) / len(wanted) if wanted else 0.0


def _listed(tags: frozenset[str]) -> str:
    return ", ".join(sorted(tags)) or "none"


def _detail(criterion: Criterion, mentor: Mentor, mentee: Mentee, value: float, policy: Policy) -> str:
    match criterion:
        case Criterion.SKILLS:
            shared = mentee.desired_skills & mentor.skills
            return f"has {len(shared)} of the {len(mentee.desired_skills)} skills wanted: {_listed(shared)}"
        case Criterion.GOALS:
            if not mentee.goal_tags:
                return "the mentee named no goals"
            shared = mentee.goal_tags & mentor.skills
            return f"strong in {len(shared)} of the {len(mentee.goal_tags)} goals: {_listed(shared)}"
        case Criterion.DIVERSITY:
            if value:
                return f"from another department ({mentor.department}, the mentee {mentee.department})"
            return f"from the same department ({mentee.department})"
        case Criterion.SENIORITY:
            if mentor.grade_level is None or mentee.grade_level is None:
                return "a grade level is unknown"
            gap = mentor.grade_level - mentee.grade_level
            return f"{gap} grade levels above the mentee; the programme prefers {policy.preferred_grade_gap}"
        case Criterion.LOCATION:
            return "both work in the same place" if value else "they work in different places, or one is unknown"
        case Criterion.TIME_ZONE:
            if mentor.utc_offset is None or mentee.utc_offset is None:
                return "a time zone is unknown"
            return f"{abs(mentor.utc_offset - mentee.utc_offset) / 60:g} hours apart"
