"""The range of months an analytics answer covers, an interval of month numbers (`evaluation.domain.months`).

An answer covers the calendar months of its `from` and `to` days whole: figures are kept per month,
never per day, so an answer costs the same whatever the days. `from` defaults to the first of the month 11 months
before `to` (a year of months), `to` to today; `from` after `to`, or more than MAX_MONTHS months, is refused naming
the parameter.
"""

from dataclasses import dataclass
from datetime import date

from evaluation.domain.months import index
from mentoring_contracts.api.analytics import MAX_MONTHS
from mentoring_runtime.errors import Invalid

OPEN = 10**6
"""The last month of something that has not ended: after any month an answer can name."""


@dataclass(frozen=True)
class MonthRange:
    first: int
    last: int

    @property
    def months(self) -> range:
        """Oldest first."""
        return range(self.first, self.last + 1)


def month_range(from_: date | None, to: date | None, today: date) -> MonthRange:
    """The months of [from_, to], with the defaults above; Invalid naming `from` or `to` when it cannot be answered."""
    last = index(to or today)
    first = index(from_) if from_ is not None else max(last - 11, index(date.min))
    if from_ is not None and to is not None and from_ > to:
        raise Invalid(f"from ({from_}) is after to ({to}): give a from on or before to", "from")
    if first > last:
        raise Invalid(f"from ({from_}) is after to ({to or today}): give a from on or before to", "from")
    if last - first + 1 > MAX_MONTHS:
        raise Invalid(
            f"the range covers {last - first + 1} months, more than {MAX_MONTHS}: give a later from or an earlier to",
            "from" if from_ is not None else "to",
        )
    return MonthRange(first, last)
