"""k-anonymity for answers leadership reads: which figures to withhold so that none shown, and none a reader can
work out from those shown, is computed over fewer than k people.

An answer is a set of figures, each a `Cell` keyed by its path in the answer, with the number of distinct people
it is computed over. Figures are tied together: a total is the sum of its parts (`Sum`: the months of a range, the
reasons of the closures, the applicants who were eligible and those who were not), and a share, a mean or a median
is computed from counts (`DependsOn`). Some cells are never shown (`hidden`: the applicants who were not eligible)
but take part in sums, since a reader can subtract their way to them.

The rules, with k = `min_people` (never below 3):

- Nothing from a small answer. When no cell, hidden ones included, is computed over k people or more, the answer
  is about fewer than k people and every figure is withheld (FEW_PEOPLE), zeros included: "none of the 4 withdrew"
  is a fact about each of the 4.
- Few people. A figure computed over 1 to k-1 people is withheld (FEW_PEOPLE), whatever else holds. So is one
  with a value other than 0 said to be over no one: its people are not known (a lower bound of 0 stands in).
- Zeros. A figure over no one (a count of 0, hours of 0, a share of no one) describes the population it is drawn from: the
  totals of the sums it is a part of, up through totals over no one themselves, and the whole answer for a figure
  that is no sum's part. It is withheld (FEW_PEOPLE) when one of those totals is computed over 1 to k-1 people
  ("none of this month's 3 closures was for a relocation" is about those 3), and shown otherwise. Withholding every
  zero would be no safer and far worse: the zero parts of a sum whose other parts are shown are then derivable by
  subtraction, so every such sum would lose one more figure to hide them.
- Dependencies (DependsOn). A figure computed from others is withheld (DERIVABLE) when any of them is withheld or
  hidden: shown, it would let the reader work them back out.
- Subtraction within one sum. For each `Sum` whose total is shown, total minus the shown parts is what the
  withheld and hidden parts add up to, a figure over their people taken together. People may be in several parts
  (a person meets in many months), so the only safe count of their people is the largest single part's. That
  difference must therefore hold no sensitive figure (one withheld as FEW_PEOPLE, or for a dependency), or hold a
  part over k people or more; otherwise one more figure is withheld (DERIVABLE): the shown part over the fewest
  people among those over k or more (ties by key), or, when there is none, the total.
- Subtraction across sums. Sums share cells (a month's applicants split into eligible and not eligible, and each
  of those summed over the months): chains of subtractions through several sums reach what no single sum does.
  Every combination of withheld figures that the shown figures determine (a linear combination the sums'
  equations pin down, beyond what the equations say on their own whatever the data) must hold a figure over k
  people or more when it holds a sensitive one other than a zero. This is checked exactly, with rational arithmetic, per group of
  sums that share cells; while a group fails it, one more shown figure over k people or more is withheld
  (DERIVABLE): the first, nearest a sensitive one (fewest sums apart), then fewest people, then by key, whose
  withholding shrinks the failure.
- These steps repeat until nothing changes: each round withholds at least one more figure and there are finitely
  many, so it ends. Every choice follows the keys' order, so the same answer always withholds the same figures.

What this does not bound: how narrow the range of a withheld figure's possible values is (a reader may learn that
it is between 0 and 3). What it withholds more than it must: counting a combination's people as its largest
part's, never more, even where the sums say more (the not eligible of every month together are the year's not
eligible, over all their people). A year of 40 applicants with 1 or 2 not eligible a month so loses its eligible
figure for the year; one of 200 shows its whole funnel (tests/unit/evaluation/test_disclosure_of_analytics.py).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import gcd

from mentoring_contracts.names import Withholding

Key = tuple[str, ...]
"""A figure's path in the answer: ("2026-11", "mentee_funnel", "applied"), ("total", "withdrawals")."""

