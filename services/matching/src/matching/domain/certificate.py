"""Dual prices that prove an assignment optimal, in exact integers.

The assignment is a b-matching of largest weight, weight = lift + units per pair (lift, larger than any total of
units, makes "most matched, then best total" a single weight; 0 for "best total"). Its linear-programming dual
prices each mentee y ≥ 0 and each mentor z ≥ 0 with y + z ≥ weight for every allowed pair. The assignment is
optimal over every allowed pair if and only if such prices exist that are tight on its pairs (y + z = weight), zero
for a mentee it leaves out and zero for a mentor with a place left: the matching problem's constraint matrix is
totally unimodular, so the integer and linear optima are equal. Here the least mentor prices meeting those
conditions on the candidate pairs are found by longest paths (Bellman-Ford, from the prices that the left-out
mentees force), every condition is checked again, and `None` says the assignment is not optimal on its candidates.
Pairs outside the candidates are then priced by the solver: any with y + z < weight could improve the assignment.
"""

from dataclasses import dataclass

import numpy as np

from matching.domain.shortlist import Pairs


@dataclass(frozen=True)
class Prices:
    mentees: np.ndarray  # int64 y per mentee position
    mentors: np.ndarray  # int64 z per mentor position


def prices(candidates: Pairs, chosen: np.ndarray, free: np.ndarray, mentees: int, lift: int) -> Prices | None:
    """The highest mentor prices that prove `chosen` optimal on `candidates`, or None if it is not optimal there."""
    weight = lift + candidates.units
    partner = np.full(mentees, -1, dtype=np.int64)
    partner_weight = np.zeros(mentees, dtype=np.int64)
    partner[candidates.rows[chosen]] = candidates.cols[chosen]
    partner_weight[candidates.rows[chosen]] = weight[chosen]
    places_used = np.bincount(candidates.cols[chosen], minlength=len(free))
    ceiling = np.full(len(free), np.iinfo(np.int64).max // 4)
    np.minimum.at(ceiling, candidates.cols[chosen], weight[chosen])  # a partner's price stays ≥ 0
    ceiling[places_used < free] = 0  # a mentor with a place left is free
    rival = (partner[candidates.rows] >= 0) & ~chosen
    tails = partner[candidates.rows[rival]]
    negated = _longest_paths(
        -ceiling, candidates.cols[rival], tails, weight[rival] - partner_weight[candidates.rows[rival]]
    )
    if negated is None:
        return None
    mentor_price = -negated
    mentee_price = np.zeros(mentees, dtype=np.int64)
    matched = partner >= 0
    mentee_price[matched] = partner_weight[matched] - mentor_price[partner[matched]]
    feasible = mentee_price[candidates.rows] + mentor_price[candidates.cols] >= weight
    if not feasible.all() or (mentee_price < 0).any() or (mentor_price[places_used < free] != 0).any():
        return None
    return Prices(mentee_price, mentor_price)


def _longest_paths(start: np.ndarray, tails: np.ndarray, heads: np.ndarray, lengths: np.ndarray) -> np.ndarray | None:
    """The least prices ≥ start with price[head] ≥ price[tail] + length; None if a positive cycle makes none.

    Called with negated prices and reversed arcs, it gives the highest prices ≤ a ceiling with
    price[tail] ≤ price[head] − length."""
    order = np.argsort(tails, kind="stable")
    tails, heads, lengths = tails[order], heads[order], lengths[order]
    first = np.searchsorted(tails, np.arange(len(start) + 1))
    price = start.copy()
    active = np.unique(tails)
    for _ in range(len(start) + 1):
        if not len(active):
            return price
        counts = first[active + 1] - first[active]
        edges = np.repeat(first[active] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        raised = price.copy()
        np.maximum.at(raised, heads[edges], price[tails[edges]] + lengths[edges])
        active = np.nonzero(raised > price)[0]
        price = raised
    return None
