"""Who may mentor whom, how good a pair is, and which pairs a run proposes. Pure: no I/O, so the algorithm can be
swapped freely and every rule tested at unit speed."""

from matching.domain.candidates import Mentee, Mentor, Person
from matching.domain.criteria import SCORE_UNITS, Contribution, explain, score, score_units
from matching.domain.hierarchy import Hierarchy
from matching.domain.policy import Policy
from matching.domain.problem import Pairing, Problem, ProposedPair, Solution, Unmatched
from matching.domain.rules import broken_rules, refusal, why_not

__all__ = [
    "SCORE_UNITS",
    "Contribution",
    "Hierarchy",
    "Mentee",
    "Mentor",
    "Pairing",
    "Person",
    "Policy",
    "Problem",
    "ProposedPair",
    "Solution",
    "Unmatched",
    "broken_rules",
    "explain",
    "refusal",
    "score",
    "score_units",
    "why_not",
]
