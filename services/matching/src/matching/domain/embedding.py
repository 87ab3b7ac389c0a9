"""Every pair's score, approximately, as one matrix product; every group rule folded in as a large penalty.

Each criterion is linear in one-hot codes: a mentor is a row of indicators (their skills, department, place, grade,
time zone, language set), a mentee a row of what each indicator is worth to them, taken from tables that the exact
value functions of `scoring` fill. A rule that forbids a whole group of pairs (language, time zone, grade gap, a
must criterion) adds −PENALTY to the table cell, so that one float32 product gives, for a block of pairs, the score
in units (off by at most `error` from the exact units) or a value below −PENALTY / 2 for a forbidden pair. The rules
about single pairs and must skills or goals are applied to each block from the encoded cohort. Callers decide
with the exact units of `scoring` wherever the approximation is within `error` of a threshold.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matching.domain import scoring
from matching.domain.encoding import Encoded, People
from matching.domain.policy import Policy
from mentoring_contracts.names import Criterion

PENALTY = 1e9
FORBIDDEN = -PENALTY / 2  # at or below: a hard rule forbids the pair
_FLOAT32_UNIT_ROUNDOFF = 2.0**-24

Table = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]  # mentee, mentor codes → score, penalty


@dataclass(frozen=True)
class Embedding:
    mentees: np.ndarray  # (mentees, dims) float32: score and penalties
    mentees_unruled: np.ndarray  # (mentees, dims) float32: score only
    mentors: np.ndarray  # (mentors, dims) float32 indicators
    error: float  # bound on |approximate − exact units| of an allowed pair
    must_sets: tuple[np.ndarray, ...]  # (mentees, tags) float32: per must skills or goals, the tags a mentee names
    skills: np.ndarray  # (mentors, tags) float32: each mentor's skills, where a must needs them

    def block(self, encoded: Encoded, rows: np.ndarray, cols: np.ndarray, ruled: bool = True) -> np.ndarray:
        """Approximate units of rows × cols; with `ruled`, −inf or below FORBIDDEN where a hard rule forbids."""
        mentees = self.mentees if ruled else self.mentees_unruled
        values = mentees[rows] @ self.mentors[cols].T
        if not ruled:
            return values
        for named in self.must_sets:
            values[(named[rows] @ self.skills[cols].T) == 0] = -np.inf
        at = np.full(len(encoded.mentors), -1, dtype=np.int64)
        at[cols] = np.arange(len(cols))
        starts, ends = encoded.forbidden_starts[rows], encoded.forbidden_starts[rows + 1]
        counts = ends - starts
        local = np.repeat(np.arange(len(rows)), counts)
        keys = encoded.forbidden[np.repeat(starts, counts) + _ranks(counts)]
        positions = at[keys % len(encoded.mentors)]
        values[local[positions >= 0], positions[positions >= 0]] = -np.inf
        return values


def embed(encoded: Encoded, policy: Policy) -> Embedding:
    total = policy.total_weight
    scale = scoring.FULL_SCORE / total if total else 0.0
    weight = {c: policy.weights[c] * scale for c in Criterion}
    mentee, mentor = encoded.mentees, encoded.mentors
    parts = [
        _tags(mentee, mentor, weight),
        _categorical(
            mentee.department[:, None], mentor.department[:, None], _department(policy, weight[Criterion.DIVERSITY])
        ),
        _categorical(mentee.place[:, None], mentor.place[:, None], _place(policy, weight[Criterion.LOCATION])),
        _categorical(_grades(mentee), _grades(mentor), _grade(policy, weight[Criterion.SENIORITY])),
        _categorical(_offsets(mentee), _offsets(mentor), _offset(policy, weight[Criterion.TIME_ZONE])),
    ]
    if policy.shared_language:
        parts.append(_categorical(mentee.languages, mentor.languages, _language))
    scores = np.hstack([score for score, _, _ in parts])
    penalties = np.hstack([penalty for _, penalty, _ in parts])
    indicators = np.hstack([indicator for _, _, indicator in parts])
    dims = indicators.shape[1]
    must_sets = tuple(
        _indicators(mentee.tags if criterion is Criterion.SKILLS else mentee.goals)
        for criterion in (Criterion.SKILLS, Criterion.GOALS)
        if criterion in policy.must
    )
    return Embedding(
        mentees=(scores + penalties).astype(np.float32),
        mentees_unruled=scores.astype(np.float32),
        mentors=indicators.astype(np.float32),
        error=0.5 + 1e-6 + 1.01 * (dims + 2) * _FLOAT32_UNIT_ROUNDOFF * scoring.FULL_SCORE,
        must_sets=must_sets,
        skills=_indicators(mentor.tags) if must_sets else np.zeros((len(mentor), 0), dtype=np.float32),
    )


def _ranks(counts: np.ndarray) -> np.ndarray:
    """0, 1, … counts[0] − 1, 0, 1, … for each group: positions within consecutive groups."""
    ends = np.cumsum(counts)
    return np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - counts, counts)


def _indicators(words: np.ndarray) -> np.ndarray:
    return np.unpackbits(words.view(np.uint8), axis=1, bitorder="little").astype(np.float32)


def _tags(mentee: People, mentor: People, weight: dict[Criterion, float]):
    wanted, goals, skills = (
        _indicators(words).astype(np.float64) for words in (mentee.tags, mentee.goals, mentor.tags)
    )
    held = skills.any(axis=0)
    per_skill = weight[Criterion.SKILLS] / np.maximum(mentee.tag_count, 1)[:, None]
    per_goal = weight[Criterion.GOALS] / np.maximum(mentee.goal_count, 1)[:, None]
    score = (wanted * per_skill + goals * per_goal)[:, held]
    return score, np.zeros_like(score), skills[:, held]


def _categorical(mentee_codes: np.ndarray, mentor_codes: np.ndarray, table: Table):
    """One indicator per distinct mentor code; each mentee gets the table's row for their own code."""
    mentor_kinds, mentor_kind = np.unique(mentor_codes, axis=0, return_inverse=True)
    mentee_kinds, mentee_kind = np.unique(mentee_codes, axis=0, return_inverse=True)
    score, penalty = table(mentee_kinds[:, None, :], mentor_kinds[None, :, :])
    indicators = np.zeros((len(mentor_codes), len(mentor_kinds)))
    indicators[np.arange(len(mentor_codes)), mentor_kind.ravel()] = 1.0
    shape = (len(mentee_kinds), len(mentor_kinds))
    score, penalty = np.broadcast_to(score, shape), np.broadcast_to(penalty, shape)
    return score[mentee_kind.ravel()], penalty[mentee_kind.ravel()], indicators


