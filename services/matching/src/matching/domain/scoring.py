"""Score units and hard rules for many pairs at once, identical to the scalar definitions pair for pair.

`criteria.score_units` and `rules.broken_rules` define a pair's score and whether it may be proposed; here the same
formulas run on arrays of (mentee, mentor) positions: each criterion's value with the same float64 operations in
the same order, summed in `Criterion` order and rounded half to even, so the units are equal, not merely close.
The value functions take attribute arrays and broadcast, so the embedding builds its tables from them too.
"""

import numpy as np

from matching.domain.criteria import SCORE_UNITS, SENIORITY_SPAN, TIME_ZONE_SPAN_HOURS
from matching.domain.encoding import Encoded
from matching.domain.policy import Policy
from mentoring_contracts.names import Criterion

FULL_SCORE = 100 * SCORE_UNITS


def share(count: np.ndarray, size: np.ndarray) -> np.ndarray:
    return np.divide(count, size, out=np.zeros(np.broadcast(count, size).shape), where=size > 0)


def diversity(mentor_department: np.ndarray, mentee_department: np.ndarray) -> np.ndarray:
    return (mentor_department != mentee_department).astype(np.float64)


def seniority(
    mentor_grade: np.ndarray, mentor_known: np.ndarray, mentee_grade: np.ndarray, mentee_known: np.ndarray, gap: int
) -> np.ndarray:
    off = np.abs(mentor_grade - mentee_grade - gap)
    return np.where(mentor_known & mentee_known, np.maximum(0.0, 1.0 - off / SENIORITY_SPAN), 0.0)


def location(mentor_place: np.ndarray, mentee_place: np.ndarray) -> np.ndarray:
    return ((mentor_place == mentee_place) & (mentor_place >= 0)).astype(np.float64)


def time_zone(
    mentor_offset: np.ndarray, mentor_known: np.ndarray, mentee_offset: np.ndarray, mentee_known: np.ndarray
) -> np.ndarray:
    hours = np.abs(mentor_offset - mentee_offset) / 60
    return np.where(mentor_known & mentee_known, np.maximum(0.0, 1.0 - hours / TIME_ZONE_SPAN_HOURS), 0.0)


def too_far(
    mentor_offset: np.ndarray, mentor_known: np.ndarray, mentee_offset: np.ndarray, mentee_known: np.ndarray, policy
) -> np.ndarray:
    if policy.max_time_zone_hours is None:
        return np.zeros(np.broadcast(mentor_offset, mentee_offset).shape, dtype=bool)
    hours = np.abs(mentor_offset - mentee_offset) / 60
    return mentor_known & mentee_known & (hours > policy.max_time_zone_hours)


def grade_too_close(
    mentor_grade: np.ndarray, mentor_known: np.ndarray, mentee_grade: np.ndarray, mentee_known: np.ndarray, policy
) -> np.ndarray:
    return mentor_known & mentee_known & (mentor_grade - mentee_grade < policy.min_grade_gap)


def shared_count(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """How many members two bitmask sets (uint64 words on the last axis) have in common."""
    return np.bitwise_count(left & right).sum(axis=-1, dtype=np.int64)


def criterion_values(
    encoded: Encoded, policy: Policy, rows: np.ndarray, cols: np.ndarray
) -> dict[Criterion, np.ndarray]:
    mentee, mentor = encoded.mentees, encoded.mentors
    return {
        Criterion.SKILLS: share(shared_count(mentee.tags[rows], mentor.tags[cols]), mentee.tag_count[rows]),
        Criterion.GOALS: share(shared_count(mentee.goals[rows], mentor.tags[cols]), mentee.goal_count[rows]),
        Criterion.DIVERSITY: diversity(mentor.department[cols], mentee.department[rows]),
        Criterion.SENIORITY: seniority(
            mentor.grade[cols],
            mentor.grade_known[cols],
            mentee.grade[rows],
            mentee.grade_known[rows],
            policy.preferred_grade_gap,
        ),  # fmt: skip
        Criterion.LOCATION: location(mentor.place[cols], mentee.place[rows]),
        Criterion.TIME_ZONE: time_zone(
            mentor.offset[cols], mentor.offset_known[cols], mentee.offset[rows], mentee.offset_known[rows]
        ),
    }


def units(encoded: Encoded, policy: Policy, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """`score_units` of each pair (rows[k], cols[k]), as int64."""
    total = policy.total_weight
    if total == 0:
        return np.zeros(len(rows), dtype=np.int64)
    values = criterion_values(encoded, policy, rows, cols)
    weighted = np.zeros(len(rows))
    for criterion in Criterion:
        weighted = weighted + policy.weights[criterion] * values[criterion]
    return np.rint(weighted * FULL_SCORE / total).astype(np.int64)


def allowed(encoded: Encoded, policy: Policy, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """No hard rule broken and not excluded: `not broken_rules(...)` and not in `problem.exclusions`."""
    mentee, mentor = encoded.mentees, encoded.mentors
    ok = ~encoded.forbidden_pairs(rows, cols)
    if policy.shared_language:
        ok &= shared_count(mentee.languages[rows], mentor.languages[cols]) > 0
    ok &= ~too_far(
        mentor.offset[cols], mentor.offset_known[cols], mentee.offset[rows], mentee.offset_known[rows], policy
    )
    ok &= ~grade_too_close(
        mentor.grade[cols], mentor.grade_known[cols], mentee.grade[rows], mentee.grade_known[rows], policy
    )
    if policy.must:
        values = criterion_values(encoded, policy, rows, cols)
        for criterion in policy.must:
            ok &= values[criterion] != 0
    return ok
