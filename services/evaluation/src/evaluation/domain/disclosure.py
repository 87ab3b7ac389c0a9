"""k-anonymity for answers leadership reads: which figures to withhold so that none shown, and none a reader can
work out from those shown, is computed over fewer than k people.

An answer is a set of figures, each a `Cell` keyed by its path in the answer, with the number of distinct people
it is computed over. Figures are tied together: a total is the sum of its parts (`Sum`: the months of a range, the
reasons of the closures, the applicants who were eligible and those who were not), and a share, a mean or a median
is computed from counts (`DependsOn`). Some cells are never shown (`hidden`: the applicants who were not eligible)
but take part in sums, since a reader can subtract their way to them.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mentoring_contracts.names import Withholding

Key = tuple[str, ...]
"""A figure's path in the answer: ("2026-11", "mentee_funnel", "applied"), ("total", "withdrawals")."""


@dataclass(frozen=True)
class Cell:
    value: float | None  # None: there was nothing to compute it over (a share of no one)
    people: int  # the distinct people it is computed over


@dataclass(frozen=True)
class Sum:
    """`total`'s value is the sum of `parts`' values, and its people are theirs."""

    total: Key
    parts: tuple[Key, ...]


@dataclass(frozen=True)
class DependsOn:
    """`figure` is computed from `on` (a share from its two counts, a mean from its distribution): shown, it would
    reveal them, so it is shown only when all of them are."""

    figure: Key
    on: tuple[Key, ...]


def withheld(
    cells: Mapping[Key, Cell],
    sums: Sequence[Sum],
    dependencies: Sequence[DependsOn],
    hidden: frozenset[Key],
    min_people: int,
) -> dict[Key, Withholding]:
    """The figures to withhold, and why, so that no figure shown, and none derivable by subtraction from those
    shown, is computed over fewer than `min_people` people."""
    raise NotImplementedError