def _grades(people: People) -> np.ndarray:
    return np.stack([people.grade, people.grade_known.astype(np.int64)], axis=1)


def _offsets(people: People) -> np.ndarray:
    return np.stack([people.offset, people.offset_known.astype(np.int64)], axis=1)


def _must(policy: Policy, criterion: Criterion, value: np.ndarray) -> np.ndarray:
    return PENALTY * ((value == 0) & (criterion in policy.must))


def _department(policy: Policy, weight: float) -> Table:
    def table(mentee: np.ndarray, mentor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        value = scoring.diversity(mentor[..., 0], mentee[..., 0])
        return weight * value, -_must(policy, Criterion.DIVERSITY, value)

    return table


def _place(policy: Policy, weight: float) -> Table:
    def table(mentee: np.ndarray, mentor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        value = scoring.location(mentor[..., 0], mentee[..., 0])
        return weight * value, -_must(policy, Criterion.LOCATION, value)

    return table


def _grade(policy: Policy, weight: float) -> Table:
    def table(mentee: np.ndarray, mentor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        known = mentor[..., 1] == 1, mentee[..., 1] == 1
        value = scoring.seniority(mentor[..., 0], known[0], mentee[..., 0], known[1], policy.preferred_grade_gap)
        close = scoring.grade_too_close(mentor[..., 0], known[0], mentee[..., 0], known[1], policy)
        return weight * value, -_must(policy, Criterion.SENIORITY, value) - PENALTY * close

    return table


def _offset(policy: Policy, weight: float) -> Table:
    def table(mentee: np.ndarray, mentor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        known = mentor[..., 1] == 1, mentee[..., 1] == 1
        value = scoring.time_zone(mentor[..., 0], known[0], mentee[..., 0], known[1])
        far = scoring.too_far(mentor[..., 0], known[0], mentee[..., 0], known[1], policy)
        return weight * value, -_must(policy, Criterion.TIME_ZONE, value) - PENALTY * far

    return table


def _language(mentee: np.ndarray, mentor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    apart = scoring.shared_count(mentee, mentor) == 0
    return np.zeros(apart.shape), -PENALTY * apart
