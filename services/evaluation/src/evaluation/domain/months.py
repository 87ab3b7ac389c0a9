"""Calendar months, as evaluation counts them: by number, so that a range of months is an interval, and by the
label reports and answers name them (`2026-11`); and the day a month's progress report is due.

A month is the number `year * 12 + month - 1`: consecutive months are consecutive numbers. A month is reported on
once it has begun and is owed once it is over: its report is due by the programme's `report_due_day` of the month
after. Months are counted in UTC, as every date on the platform is.
"""

from calendar import monthrange
from collections.abc import Iterator
from datetime import date, datetime


def index(moment: date | datetime) -> int:
    """The number of the month `moment` falls in."""
    return moment.year * 12 + moment.month - 1


def label(month: int) -> str:
    """The month numbered `month` as it is named: 2026-11."""
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def numbered(month: str) -> int:
    """The number of the month labelled `month`."""
    return int(month[:4]) * 12 + int(month[5:]) - 1


def first_day(month: int) -> date:
    return date(month // 12, month % 12 + 1, 1)


def last_day(month: int) -> date:
    year, number = month // 12, month % 12 + 1
    return date(year, number, monthrange(year, number)[1])


def month_of(day: date | datetime) -> str:
    """The label of the month `day` falls in."""
    return label(index(day))


def shifted(month: str, by: int) -> str:
    """The month `by` months after `month` (before it, when negative)."""
    return label(numbered(month) + by)


def through(first: str, last: str) -> Iterator[str]:
    """Every month from `first` to `last`, both included; none when `last` comes first."""
    return (label(month) for month in range(numbered(first), numbered(last) + 1))


def due_on(month: str, due_day: int) -> date:
    """The day `month`'s report is due by: `due_day` of the month after."""
    return first_day(numbered(month) + 1).replace(day=due_day)


def last_due(today: date, due_day: int) -> str:
    """The newest month whose report is past due on `today`: its due day is over."""
    return shifted(month_of(today), -1 if today.day > due_day else -2)
