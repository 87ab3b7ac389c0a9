"""Calendar months as every service counts them: a term of N months, a survey every N months, a month's index.

A month on from 31 January is 28 (or 29) February: the day is kept where the month has it, else the month's last
day, so a term or a schedule never spills into the month after. Pure and standard library only, so domain code may
use it (tests/contract/test_workspace_dependencies.py).
"""

from calendar import monthrange
from datetime import date, datetime
from typing import TypeVar

Day = TypeVar("Day", date, datetime)


def add_months(moment: Day, months: int) -> Day:
    """`moment` that many months on (back, when negative), on the month's last day where it is shorter."""
    year, month = divmod(moment.year * 12 + moment.month - 1 + months, 12)
    return moment.replace(year=year, month=month + 1, day=min(moment.day, monthrange(year, month + 1)[1]))
