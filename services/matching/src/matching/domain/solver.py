"""The optimal proposal over every allowed pair, with a proof that it is optimal.

Each open mentee's best SHORTLIST allowed mentors (exact units) make the first candidate graph; the min-cost flow
(`flow`) solves it; the least dual prices that prove it optimal on those candidates (`certificate`) then price
every pair left out. A left-out pair can only improve the assignment if its weight beats the prices of its mentee
and mentor; a mentee whose price already covers the best pair they left out (their shortlist bound) has none, so
only the others' rows are scanned, and only against mentors priced low enough. Pairs that could improve join the
candidates and the flow is solved again, until none is left: then `certified` is true. Every array is built from
the canonical (person id) order of `encoding`, so the same problem in any order gives the same pairs.
"""

import numpy as np

from matching.domain.certificate import Prices, prices
from matching.domain.criteria import SCORE_UNITS, score_units
from matching.domain.embedding import embed
from matching.domain.encoding import encode
from matching.domain.flow import assign
from matching.domain.policy import Policy
from matching.domain.problem import Problem, ProposedPair, Solution
from matching.domain.reasons import settled
from matching.domain.scoring import FULL_SCORE
from matching.domain.shortlist import Context, Pairs, beating, shortlist
from mentoring_contracts.names import MatchObjective

SHORTLIST = 40  # mentors first considered per mentee; the pricing adds any other that could improve the optimum
MAX_PRICING_ROUNDS = 50
ADDED_PER_MENTEE = 4  # pairs a pricing round adds at most per mentee: the ones that beat the prices by the most


def solve(problem: Problem, shortlist_size: int = SHORTLIST) -> Solution:
    """The certified optimum; `shortlist_size` only changes how much work the pricing does, never the answer."""
    context = prepare(problem)
    encoded = context.encoded
    open_mentees = np.arange(len(encoded.mentees))
    open_mentors = np.nonzero(encoded.free > 0)[0]
    candidates, bounds = shortlist(context, open_mentees, open_mentors, shortlist_size)
    most_matched = problem.policy.objective is MatchObjective.MOST_MATCHED
    lift = (len(encoded.mentees) + 1) * FULL_SCORE if most_matched else 0
    certified, rounds = False, 0
    while True:
        chosen = assign(candidates, encoded.free, may_leave_out=not most_matched)
        if rounds == MAX_PRICING_ROUNDS:
            break
        proof = prices(candidates, chosen, encoded.free, len(encoded.mentees), lift)
        rounds += 1
        if proof is None:
            break
        better = _could_improve(context, proof, bounds, lift, open_mentors, candidates)
        if not len(better):
            certified = True
            break
        candidates = candidates + better
    pairs = [*locked_pairs(context), *_proposed(context, candidates, chosen)]
    return settled(
        context, pairs, candidates.rows[chosen], candidates.rows,
        certified=certified, candidates=len(candidates), pricing_rounds=rounds,
    )  # fmt: skip


def prepare(problem: Problem) -> Context:
    encoded = encode(problem)
    return Context(encoded, problem.policy, embed(encoded, problem.policy), least_units(problem.policy))


def least_units(policy: Policy) -> int:
    """The least units a proposed pair may score: the minimum score, to the score's own precision (a minimum of
    35.714 admits a pair scoring 35.714), and for the highest total, more than nothing."""
    least = 0 if policy.min_score is None else round(policy.min_score * SCORE_UNITS)
    return max(least, 1) if policy.objective is MatchObjective.HIGHEST_TOTAL else least


def locked_pairs(context: Context) -> list[ProposedPair]:
    return [
        ProposedPair(mentee.person_id, mentor.person_id, score_units(mentor, mentee, context.policy), locked=True)
        for mentee, mentor in context.encoded.locks
    ]


def _could_improve(
    context: Context, proof: Prices, bounds: np.ndarray, lift: int, open_mentors: np.ndarray, candidates: Pairs
) -> Pairs:
    """Left-out allowed pairs whose weight beats the prices of their mentee and mentor."""
    floors = proof.mentees - lift  # a pair beats the prices if units > floor + mentor price
    unsure = np.nonzero((bounds >= 0) & (floors < bounds))[0]
    order = np.argsort(proof.mentors[open_mentors], kind="stable")
    cols = open_mentors[order]
    mentor_prices = proof.mentors[cols]
    reach = np.searchsorted(mentor_prices, bounds[unsure] - floors[unsure], side="left")
    return beating(context, unsure, floors[unsure], reach, cols, mentor_prices, candidates, ADDED_PER_MENTEE)


def _proposed(context: Context, candidates: Pairs, chosen: np.ndarray) -> list[ProposedPair]:
    ids = context.encoded.mentees.ids, context.encoded.mentors.ids
    return [
        ProposedPair(ids[0][row], ids[1][col], int(units))
        for row, col, units in zip(*(a[chosen].tolist() for a in candidates.arrays()), strict=True)
    ]
