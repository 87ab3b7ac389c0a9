"""A programme of 10,000 partnerships: its missing reports are made once, in one pass over its partnerships, and
after that a page, a report filed, a partnership ended and a month falling due cost what they touch, not the
programme. Counted by the partnerships' progress looked at (deterministic), and timed (printed, run with -s)."""

import time
from datetime import UTC, date, datetime

import pytest

from evaluation.domain.progress import Progress, Reporting, mutate, report
from evaluation.stores.missing_reports import MissingReports
from mentoring_contracts.api.plans import ReportedObjective, ReportProgress
from mentoring_contracts.names import ObjectiveStatus
from mentoring_runtime.folding import Fact

pytestmark = pytest.mark.unit

PARTNERSHIPS = 10_000


class Held:
    """Each partnership's progress, counting how often any is looked at."""

    def __init__(self) -> None:
        self.progress: dict[str, Progress] = {}
        self.looked_at = 0

    def __call__(self, pair_id: str) -> Progress | None:
        self.looked_at += 1
        return self.progress.get(pair_id)


def _programme(size: int) -> tuple[list[Reporting], Held]:
    """`size` pairs active since January to June 2026 (the first of them a group of 2); every third reported on
    its first month."""
    reportings, held = [], Held()
    for number in range(size):
        mentees = frozenset({f"e{number}", f"f{number}"} if number == 0 else {f"e{number}"})
        reporting = Reporting(f"p{number:05d}", "g1", f"m{number}", mentees, date(2026, 1 + number % 6, 10))
        reportings.append(reporting)
        if number % 3 == 0:
            month = f"2026-{1 + number % 6:02d}"
            held.progress[reporting.pair_id] = _filed(None, reporting, f"e{number}", month)
    return reportings, held


def _filed(progress: Progress | None, reporting: Reporting, mentee_id: str, month: str) -> Progress:
    now = datetime(2026, 11, 20, tzinfo=UTC)
    body = ReportProgress(
        month=month, objectives=(ReportedObjective(objective=1, status=ObjectiveStatus.ON_TRACK, percent=50),)
    )
    decision = report(progress, reporting, mentee_id, f"r-{reporting.pair_id}-{month}", body, now, None)
    assert decision is not None
    return mutate(progress, Fact(decision[0], now, {"summary": decision[1].summary}))


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def test_ten_thousand_partnerships_are_gone_over_once_then_each_call_costs_what_it_touches() -> None:
    reportings, held = _programme(PARTNERSHIPS)
    ledger = MissingReports()
    started = time.perf_counter()
    ledger.make("agency-a", "g1", reportings)
    first, cursor = ledger.page("agency-a", "g1", "2026-10", held, None, 50)
    made_ms = _ms(started)
    assert held.looked_at == PARTNERSHIPS
    owed = sum(10 - n % 6 for n in range(PARTNERSHIPS)) + 10  # each mentee's months from its first to October
    reported = len(held.progress)
    assert first[:4] == [
        ("2026-01", "p00000", "f0"), ("2026-02", "p00000", "e0"), ("2026-02", "p00000", "f0"), ("2026-02", "p00001", "e1")
    ]  # fmt: skip

    held.looked_at, started, pages = 0, time.perf_counter(), 0
    found = list(first)
    while cursor is not None:
        page, cursor = ledger.page("agency-a", "g1", "2026-10", held, cursor, 50)
        found += page
        pages += 1
    page_ms = _ms(started) / pages
    assert held.looked_at == 0 and len(found) == owed - reported and found == sorted(found)

    started = time.perf_counter()
    for number in range(3, 303, 3):  # 100 reports filed, of months still missing
        reporting = reportings[number]
        held.progress[reporting.pair_id] = _filed(held.progress[reporting.pair_id], reporting, f"e{number}", "2026-10")
        ledger.filed("agency-a", "g1", reporting.pair_id, f"e{number}", "2026-10")
    filed_ms = _ms(started) / 100
    ended = Reporting("p00001", "g1", "m1", frozenset({"e1"}), date(2026, 2, 10), ended_on=date(2026, 4, 1))
    started = time.perf_counter()
    ledger.changed("agency-a", ended, held("p00001"))
    ended_ms = _ms(started)
    assert held.looked_at == 1

    started = time.perf_counter()
    newest, _ = ledger.page("agency-a", "g1", "2026-11", held, "2026-10:p09999:e9999", 50)  # November falls due
    month_ms = _ms(started)
    assert held.looked_at == 1 + PARTNERSHIPS and newest[0] == ("2026-11", "p00000", "e0")
    everything, _ = ledger.page("agency-a", "g1", "2026-11", held, None, 10**6)
    # 100 filed; p00001 owes February and March alone now, 7 months fewer; November from every other mentee.
    assert len(everything) == len(found) - 100 - 7 + PARTNERSHIPS
    print(
        f"\n{PARTNERSHIPS:,} partnerships, {len(found):,} missing: made in {made_ms:.0f} ms; a page of 50 "
        f"{page_ms:.3f} ms; a report filed {filed_ms:.3f} ms; a partnership ended {ended_ms:.3f} ms; "
        f"a month falling due {month_ms:.0f} ms"
    )
