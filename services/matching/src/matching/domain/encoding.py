"""A cohort as arrays in canonical order: mentees and mentors each sorted by person id, every attribute a code.

Everything the solver and the greedy baseline build is indexed by these positions, so one problem given with its
people in any order builds the same arrays, the same graph and finds the same pairs. The rules that concern few
pairs (oneself, reporting lines, declared conflicts, a coordinator's exclusions) are kept as a sorted list of
forbidden (mentee, mentor) positions; the rules that concern whole groups are left to the attribute codes.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matching.domain.candidates import Mentee, Mentor, Person
from matching.domain.problem import Problem


@dataclass(frozen=True)
class People:
    """One side of the cohort, in person-id order. Sets are bitmasks over the cohort's vocabulary (uint64 words)."""

    ids: tuple[str, ...]
    department: np.ndarray  # int32 code
    place: np.ndarray  # int32 code of the opaque location key, -1 where unknown
    grade: np.ndarray  # int64, meaningful where grade_known
    grade_known: np.ndarray
    offset: np.ndarray  # int64 minutes from UTC, meaningful where offset_known
    offset_known: np.ndarray
    languages: np.ndarray  # (n, words) uint64
    tags: np.ndarray  # (n, words) uint64: a mentor's skills, a mentee's desired skills
    tag_count: np.ndarray  # int64
    goals: np.ndarray  # (n, words) uint64: a mentee's goal tags, nothing for a mentor
    goal_count: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Encoded:
    mentees: People  # the open mentees: in the cohort, not already matched, not locked
    mentors: People  # every mentor of the cohort
    free: np.ndarray  # int64 places each mentor has left for this run: capacity − used − locks, at least 0
    forbidden: np.ndarray  # sorted unique int64 keys mentee × len(mentors) + mentor of pairs a sparse rule forbids
    forbidden_starts: np.ndarray  # int64 (len(mentees) + 1,): each mentee's slice of `forbidden`
    locks: tuple[tuple[Mentee, Mentor], ...]  # the locks within the cohort, in mentee then mentor id order

    def forbidden_pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        keys = rows.astype(np.int64) * len(self.mentors) + cols
        found = np.searchsorted(self.forbidden, keys)
        found[found == len(self.forbidden)] = 0
        return self.forbidden[found] == keys if len(self.forbidden) else np.zeros(len(keys), dtype=bool)


def encode(problem: Problem) -> Encoded:
    mentors = sorted(problem.mentors, key=lambda mentor: mentor.person_id)
    everyone = {mentee.person_id: mentee for mentee in problem.mentees}
    mentor_by_id = {mentor.person_id: mentor for mentor in mentors}
    locks = tuple(
        (everyone[mentee_id], mentor_by_id[mentor_id])
        for mentee_id, mentor_id in sorted(set(problem.locks))
        if mentee_id in everyone and mentor_id in mentor_by_id
    )
    locked = {mentee.person_id for mentee, _ in locks}
    mentees = [everyone[i] for i in sorted(everyone) if i not in problem.matched and i not in locked]
    vocabulary = _Vocabulary(mentors, mentees)
    taken = dict(problem.used)
    for _, mentor in locks:
        taken[mentor.person_id] = taken.get(mentor.person_id, 0) + 1
    free = np.array([max(0, m.capacity - taken.get(m.person_id, 0)) for m in mentors], dtype=np.int64)
    forbidden = _forbidden(problem, mentees, mentors)
    starts = np.searchsorted(forbidden, np.arange(len(mentees) + 1, dtype=np.int64) * len(mentors))
    return Encoded(
        mentees=vocabulary.people(mentees, [m.desired_skills for m in mentees], [m.goal_tags for m in mentees]),
        mentors=vocabulary.people(mentors, [m.skills for m in mentors], [frozenset()] * len(mentors)),
        free=free,
        forbidden=forbidden,
        forbidden_starts=starts,
        locks=locks,
    )


class _Vocabulary:
    """Codes for departments, places, languages and tags, in sorted order so that codes do not depend on input order."""

    def __init__(self, mentors: Sequence[Mentor], mentees: Sequence[Mentee]) -> None:
        people: list[Person] = [*mentors, *mentees]
        self.departments = _codes(p.department for p in people)
        self.places = _codes(p.location for p in people if p.location is not None)
        self.languages = _codes(language for p in people for language in p.languages)
        self.tags = _codes(
            [*(t for m in mentors for t in m.skills), *(t for m in mentees for t in m.desired_skills | m.goal_tags)]
        )

    def people(
        self, people: Sequence[Person], tags: Sequence[frozenset[str]], goals: Sequence[frozenset[str]]
    ) -> People:
        return People(
            ids=tuple(p.person_id for p in people),
            department=np.array([self.departments[p.department] for p in people], dtype=np.int32),
            place=np.array([-1 if p.location is None else self.places[p.location] for p in people], dtype=np.int32),
            grade=np.array([p.grade_level or 0 for p in people], dtype=np.int64),
            grade_known=np.array([p.grade_level is not None for p in people], dtype=bool),
            offset=np.array([p.utc_offset or 0 for p in people], dtype=np.int64),
            offset_known=np.array([p.utc_offset is not None for p in people], dtype=bool),
            languages=_bitmasks([frozenset(p.languages) for p in people], self.languages),
            tags=_bitmasks(tags, self.tags),
            tag_count=np.array([len(t) for t in tags], dtype=np.int64),
            goals=_bitmasks(goals, self.tags),
            goal_count=np.array([len(g) for g in goals], dtype=np.int64),
        )


def _codes(values: Iterable[str]) -> dict[str, int]:
    return {value: code for code, value in enumerate(sorted(set(values)))}


def _bitmasks(sets: Sequence[frozenset[str]], codes: dict[str, int]) -> np.ndarray:
    words = np.zeros((len(sets), max(1, -(-len(codes) // 64))), dtype=np.uint64)
    for row, values in enumerate(sets):
        for value in values:
            code = codes[value]
            words[row, code // 64] |= np.uint64(1) << np.uint64(code % 64)
    return words


def _forbidden(problem: Problem, mentees: Sequence[Mentee], mentors: Sequence[Mentor]) -> np.ndarray:
    """Pairs broken by oneself, a reporting line either way, a conflict declared by either, or an exclusion."""
    mentee_at = {m.person_id: row for row, m in enumerate(mentees)}
    mentor_at = {m.person_id: col for col, m in enumerate(mentors)}
    pairs: list[tuple[int, int]] = []
    for row, mentee in enumerate(mentees):
        above = problem.hierarchy.above(mentee.person_id, mentee.manager_id)
        related = [mentee.person_id, *above, *mentee.conflicts]
        pairs += [(row, mentor_at[person]) for person in related if person in mentor_at]
    for col, mentor in enumerate(mentors):
        above = problem.hierarchy.above(mentor.person_id, mentor.manager_id)
        pairs += [(mentee_at[person], col) for person in (*above, *mentor.conflicts) if person in mentee_at]
    pairs += [
        (mentee_at[mentee_id], mentor_at[mentor_id])
        for mentee_id, mentor_id in problem.exclusions
        if mentee_id in mentee_at and mentor_id in mentor_at
    ]
    if not pairs:
        return np.zeros(0, dtype=np.int64)
    rows, cols = np.array(pairs, dtype=np.int64).T
    return np.unique(rows * len(mentors) + cols)
