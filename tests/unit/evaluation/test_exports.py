"""An analytics answer as CSV and as SVG charts: every figure and nothing more, withheld figures kept back, the
same bytes for the same answer."""

import csv
import io
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import pytest

from evaluation.exports import COLUMNS, TITLES, as_csv, as_svg, export
from mentoring_contracts.api.analytics import Analytics, Figure
from mentoring_contracts.names import ExportChart, Withholding
from mentoring_contracts.routes import CSV, JSON, SVG
from tests.support.analytics import MONTHS, analytics_answer, partly_withheld

pytestmark = pytest.mark.unit

SVG_NS = "{http://www.w3.org/2000/svg}"
FULL = analytics_answer()
PARTLY_WITHHELD = partly_withheld()


def _read(text: str) -> tuple[dict[str, str], dict[tuple[str, str], tuple[str, str]]]:
    """The CSV's heading rows as a dict, and its table as {(period, figure): (value, withheld)}."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    blank = rows.index([])
    heading = dict(rows[:blank])
    assert tuple(rows[blank + 1]) == COLUMNS
    table = {(period, figure): (value, withheld) for period, figure, value, withheld in rows[blank + 2 :]}
    assert len(table) == len(rows) - blank - 2, "each period names each figure once"
    return heading, table


def _count_figures(node: object) -> int:
    """How many figures a dumped answer holds: the objects with exactly a value and a withheld."""
    if isinstance(node, dict):
        own = 1 if set(node) == {"value", "withheld"} else 0
        return own + sum(_count_figures(value) for value in node.values())
    if isinstance(node, list):
        return sum(_count_figures(value) for value in node)
    return 0


def test_the_csv_heading_says_the_scope_range_and_threshold() -> None:
    heading, _ = _read(as_csv(FULL))
    assert heading == {
        "scope": "program",
        "program_id": "prog-1",
        "from": "2026-01-01",
        "to": "2026-03-31",
        "as_of": "2026-03-30T12:00:00+00:00",
        "min_people": "",
    }
    agency, _ = _read(as_csv(PARTLY_WITHHELD))
    assert (agency["scope"], agency["program_id"], agency["min_people"]) == ("agency", "", "5")


def test_the_csv_has_every_figure_of_every_period_with_its_value() -> None:
    _, table = _read(as_csv(FULL))
    assert len(table) == _count_figures(FULL.model_dump(mode="json"))
    assert {period for period, _ in table} == {"total", *MONTHS}
    for period, name in [("total", None), *((month, month) for month in MONTHS)]:
        figures = next(p for p in (FULL.total, *FULL.months) if p.month == name)
        assert table[(period, "mentee_funnel.applied")] == (f"{figures.mentee_funnel.applied.value:g}", "")
        assert table[(period, "partnerships.overdue")] == (f"{figures.partnerships.overdue.value:g}", "")
        assert float(table[(period, "cadence_compliance")][0]) == figures.cadence_compliance.value
        [closing] = figures.satisfaction
        five = closing.distribution[4].count.value
        assert table[(period, "satisfaction.closing.overall.distribution.5.count")] == (f"{five:g}", "")
        assert table[(period, "closures.term_completed.count")] == (f"{figures.closures[0].count.value:g}", "")
        assert table[(period, "dissolutions.poor_fit.count")] == (f"{figures.dissolutions[0].count.value:g}", "")


def test_a_withheld_figure_has_no_value_in_the_csv_and_says_why() -> None:
    _, table = _read(as_csv(PARTLY_WITHHELD))
    assert table[("total", "mentor_funnel.matched")] == ("", Withholding.FEW_PEOPLE)
    assert table[("2026-02", "meetings")] == ("", Withholding.FEW_PEOPLE)
    assert table[("2026-01", "meetings")][1] == ""
    withheld = {key for key, (_, reason) in table.items() if reason}
    assert all(table[key][0] == "" for key in withheld)
    expected = _count_withheld(PARTLY_WITHHELD.model_dump(mode="json"))
    assert len(withheld) == expected > 0


def _count_withheld(node: object) -> int:
    if isinstance(node, dict):
        own = 1 if node.get("withheld") else 0
        return own + sum(_count_withheld(value) for value in node.values())
    if isinstance(node, list):
        return sum(_count_withheld(value) for value in node)
    return 0


def test_a_figure_with_nothing_to_compute_over_is_empty_and_not_withheld() -> None:
    answer = FULL.model_copy(deep=True)
    answer.total.match_rate = Figure()
    _, table = _read(as_csv(answer))
    assert table[("total", "match_rate")] == ("", "")


def _svg(answer: Analytics, chart: ExportChart) -> tuple[ElementTree.Element, list[str]]:
    root = ElementTree.fromstring(as_svg(answer, chart))  # the service's own output: no untrusted XML
    return root, ["".join(text.itertext()) for text in root.iter(f"{SVG_NS}text")]


@pytest.mark.parametrize("chart", list(ExportChart), ids=str)
@pytest.mark.parametrize("answer", [FULL, PARTLY_WITHHELD], ids=["full", "partly-withheld"])
def test_each_chart_is_an_svg_with_its_title(answer: Analytics, chart: ExportChart) -> None:
    root, texts = _svg(answer, chart)
    assert root.tag == f"{SVG_NS}svg"
    assert TITLES[chart] in texts
    assert any("2026-01-01 to 2026-03-31" in text for text in texts)


def test_the_funnel_draws_each_stage_and_labels_the_withheld_ones() -> None:
    _, full = _svg(FULL, ExportChart.FUNNEL)
    assert {"applied", "eligible", "approved", "matched", "mentees", "mentors"} <= set(full)
    assert "withheld" not in full
    funnel = FULL.total.mentee_funnel
    assert f"{funnel.matched.value:g}" in full
    _, partly = _svg(PARTLY_WITHHELD, ExportChart.FUNNEL)
    # mentee eligibility, mentor approval and matching: three bars, none drawn, each labelled
    assert partly.count("withheld") == 3
    assert f"{PARTLY_WITHHELD.total.mentor_funnel.matched.value}" not in partly


def test_the_cadence_chart_has_a_bar_per_month_and_labels_a_withheld_month() -> None:
    _, texts = _svg(PARTLY_WITHHELD, ExportChart.CADENCE)
    assert set(MONTHS) <= set(texts)
    assert texts.count("withheld") == 1  # February
    january = PARTLY_WITHHELD.months[0].cadence_compliance.value
    assert format(round(january * 100, 1), "g") in texts


@pytest.mark.parametrize("chart", list(ExportChart), ids=str)
def test_the_same_answer_renders_the_same_bytes(chart: ExportChart) -> None:
    first = as_svg(PARTLY_WITHHELD, chart)
    as_svg(FULL, chart)  # nothing of one chart stays for the next
    assert as_svg(PARTLY_WITHHELD, chart) == first


def test_charts_drawn_on_several_threads_at_once_are_the_charts_drawn_one_by_one() -> None:
    work = [(answer, chart) for answer in (FULL, PARTLY_WITHHELD) for chart in ExportChart] * 2
    alone = [as_svg(answer, chart) for answer, chart in work]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda job: as_svg(*job), work))
    assert together == alone


def test_the_svg_is_dated_by_the_answer_not_by_the_clock() -> None:
    later = FULL.model_copy(update={"as_of": datetime(2026, 4, 1, tzinfo=UTC), "to_day": date(2026, 3, 31)})
    assert "2026-04-01T00:00:00+00:00" in as_svg(later, ExportChart.FUNNEL)


def test_matplotlib_is_not_imported_until_a_chart_is_drawn() -> None:
    # Importing matplotlib takes about a second: the service starts without it, and loads it on the first chart.
    check = "import sys, evaluation.exports, evaluation.bootstrap; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_export_renders_the_media_type_the_routing_chose() -> None:
    assert export(FULL, CSV, ExportChart.CADENCE) == as_csv(FULL)
    assert export(FULL, SVG, ExportChart.CADENCE) == as_svg(FULL, ExportChart.CADENCE)
    with pytest.raises(ValueError, match="text/csv or image/svg"):
        export(FULL, JSON, ExportChart.FUNNEL)