LOWEST_MIN_PEOPLE = 3
"""No agency may set its threshold below this: a figure over two people tells each of them the other's."""


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
    shown, is computed over fewer than `min_people` people. Hidden cells are not figures of the answer and are
    never in the result. A threshold below 3, or a relation naming a cell `cells` lacks, raises ValueError."""
    _check(cells, sums, dependencies, hidden, min_people)
    state = _State(cells, sums, dependencies, hidden, min_people)
    state.settle()
    return {key: reason for key, reason in sorted(state.reasons.items()) if key not in hidden}


def _check(
    cells: Mapping[Key, Cell],
    sums: Sequence[Sum],
    dependencies: Sequence[DependsOn],
    hidden: frozenset[Key],
    min_people: int,
) -> None:
    if min_people < LOWEST_MIN_PEOPLE:
        raise ValueError(f"min_people is {min_people}: a k-anonymous answer needs at least {LOWEST_MIN_PEOPLE}")
    for key, cell in cells.items():
        if cell.people < 0:
            raise ValueError(f"cell {key} is computed over {cell.people} people: a count of people is never negative")
    named = [*hidden]
    for relation in sums:
        named += [relation.total, *relation.parts]
    for dependency in dependencies:
        named += [dependency.figure, *dependency.on]
    unknown = sorted({key for key in named if key not in cells})
    if unknown:
        raise ValueError(f"sums, dependencies or hidden name cells the answer does not have: {unknown[:5]}")


class _State:
    """The figures withheld so far (hidden ones included), and which of them are sensitive: deriving one would
    reveal a figure over fewer than k people."""

    def __init__(
        self,
        cells: Mapping[Key, Cell],
        sums: Sequence[Sum],
        dependencies: Sequence[DependsOn],
        hidden: frozenset[Key],
        min_people: int,
    ) -> None:
        self.cells = cells
        self.sums = sums
        self.dependencies = dependencies
        self.k = min_people
        self.reasons: dict[Key, Withholding] = {}
        self.sensitive: set[Key] = set()
        for key in sorted(_few_people(cells, sums, min_people)):
            self.reasons[key] = Withholding.FEW_PEOPLE
            self.sensitive.add(key)
        for key in sorted(hidden):
            self.reasons.setdefault(key, Withholding.DERIVABLE)
        self.groups = [_Group(group_sums) for group_sums in _groups(sums)]

    def settle(self) -> None:
        while self._follow_dependencies() | self._mend_sums() or self._mend_groups():
            pass

    def shown(self, key: Key) -> bool:
        return key not in self.reasons

    def covers(self, key: Key) -> bool:
        """Withheld, and a combination holding it is over k people or more: its own count bounds theirs."""
        return key in self.reasons and key not in self.sensitive and self.cells[key].people >= self.k

    def empty(self, key: Key) -> bool:
        """Over no one, and nothing: a count of 0, a share of no one."""
        cell = self.cells[key]
        return cell.people == 0 and not cell.value

    def withhold(self, key: Key) -> None:
        self.reasons.setdefault(key, Withholding.DERIVABLE)

    def _follow_dependencies(self) -> bool:
        changed = False
        again = True
        while again:
            again = False
            for dependency in self.dependencies:
                if dependency.figure in self.sensitive or not any(key in self.reasons for key in dependency.on):
                    continue
                self.withhold(dependency.figure)
                self.sensitive.add(dependency.figure)
                changed = again = True
        return changed

    def _mend_sums(self) -> bool:
        changed = False
        again = True
        while again:
            again = False
            for relation in self.sums:
                if not self.shown(relation.total):
                    continue
                hiding = [part for part in relation.parts if not self.shown(part)]
                if not any(part in self.sensitive for part in hiding) or any(self.covers(p) for p in hiding):
                    continue
                self.withhold(self._cover_for(relation))
                changed = again = True
        return changed

    def _cover_for(self, relation: Sum) -> Key:
        candidates = [p for p in relation.parts if self.shown(p) and self.cells[p].people >= self.k]
        if not candidates:
            return relation.total
        return min(candidates, key=lambda part: (self.cells[part].people, part))

    def _mend_groups(self) -> bool:
        for group in self.groups:
            if group.leak(self) == 0:
                continue
            self.withhold(group.cover_for(self))
            return True
        return False


def _few_people(cells: Mapping[Key, Cell], sums: Sequence[Sum], k: int) -> set[Key]:
    """The figures over fewer than k people by the first three rules: all of a small answer's, those over 1 to k-1
    people, and the zeros drawn from such a population."""
    if max((cell.people for cell in cells.values()), default=0) < k:
        return set(cells)
    few = {key for key, cell in cells.items() if 0 < cell.people < k or (cell.people == 0 and cell.value)}
    again = True
    while again:
        again = False
        for relation in sums:
            if relation.total not in few:
                continue
            for part in relation.parts:
                if cells[part].people == 0 and part not in few:
                    few.add(part)
                    again = True
    return few


def _groups(sums: Sequence[Sum]) -> list[list[Sum]]:
    """The sums joined by the cells they share, each group in the sums' order."""
    parent = list(range(len(sums)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with: dict[Key, int] = {}
    for index, relation in enumerate(sums):
        for key in (relation.total, *relation.parts):
            if key in first_with:
                parent[root(index)] = root(first_with[key])
            else:
                first_with[key] = index
    groups: dict[int, list[Sum]] = {}
    for index, relation in enumerate(sums):
        groups.setdefault(root(index), []).append(relation)
    return list(groups.values())


class _Group:
    """Sums sharing cells, as the equations total - parts = 0 over their cells, numbered in key order.

    A combination of withheld values the shown ones determine, restricted to the sensitive ones, is a leak unless
    the equations alone (whatever the data) determine it too. With r(X) the rank of the equations restricted to
    the cells X, L the withheld cells that cover k people, S the sensitive ones and Sh the shown ones: the
    combinations free of L that the shown values pin down span r(L+S) - r(L) dimensions over S, and those the
    equations pin down alone r(L+S+Sh) - r(L+Sh); the difference is the leak, 0 when there is none. Withheld
    zeros are in none of L, S and Sh: their own sums protect those drawn from few people (a reader who knows
    counts are never negative needs no chain to learn that parts adding up to 0 are each 0).
    """

    def __init__(self, sums: Sequence[Sum]) -> None:
        self.keys = sorted({key for relation in sums for key in (relation.total, *relation.parts)})
        index = {key: number for number, key in enumerate(self.keys)}
        self.rows: list[dict[int, int]] = []
        self.rows_of: dict[int, list[int]] = {}
        for relation in sums:
            row = {index[relation.total]: 1}
            for part in relation.parts:
                row[index[part]] = row.get(index[part], 0) - 1
            for column in row:
                self.rows_of.setdefault(column, []).append(len(self.rows))
            self.rows.append({column: value for column, value in row.items() if value})
        self.known: tuple[tuple[tuple[int, ...], ...], int] | None = None

    def classes(self, state: _State) -> tuple[set[int], set[int], set[int]]:
        covering, sensitive, shown = set(), set(), set()
        for number, key in enumerate(self.keys):
            if state.covers(key):
                covering.add(number)
            elif key in state.sensitive and not state.empty(key):
                sensitive.add(number)
            elif state.shown(key):
                shown.add(number)
        return covering, sensitive, shown

    def leak(self, state: _State) -> int:
        covering, sensitive, shown = self.classes(state)
        signature = (tuple(sorted(covering)), tuple(sorted(sensitive)), tuple(sorted(shown)))
        if self.known is None or self.known[0] != signature:
            self.known = (signature, self._leak(covering, sensitive, shown))
        return self.known[1]

    def _leak(self, covering: set[int], sensitive: set[int], shown: set[int]) -> int:
        if not sensitive or not shown:
            return 0
        return self._pinned_by_data(covering, sensitive) - self._pinned_alone(covering, sensitive, shown)

    def _pinned_by_data(self, covering: set[int], sensitive: set[int]) -> int:
        return _rank(self.rows, covering | sensitive) - _rank(self.rows, covering)

    def _pinned_alone(self, covering: set[int], sensitive: set[int], shown: set[int]) -> int:
        return _rank(self.rows, covering | sensitive | shown) - _rank(self.rows, covering | shown)

    def cover_for(self, state: _State) -> Key:
        """The shown figure to withhold next: of those over k people or more, nearest a sensitive one first (the
        fewest sums apart), then fewest people, then by key, the first whose withholding shrinks the leak; the
        first of them when none does alone."""
        covering, sensitive, shown = self.classes(state)
        distance = self._distances(sensitive)
        candidates = sorted(
            (distance.get(number, len(self.rows)), state.cells[self.keys[number]].people, self.keys[number], number)
            for number in shown
            if state.cells[self.keys[number]].people >= state.k
        )
        if not candidates:
            # Only zeros are left shown: withheld one by one, they leave nothing to subtract from.
            return self.keys[min(shown)]
        # Moving a shown figure to the covering ones leaves the second term as it is (L + Sh is the same).
        pinned_alone = self._pinned_alone(covering, sensitive, shown)
        now = self._pinned_by_data(covering, sensitive) - pinned_alone
        for *_, key, number in candidates:
            if self._pinned_by_data(covering | {number}, sensitive) - pinned_alone < now:
                return key
        return candidates[0][2]

    def _distances(self, sources: set[int]) -> dict[int, int]:
        """How many sums apart each cell is from the nearest of `sources`."""
        distance = dict.fromkeys(sources, 0)
        frontier = sorted(sources)
        while frontier:
            reached = []
            for column in frontier:
                for row in self.rows_of.get(column, ()):
                    for other in self.rows[row]:
                        if other not in distance:
                            distance[other] = distance[column] + 1
                            reached.append(other)
            frontier = reached
        return distance


def _rank(rows: Iterable[dict[int, int]], columns: set[int]) -> int:
    """The rank of the rows restricted to `columns`, exactly: Gaussian elimination over the integers, each row
    divided by the greatest common divisor of its entries to keep them small."""
    pivots: dict[int, dict[int, int]] = {}
    for row in rows:
        vector = {column: value for column, value in row.items() if column in columns}
        while vector:
            lead = min(vector)
            pivot = pivots.get(lead)
            if pivot is None:
                pivots[lead] = vector
                break
            scale, factor = pivot[lead], vector[lead]
            reduced = {column: scale * value for column, value in vector.items()}
            for column, value in pivot.items():
                entry = reduced.get(column, 0) - factor * value
                if entry:
                    reduced[column] = entry
                else:
                    reduced.pop(column, None)
            divisor = gcd(*reduced.values()) if reduced else 1
            vector = {column: value // divisor for column, value in reduced.items()}
    return len(pivots)
