"""What a match run solves and what it finds: plain values in, plain values out.

A `Problem` is everything a run's answer depends on, so a run stored with its problem reproduces; a `Solution` is
the proposal and, for every mentee left out, why.
"""

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field

from matching.domain.candidates import Mentee, Mentor
from matching.domain.hierarchy import Hierarchy
from matching.domain.policy import Policy
from mentoring_contracts.names import UnmatchedReason

Pairing = tuple[str, str]  # (mentee id, mentor id)


@dataclass(frozen=True)
class Problem:
    mentors: Sequence[Mentor]
    mentees: Sequence[Mentee]
    policy: Policy
    hierarchy: Hierarchy = Hierarchy()
    used: Mapping[str, int] = field(default_factory=dict)  # mentor id → places taken by pairs already published
    matched: Set[str] = frozenset()  # mentees already in a published pair: not matched again
    locks: Sequence[Pairing] = ()  # pairs a coordinator fixed: kept as they are, within the rules and capacity
    exclusions: Set[Pairing] = frozenset()  # pairs a coordinator ruled out

    def mentor(self, person_id: str) -> Mentor | None:
        return next((mentor for mentor in self.mentors if mentor.person_id == person_id), None)

    def mentee(self, person_id: str) -> Mentee | None:
        return next((mentee for mentee in self.mentees if mentee.person_id == person_id), None)


@dataclass(frozen=True)
class ProposedPair:
    mentee_id: str
    mentor_id: str
    score_units: int
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee_id: str
    reason: UnmatchedReason
    nearest: tuple[str, ...] = ()  # for no eligible mentor: the best-scoring mentors a rule excluded, best first


@dataclass(frozen=True)
class Solution:
    pairs: list[ProposedPair]  # in mentee id order
    unmatched: list[Unmatched]  # in mentee id order
    certified: bool  # proven optimal over every allowed pair, not only the candidates first considered
    candidates: int  # pairs the solver's graph held in the end
    pricing_rounds: int
