"""Leadership's answer over an agency's real figures, from a made-up year of events through analytics' ledger: no
figure over 1 to k-1 people is shown, or made from a withheld one, or pinned down by the shown ones through the
answer's sums (checked here by floating-point linear algebra, apart from disclosure's exact ranks)."""

import random
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation.domain.analytics.facts import fact_of
from evaluation.domain.analytics.figures import Figures, figures
from evaluation.domain.analytics.ledger import AgencyLedger
from evaluation.domain.analytics.months import month_range
from evaluation.domain.disclosure import Key, withheld
from mentoring_contracts.names import ClosureReason, ParticipantRole, SurveyKind, Withholding
from tests.support.analytics_events import applied, approved, at, closed, feedback, matched, met, signed
from tests.support.factories import program_opened

pytestmark = pytest.mark.unit

K = 5


def year_of(seed: int, mentees: int) -> Figures:
    """Mentees applying over 2026, most eligible, approved, matched to one of a few mentors, meeting, some closing
    and answering the closing survey: a small agency's year, with months of every size."""
    rng = random.Random(seed)
    ledger = AgencyLedger()

    def record(event, day: str) -> None:
        ledger.apply(fact_of(at(event, day)))

    def day(month: int, earliest: int = 1) -> str:
        return f"2026-{min(month, 12):02d}-{rng.randint(earliest, 28):02d}"

    record(program_opened("g1"), "2026-01-01")
    mentors = [f"mentor{n}" for n in range(max(2, mentees // 3))]
    for mentor in mentors:
        record(applied(mentor, ParticipantRole.MENTOR), "2026-01-02")
        record(approved(mentor, ParticipantRole.MENTOR), "2026-01-03")
    for n in range(mentees):
        mentee, month = f"mentee{n}", rng.choice([1, 2, 2, 3, 5, 5, 5, 5, 6, 8, 8, 9])
        eligible = rng.random() < 0.85
        record(applied(mentee, eligible=eligible), day(month, 1))
        if not eligible or rng.random() < 0.2:
            continue
        record(approved(mentee), day(month + 1, 1))
        if rng.random() < 0.25:
            continue
        pair, mentor = f"pair{n}", rng.choice(mentors)
        record(matched(pair, mentor, mentee), day(month + 2))
        record(signed(pair, mentor, mentee, day=day(month + 2)), day(month + 2))
        for meeting in range(rng.randint(0, 3)):
            record(met(pair, day(month + 2 + meeting)), day(month + 2 + meeting))
        if rng.random() < 0.5:
            reason = rng.choice([ClosureReason.TERM_COMPLETED, ClosureReason.GOALS_ACHIEVED])
            record(closed(pair, mentor, mentee, reason=reason), day(month + 3))
            rating = {"fit": rng.randint(1, 5)}
            record(feedback(pair, mentee, day(month + 3), SurveyKind.CLOSING, **rating), day(month + 3))
    return figures(ledger.agency, month_range(date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31)))


def pinned(found: Figures, unseen: set[Key]) -> set[Key]:
    """The withheld figures whose value the shown ones and the sums fix: those whose column the equations'
    null space, over the withheld figures, does not reach."""
    columns = sorted({key for relation in found.sums for key in (relation.total, *relation.parts)} & unseen)
    if not columns:
        return set()
    index = {key: number for number, key in enumerate(columns)}
    matrix = np.zeros((len(found.sums), len(columns)))
    for row, relation in enumerate(found.sums):
        if relation.total in index:
            matrix[row, index[relation.total]] += 1
        for part in relation.parts:
            if part in index:
                matrix[row, index[part]] -= 1
    _, singular, rows = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = rows[rank:]
    return {key for key in columns if np.abs(null_space[:, index[key]]).max(initial=0) < 1e-9}


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32), st.integers(6, 40))
def test_no_figure_of_a_real_answer_over_few_people_is_shown_or_pinned_down(seed: int, mentees: int) -> None:
    found = year_of(seed, mentees)

    result = withheld(found.cells, found.sums, found.dependencies, found.hidden, K)

    unseen = set(result) | found.hidden
    few = {key for key, cell in found.cells.items() if 0 < cell.people < K}
    assert few <= unseen
    for dependency in found.dependencies:
        assert dependency.figure in unseen or not (set(dependency.on) & unseen)
    assert pinned(found, unseen) & few == set()
    assert {key for key, reason in result.items() if reason is Withholding.FEW_PEOPLE} >= few - found.hidden


def test_a_year_of_200_mentees_shows_its_whole_year_funnels() -> None:
    """Withholding is not everything: over a year of 200 mentees, with 0 to 5 people in many months' cells, the
    year's funnels are all shown."""
    found = year_of(7, 200)

    result = withheld(found.cells, found.sums, found.dependencies, found.hidden, K)

    funnels = [
        ("total", funnel, stage)
        for funnel in ("mentee_funnel", "mentor_funnel")
        for stage in ("applied", "eligible", "approved", "matched")
    ]
    assert [key for key in funnels if key in result] == []
    assert any(0 < cell.people < K for key, cell in found.cells.items() if key[0] != "total")
