"""How many distinct things (partnerships, people) a figure counts over any range of months, at a cost that does not
grow with the things counted.

Each member (a partnership, a person) is counted in some months: intervals of months, several per member (a mentor in
two partnerships, a mentee matched again), open-ended for what has not ended. A member counts in a range [a, b] when
any of its months falls in it. Members are summarised by where their months start, where they end, and the gaps
between them; then the members counted in [a, b] are all members, less those starting after b, those ending before a,
and those with a gap holding all of [a, b]. A query reads these summaries' counters, whose size is bounded by the
months known (and the distinct gaps), never by the members; an update recomputes one member's summary.
"""

from collections.abc import Hashable

Interval = tuple[int, int]


class Distinct:
    def __init__(self) -> None:
        self._intervals: dict[Hashable, dict[Interval, int]] = {}
        self._summaries: dict[Hashable, tuple[int, int, tuple[Interval, ...]]] = {}
        self._firsts: dict[int, int] = {}
        self._lasts: dict[int, int] = {}
        self._gaps: dict[Interval, int] = {}

    def add(self, member: Hashable, interval: Interval, times: int = 1) -> None:
        """Count `member` in the months of `interval` (first, last) once more; `times=-1` takes that back."""
        intervals = self._intervals.get(member)
        if intervals is None:
            intervals = self._intervals[member] = {}
        held = intervals.get(interval, 0) + times
        if held > 0:
            intervals[interval] = held
        else:
            intervals.pop(interval, None)
        if held == times or held <= 0:  # the member's months changed, not just how often an interval is held
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

    def _resummarise(self, member: Hashable, intervals: dict[Interval, int]) -> None:
        old = self._summaries.pop(member, None)
        if old is not None:
            _move(self._firsts, old[0], -1)
            _move(self._lasts, old[1], -1)
            for gap in old[2]:
                _move(self._gaps, gap, -1)
        if intervals:
            new = _summary(intervals)
            self._summaries[member] = new
            _move(self._firsts, new[0], 1)
            _move(self._lasts, new[1], 1)
            for gap in new[2]:
                _move(self._gaps, gap, 1)


def _move(counter: dict[Hashable, int], key: Hashable, by: int) -> None:
    """Count `key` `by` more, keeping no key counted zero times, so queries read only what is there."""
    value = counter.get(key, 0) + by
    if value:
        counter[key] = value
    else:
        del counter[key]


def _summary(intervals: dict[Interval, int]) -> tuple[int, int, tuple[Interval, ...]]:
    """First month, last month, and the gaps (last month before, first month after) of the intervals' union."""
    if len(intervals) == 1:
        ((first, last),) = intervals
        return first, last, ()
    merged: list[list[int]] = []
    for first, last in sorted(intervals):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    gaps = tuple((before[1], after[0]) for before, after in zip(merged, merged[1:], strict=False))
    return merged[0][0], merged[-1][1], gaps
