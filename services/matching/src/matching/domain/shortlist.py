"""Each mentee's best allowed mentors, exactly, without scoring every pair exactly.

A mentee's shortlist is their `size` best allowed pairs by exact units (ties by mentor position), and `bound` is a
score no pair left off the list exceeds (−1: nothing allowed was left off). The approximate block of `embedding`
finds them: a pair more than twice the approximation error below the size-th best surely allowed approximation
cannot be among the best, so only the pairs above that line are scored exactly. The same reasoning finds, for the
solver's pricing, every allowed pair whose exact units beat a per-pair threshold.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from matching.domain import scoring
from matching.domain.embedding import FORBIDDEN, Embedding
from matching.domain.encoding import Encoded
from matching.domain.policy import Policy

BLOCK_PAIRS = 1 << 23  # pairs scored approximately at once: 32 MB of float32
SAMPLE = 4096  # mentors whose size-th best bounds a row's size-th best from below


@dataclass(frozen=True)
class Pairs:
    """Pairs of positions with their exact units, sorted by mentee, then best first, then mentor."""

    rows: np.ndarray
    cols: np.ndarray
    units: np.ndarray

    @classmethod
    def of(cls, rows: np.ndarray, cols: np.ndarray, units: np.ndarray) -> "Pairs":
        order = np.lexsort((cols, -units, rows))
        return cls(rows[order], cols[order], units[order])

    @classmethod
    def empty(cls) -> "Pairs":
        nothing = np.zeros(0, dtype=np.int64)
        return cls(nothing, nothing, nothing)

    def __len__(self) -> int:
        return len(self.rows)

    def __add__(self, other: "Pairs") -> "Pairs":
        return Pairs.of(*(np.concatenate([a, b]) for a, b in zip(self.arrays(), other.arrays(), strict=True)))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.rows, self.cols, self.units


@dataclass(frozen=True)
class Context:
    encoded: Encoded
    policy: Policy
    embedding: Embedding
    min_units: int  # the least units a proposed pair may have


def chunks(rows: np.ndarray, width: int) -> Iterator[np.ndarray]:
    step = max(1, BLOCK_PAIRS // max(width, 1))
    for start in range(0, len(rows), step):
        yield rows[start : start + step]


def shortlist(context: Context, rows: np.ndarray, cols: np.ndarray, size: int) -> tuple[Pairs, np.ndarray]:
    """The best `size` allowed pairs of each mentee in `rows` among mentors `cols`, and each mentee's bound."""
    if not len(rows) or not len(cols):
        return Pairs.empty(), np.full(len(rows), -1, dtype=np.int64)
    found: list[Pairs] = []
    bounds: list[np.ndarray] = []
    for chunk in chunks(rows, len(cols)):
        pairs, bound = _shortlist_block(context, chunk, cols, size)
        found.append(pairs)
        bounds.append(bound)
    pairs = Pairs.of(*(np.concatenate(parts) for parts in zip(*(p.arrays() for p in found), strict=True)))
    return pairs, np.concatenate(bounds) if bounds else np.zeros(0, dtype=np.int64)


def _shortlist_block(context: Context, rows: np.ndarray, cols: np.ndarray, size: int) -> tuple[Pairs, np.ndarray]:
    error = context.embedding.error
    block = context.embedding.block(context.encoded, rows, cols)
    floor = max(context.min_units - error, FORBIDDEN)  # below: surely not allowed
    line = np.full(len(rows), floor)
    sample = block[:, :: max(1, len(cols) // SAMPLE)]
    if sample.shape[1] > size:
        kth = np.partition(sample, -size, axis=1)[:, -size]
        line = np.where(kth - error >= context.min_units, np.maximum(kth - 2 * error, floor), floor)
    local, at = np.nonzero(block >= line[:, None])
    pair_rows, pair_cols = rows[local], cols[at]
    units = scoring.units(context.encoded, context.policy, pair_rows, pair_cols)
    keep = units >= context.min_units
    pairs = Pairs.of(pair_rows[keep], pair_cols[keep], units[keep])
    starts = np.searchsorted(pairs.rows, rows)
    counts = np.searchsorted(pairs.rows, rows, side="right") - starts
    left_off = (counts > size) | ((counts == size) & (line > floor))
    kth_units = np.append(pairs.units, -1)[np.where(left_off, starts + size - 1, len(pairs))]
    bound = np.where(left_off, kth_units, -1)
    rank = np.arange(len(pairs)) - np.repeat(starts, counts)
    best = rank < size
    return Pairs(pairs.rows[best], pairs.cols[best], pairs.units[best]), bound


def beating(
    context: Context, rows: np.ndarray, floors: np.ndarray, reach: np.ndarray, cols: np.ndarray, prices: np.ndarray,
    taken: Pairs, most: int,
) -> Pairs:  # fmt: skip
    """Allowed pairs not in `taken` whose exact units exceed floors[row] + prices[col] (both int64), at most `most`
    for each mentee: those that exceed it by the most (ties by mentor position).

    Mentors `cols` come cheapest first; mentee k is only paired with the first reach[k] of them.
    """
    error = context.embedding.error
    order = np.argsort(-reach, kind="stable")
    rows, floors, reach = rows[order], floors[order], reach[order]
    found: list[Pairs] = []
    start = 0
    while start < len(rows) and reach[start] > 0:
        width = int(reach[start])
        stop = min(len(rows), start + max(1, BLOCK_PAIRS // width))
        block = context.embedding.block(context.encoded, rows[start:stop], cols[:width]).astype(np.float64)
        need = floors[start:stop, None] + prices[None, :width].astype(np.float64)
        within = np.arange(width)[None, :] < reach[start:stop, None]
        allowed = (block > FORBIDDEN) & (block + error >= context.min_units)
        local, at = np.nonzero(within & allowed & (block + error > need))
        pair_rows, pair_cols = rows[start:stop][local], cols[at]
        units = scoring.units(context.encoded, context.policy, pair_rows, pair_cols)
        margin = units - floors[start:stop][local] - prices[at]
        keep = (margin > 0) & (units >= context.min_units)
        found.append(_most_per_row(pair_rows[keep], pair_cols[keep], units[keep], margin[keep], most))
        start = stop
    new = (
        Pairs.of(*(np.concatenate(parts) for parts in zip(*(p.arrays() for p in found), strict=True)))
        if found
        else Pairs.empty()
    )
    size = len(context.encoded.mentors)
    taken_keys = np.sort(taken.rows * size + taken.cols)
    keys = new.rows * size + new.cols
    spot = np.minimum(np.searchsorted(taken_keys, keys), max(len(taken_keys) - 1, 0))
    fresh = ~(taken_keys[spot] == keys) if len(taken_keys) else np.ones(len(keys), dtype=bool)
    return Pairs(new.rows[fresh], new.cols[fresh], new.units[fresh])


def _most_per_row(rows: np.ndarray, cols: np.ndarray, units: np.ndarray, margin: np.ndarray, most: int) -> Pairs:
    order = np.lexsort((cols, -margin, rows))
    rows, cols, units = rows[order], cols[order], units[order]
    starts = np.searchsorted(rows, rows)
    keep = np.arange(len(rows)) - starts < most
    return Pairs.of(rows[keep], cols[keep], units[keep])
