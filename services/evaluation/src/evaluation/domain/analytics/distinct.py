"""How many distinct things (partnerships, people) a figure counts over any range of months, at a cost that does not
grow with the things counted.

Each member (a partnership, a person) is counted in some months: intervals of months, several per member (a mentor in
two partnerships, a mentee matched again), open-ended for what has not ended. A member counts in a range [a, b] when
any of its months falls in it. Members are summarised by where their months start, where they end, and the gaps
between them; then the members counted in [a, b] are all members, less those starting after b, those ending before a,
and those with a gap holding all of [a, b]. A query reads these summaries' counters, whose size is bounded by the
months known (and the distinct gaps), never by the members; an update recomputes one member's summary.
"""

from collections import Counter
from collections.abc import Hashable

Interval = tuple[int, int]


class Distinct:
    def __init__(self) -> None:
        self._intervals: dict[Hashable, Counter[Interval]] = {}
        self._summaries: dict[Hashable, tuple[int, int, tuple[Interval, ...]]] = {}
        self._firsts: Counter[int] = Counter()
        self._lasts: Counter[int] = Counter()
        self._gaps: Counter[Interval] = Counter()

    def add(self, member: Hashable, interval: Interval, times: int = 1) -> None:
        """Count `member` in the months of `interval` (first, last) once more; `times=-1` takes that back."""
        intervals = self._intervals.setdefault(member, Counter())
        intervals[interval] += times
        if intervals[interval] <= 0:
            del intervals[interval]
        self._resummarise(member, intervals)
        if not intervals:
            del self._intervals[member]

    def count(self, first: int, last: int) -> int:
        """The members with a month in [first, last]."""
        outside = sum(n for month, n in self._firsts.items() if month > last)
        outside += sum(n for month, n in self._lasts.items() if month < first)
        outside += sum(n for (before, after), n in self._gaps.items() if before < first and after > last)
        return len(self._summaries) - outside

    def __len__(self) -> int:
        return len(self._summaries)

    def _resummarise(self, member: Hashable, intervals: Counter[Interval]) -> None:
        old = self._summaries.pop(member, None)
        if old is not None:
            self._firsts[old[0]] -= 1
            self._lasts[old[1]] -= 1
            self._gaps.subtract(old[2])
        if intervals:
            new = _summary(intervals)
            self._summaries[member] = new
            self._firsts[new[0]] += 1
            self._lasts[new[1]] += 1
            self._gaps.update(new[2])
        for counter in (self._firsts, self._lasts, self._gaps):
            for key in [key for key, n in counter.items() if n <= 0]:
                del counter[key]


def _summary(intervals: Counter[Interval]) -> tuple[int, int, tuple[Interval, ...]]:
    """First month, last month, and the gaps (last month before, first month after) of the intervals' union."""
    merged: list[list[int]] = []
    for first, last in sorted(intervals):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    gaps = tuple((before[1], after[0]) for before, after in zip(merged, merged[1:], strict=False))
    return merged[0][0], merged[-1][1], gaps
