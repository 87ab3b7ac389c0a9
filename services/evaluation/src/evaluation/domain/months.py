"""Calendar months as progress reports name them (`2026-11`), and the day a month's report is due.

A month is reported on once it has begun and is owed once it is over: its report is due by the programme's
`report_due_day` of the month after. Months are counted in UTC, as every date on the platform is.
"""

from collections.abc import Iterator
from datetime import date, datetime


def month_of(day: date | datetime) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shifted(month: str, by: int) -> str:
    """The month `by` months after `month` (before it, when negative)."""
    year, number = int(month[:4]), int(month[5:])
    index = year * 12 + number - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def through(first: str, last: str) -> Iterator[str]:
    """Every month from `first` to `last`, both included; none when `last` comes first."""
    month = first
    while month <= last:
        yield month
        month = shifted(month, 1)


def due_on(month: str, due_day: int) -> date:
    """The day `month`'s report is due by: `due_day` of the month after."""
    after = shifted(month, 1)
    return date(int(after[:4]), int(after[5:]), due_day)


def last_due(today: date, due_day: int) -> str:
    """The newest month whose report is past due on `today`: its due day is over."""
    return shifted(month_of(today), -1 if today.day > due_day else -2)
