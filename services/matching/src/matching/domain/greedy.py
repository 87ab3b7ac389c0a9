"""A deterministic greedy proposal: best-scoring pairs first, ties broken by id.

A `Proposer`: the baseline that better algorithms are measured against, in the same run of a benchmark.
"""

from collections.abc import Mapping, Sequence, Set

from matching.domain.candidates import Mentee, Mentor, Proposal
from matching.domain.rules import eligible, score


def propose(
    mentors: Sequence[Mentor],
    mentees: Sequence[Mentee],
    already_used: Mapping[str, int],
    already_matched: Set[str],
) -> list[Proposal]:
    """Pairs for the mentees not yet matched, within each mentor's remaining capacity. Same inputs, same output."""
    remaining = {m.person_id: m.capacity - already_used.get(m.person_id, 0) for m in mentors}
    candidates = sorted(
        (
            Proposal(mentor.person_id, mentee.person_id, value)
            for mentor in mentors
            for mentee in mentees
            if mentee.person_id not in already_matched
            and eligible(mentor, mentee)
            and (value := score(mentor, mentee)) > 0
        ),
        key=lambda p: (-p.score, p.mentee_id, p.mentor_id),
    )
    proposals: list[Proposal] = []
    matched: set[str] = set()
    for candidate in candidates:
        if candidate.mentee_id in matched or remaining[candidate.mentor_id] <= 0:
            continue
        proposals.append(candidate)
        matched.add(candidate.mentee_id)
        remaining[candidate.mentor_id] -= 1
    return proposals
