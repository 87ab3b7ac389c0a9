"""What every matching algorithm promises, so `bootstrap.py` can choose one and benchmarks can compare them."""

from collections.abc import Mapping, Sequence, Set
from typing import Protocol

from matching.domain.candidates import Mentee, Mentor, Proposal


class Proposer(Protocol):
    def __call__(
        self,
        mentors: Sequence[Mentor],
        mentees: Sequence[Mentee],
        already_used: Mapping[str, int],
        already_matched: Set[str],
    ) -> list[Proposal]:
        """Pairs for the mentees not in `already_matched`, within each mentor's capacity less `already_used`,
        breaking no rule of `rules.eligible`. The same inputs, in any order, give the same pairs."""
        ...
