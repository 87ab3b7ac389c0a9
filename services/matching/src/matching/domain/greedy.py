"""The greedy baseline: the best allowed pair first (ties by mentee id, then mentor id), until none is left.

Kept to show what the optimum gains; never certified. Every mentee holds a stream of their allowed pairs, best
first; a heap of the streams' heads gives the global order. A mentor, once full, stays full, so a mentee whose
shortlist runs out continues with their best pairs among the mentors that still have a place.
"""

import heapq

import numpy as np

from matching.domain.problem import Problem, ProposedPair, Solution
from matching.domain.reasons import settled
from matching.domain.shortlist import Context, Pairs, shortlist
from matching.domain.solver import SHORTLIST, locked_pairs, prepare


def greedy(problem: Problem, shortlist_size: int = SHORTLIST) -> Solution:
    context = prepare(problem)
    encoded = context.encoded
    places = encoded.free.copy()
    first, bounds = shortlist(context, np.arange(len(encoded.mentees)), np.nonzero(places > 0)[0], shortlist_size)
    streams = {row: _Stream(first, row, bounds[row] >= 0, shortlist_size) for row in np.unique(first.rows).tolist()}
    heap = [(-units, row, col) for row, stream in streams.items() for units, col in [stream.head()]]
    heapq.heapify(heap)
    chosen: list[tuple[int, int, int]] = []
    while heap:
        units, row, col = heapq.heappop(heap)
        if places[col] > 0:
            places[col] -= 1
            chosen.append((row, col, -units))
            continue
        stream = streams[row]
        stream.advance(context, places)
        if stream.head() is not None:
            units, col = stream.head()
            heapq.heappush(heap, (-units, row, col))
    ids = encoded.mentees.ids, encoded.mentors.ids
    pairs = [*locked_pairs(context), *(ProposedPair(ids[0][r], ids[1][c], u) for r, c, u in chosen)]
    matched_rows = np.array([row for row, _, _ in chosen], dtype=np.int64)
    return settled(context, pairs, matched_rows, first.rows, certified=False, candidates=len(first), pricing_rounds=0)


class _Stream:
    """One mentee's allowed pairs, best first, fetched a shortlist at a time."""

    def __init__(self, pairs: Pairs, row: int, more: bool, size: int) -> None:
        start, stop = np.searchsorted(pairs.rows, [row, row + 1])
        self.row = row
        self.units, self.cols = pairs.units[start:stop].tolist(), pairs.cols[start:stop].tolist()
        self.at = 0
        self.more = more
        self.size = size

    def head(self) -> tuple[int, int] | None:
        return (self.units[self.at], self.cols[self.at]) if self.at < len(self.cols) else None

    def advance(self, context: Context, places: np.ndarray) -> None:
        self.at += 1
        if self.at < len(self.cols) or not self.more:
            return
        open_mentors = np.nonzero(places > 0)[0]
        following, bound = shortlist(context, np.array([self.row]), open_mentors, self.size)
        self.units, self.cols, self.at = following.units.tolist(), following.cols.tolist(), 0
        self.more = bool(bound[0] >= 0)
