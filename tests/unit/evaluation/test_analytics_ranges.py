"""Analytics' months and its distinct counts over ranges of months."""

import random
from datetime import date

import pytest

from evaluation.domain.analytics.distinct import Distinct
from evaluation.domain.analytics.months import OPEN, month_range
from evaluation.domain.months import index, label
from mentoring_contracts.api.analytics import MAX_MONTHS
from mentoring_runtime.errors import Invalid

pytestmark = pytest.mark.unit


def test_by_default_a_range_is_the_year_of_months_to_today() -> None:
    months = month_range(None, None, date(2026, 11, 30))
    assert [label(month) for month in months.months][:2] == ["2025-12", "2026-01"]
    assert label(months.last) == "2026-11" and len(months.months) == 12


def test_from_defaults_to_11_months_before_to() -> None:
    months = month_range(None, date(2026, 3, 9), date(2030, 1, 1))
    assert (label(months.first), label(months.last)) == ("2025-04", "2026-03")


def test_the_default_from_is_never_before_the_first_calendar_year() -> None:
    months = month_range(None, date(1, 3, 1), date(2026, 1, 1))
    assert [label(month) for month in months.months] == ["0001-01", "0001-02", "0001-03"]


def test_a_range_counts_the_months_of_its_days_whole() -> None:
    months = month_range(date(2026, 1, 31), date(2026, 2, 1), date(2030, 1, 1))
    assert [label(month) for month in months.months] == ["2026-01", "2026-02"]


def test_from_after_to_is_refused_naming_from() -> None:
    with pytest.raises(Invalid) as refused:
        month_range(date(2026, 3, 2), date(2026, 3, 1), date(2030, 1, 1))
    assert refused.value.field == "from"


def test_from_after_today_without_to_is_refused_naming_from() -> None:
    with pytest.raises(Invalid) as refused:
        month_range(date(2027, 1, 1), None, date(2026, 3, 1))
    assert refused.value.field == "from"


def test_more_than_the_most_months_is_refused_naming_the_parameter_given() -> None:
    with pytest.raises(Invalid) as refused:
        month_range(date(2020, 1, 1), date(2020 + MAX_MONTHS // 12, 1, 1), date(2030, 1, 1))
    assert refused.value.field == "from"
    assert len(month_range(date(2020, 1, 1), date(2020 + MAX_MONTHS // 12 - 1, 12, 31), date(2030, 1, 1)).months) == 60


def test_a_month_is_a_number_and_consecutive_months_are_consecutive_numbers() -> None:
    assert index(date(2027, 1, 1)) - index(date(2026, 12, 31)) == 1
    assert label(index(date(2026, 11, 5))) == "2026-11"


def test_a_member_counts_once_in_any_range_its_months_touch() -> None:
    distinct = Distinct()
    distinct.add("mentor", (3, 5))
    distinct.add("mentor", (9, 9))  # a second partnership after a gap
    distinct.add("mentee", (4, OPEN))  # still going
    assert [distinct.count(month, month) for month in range(2, 11)] == [0, 1, 2, 2, 1, 1, 1, 2, 1]
    assert distinct.count(6, 8) == 1  # the mentor's gap
    assert distinct.count(0, 20) == 2
    distinct.add("mentee", (4, OPEN), -1)
    assert distinct.count(0, 20) == 1 and len(distinct) == 1


def test_distinct_counts_agree_with_counting_member_by_member() -> None:
    randomly = random.Random(11)
    distinct, held = Distinct(), {}
    for _ in range(400):
        member = randomly.randrange(30)
        first = randomly.randrange(24)
        interval = (first, randomly.choice([first, first + randomly.randrange(5), OPEN]))
        intervals = held.setdefault(member, [])
        if intervals and randomly.random() < 0.3:
            distinct.add(member, intervals.pop(randomly.randrange(len(intervals))), -1)
        else:
            distinct.add(member, interval)
            intervals.append(interval)
        a = randomly.randrange(26)
        b = a + randomly.randrange(6)
        expected = sum(1 for ranges in held.values() if any(lo <= b and hi >= a for lo, hi in ranges))
        assert distinct.count(a, b) == expected
