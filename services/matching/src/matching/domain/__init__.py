"""Who may mentor whom, and which pairs a run proposes. Pure: no I/O, so the algorithm can be swapped freely."""

from matching.domain.candidates import Mentee, Mentor, Proposal
from matching.domain.greedy import propose as greedy
from matching.domain.proposer import Proposer
from matching.domain.rules import eligible, score

__all__ = ["Mentee", "Mentor", "Proposal", "Proposer", "eligible", "greedy", "score"]
