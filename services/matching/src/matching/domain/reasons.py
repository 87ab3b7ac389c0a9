"""Why a mentee was left out, judged against every mentor of the cohort, whatever places they have left.

No mentor passes the rules and exclusions: NO_ELIGIBLE_MENTOR, with the best-scoring mentors a rule excluded. Some
pass but none scores the minimum (or, for the highest total, anything): BELOW_MIN_SCORE. Some pass and score
enough: MENTORS_FULL, since the assignment would otherwise have used one. A mentee with a candidate pair is known
to be the last; the others are scanned with the approximate blocks and decided with exact units.
"""

import numpy as np

from matching.domain import scoring
from matching.domain.embedding import FORBIDDEN
from matching.domain.problem import ProposedPair, Solution, Unmatched
from matching.domain.shortlist import Context, chunks
from mentoring_contracts.names import UnmatchedReason

NEAREST = 3


def settled(
    context: Context,
    pairs: list[ProposedPair],
    matched_rows: np.ndarray,
    candidate_rows: np.ndarray,
    *,
    certified: bool,
    candidates: int,
    pricing_rounds: int,
) -> Solution:
    """A solution from its pairs, sorted by mentee, with every mentee left out and why."""
    matched = np.zeros(len(context.encoded.mentees), dtype=bool)
    matched[matched_rows] = True
    had_candidates = np.zeros(len(context.encoded.mentees), dtype=bool)
    had_candidates[candidate_rows] = True
    left_out = np.nonzero(~matched)[0]
    return Solution(
        pairs=sorted(pairs, key=lambda pair: (pair.mentee_id, pair.mentor_id)),
        unmatched=unmatched(context, left_out, had_candidates[left_out]),
        certified=certified,
        candidates=candidates,
        pricing_rounds=pricing_rounds,
    )


def unmatched(context: Context, left_out: np.ndarray, had_candidates: np.ndarray) -> list[Unmatched]:
    """The reasons of the mentees `left_out` (positions, ascending), `had_candidates` true where a pair was allowed."""
    reasons = {int(row): Unmatched(context.encoded.mentees.ids[row], UnmatchedReason.MENTORS_FULL) for row in left_out}
    cols = np.arange(len(context.encoded.mentors))
    for chunk in chunks(left_out[~had_candidates], len(cols)):
        for row, reason in _judged(context, chunk, cols):
            reasons[row] = reason
    return [reasons[int(row)] for row in left_out]


def _judged(context: Context, rows: np.ndarray, cols: np.ndarray):
    error = context.embedding.error
    block = context.embedding.block(context.encoded, rows, cols)
    eligible = block > FORBIDDEN
    maybe = eligible & (block + error >= context.min_units)
    local, at = np.nonzero(maybe)
    units = scoring.units(context.encoded, context.policy, rows[local], cols[at])
    enough = np.zeros(len(rows), dtype=bool)
    enough[local[units >= context.min_units]] = True
    for k, row in enumerate(rows):
        mentee_id = context.encoded.mentees.ids[row]
        if enough[k]:
            yield int(row), Unmatched(mentee_id, UnmatchedReason.MENTORS_FULL)
        elif eligible[k].any():
            yield int(row), Unmatched(mentee_id, UnmatchedReason.BELOW_MIN_SCORE)
        else:
            yield int(row), Unmatched(mentee_id, UnmatchedReason.NO_ELIGIBLE_MENTOR, _nearest(context, row, cols))


def _nearest(context: Context, row: int, cols: np.ndarray) -> tuple[str, ...]:
    approximate = context.embedding.block(context.encoded, np.array([row]), cols, ruled=False)[0]
    top = min(NEAREST, len(cols))
    if not top:
        return ()
    line = np.partition(approximate, len(cols) - top)[len(cols) - top] - 2 * context.embedding.error
    near = cols[approximate >= line]
    units = scoring.units(context.encoded, context.policy, np.full(len(near), row), near)
    best = near[np.lexsort((near, -units))[:top]]
    return tuple(context.encoded.mentors.ids[col] for col in best)
