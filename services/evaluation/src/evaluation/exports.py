"""An analytics answer as a CSV file or an SVG chart: pure functions of the answer, no I/O, the same bytes for the
same answer.

Both show exactly what the JSON answer shows and nothing more: a withheld figure stays withheld, as an empty value
with its reason in the CSV and as no bar, labelled "withheld", in a chart, so an export can never disclose what a
k-anonymous answer keeps back.

The CSV opens with the answer's scope (program or agency), its range, as_of and min_people, one `key,value` row
each, then a blank row, then a table with one row per period (`total`, then each month) and figure, the figure
named by its path in the JSON answer: mentee_funnel.applied, or satisfaction.closing.overall.distribution.5.count,
a list's entry named by its survey and question, its rating or its reason. Every value is a number or a name the
service made, never text a person typed, so no cell can be read by a spreadsheet as a formula.

Charts are drawn by matplotlib through its object API (a `Figure` of its own per call, never pyplot's global
figures) with the SVG backend; matplotlib is imported on the first chart, not when the service starts. The few
settings that only exist globally (text kept as text, the salt of the SVG's ids) are set within `rc_context`
under a lock, so they hold for exactly one chart at a time and are restored after it, whichever thread draws. The
date written in the SVG's metadata is the answer's as_of, so the same answer always renders the same bytes.
"""

import csv
import io
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from mentoring_contracts.api.analytics import Analytics, Figure, PeriodFigures
from mentoring_contracts.names import ExportChart
from mentoring_contracts.routes import CSV, SVG

if TYPE_CHECKING:
    from matplotlib.axes import Axes

TOTAL = "total"
WITHHELD = "withheld"
COLUMNS = ("period", "figure", "value", "withheld")
FUNNEL_STAGES = ("applied", "eligible", "approved", "matched")
TITLES = {
    ExportChart.FUNNEL: "Applied, eligible, approved and matched",
    ExportChart.CADENCE: "Cadence compliance by month",
}

_SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "mentoring-analytics", "font.family": "DejaVu Sans"}
_DRAWING = threading.Lock()  # rc_context changes matplotlib's one set of settings: one chart at a time


def export(answer: Analytics, media_type: str, chart: ExportChart) -> str:
    """The answer as `media_type`, one of the analytics rows' exports (the routing has chosen it by Accept): CSV,
    or `chart` drawn as SVG. A chart takes some tens of milliseconds of CPU: a handler runs it off the event loop
    (`anyio.to_thread.run_sync`)."""
    if media_type == CSV:
        return as_csv(answer)
    if media_type == SVG:
        return as_svg(answer, chart)
    raise ValueError(f"an analytics answer is exported as {CSV} or {SVG}, not {media_type}")


def as_csv(answer: Analytics) -> str:
    """The answer's heading rows, a blank row, then one row per period and figure: period, figure, value, withheld."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(
        [
            ("scope", "program" if answer.program_id is not None else "agency"),
            ("program_id", answer.program_id or ""),
            ("from", answer.from_day.isoformat()),
            ("to", answer.to_day.isoformat()),
            ("as_of", answer.as_of.isoformat() if answer.as_of is not None else ""),
            ("min_people", answer.min_people if answer.min_people is not None else ""),
            (),
            COLUMNS,
        ]
    )
    for period in (answer.total, *answer.months):
        name = period.month or TOTAL
        for path, figure in figures(period):
            writer.writerow((name, path, _number(figure.value), figure.withheld or ""))
    return out.getvalue()


def figures(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Figure]]:
    """Every figure of `model`, in field order, with its path: a model's by field name, a list entry's by what
    names the entry (its fields that are neither figures nor lists nor models, such as a survey and question id)."""
    for name, value in model:
        path = f"{prefix}{name}"
        if isinstance(value, Figure):
            yield path, value
        elif isinstance(value, BaseModel):
            yield from figures(value, f"{path}.")
        elif isinstance(value, list):
            for entry in value:
                yield from figures(entry, f"{path}.{_entry_name(entry)}.")


def _entry_name(entry: BaseModel) -> str:
    return ".".join(str(value) for _, value in entry if not isinstance(value, Figure | BaseModel | list))


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


def as_svg(answer: Analytics, chart: ExportChart) -> str:
    """The answer drawn as `chart`, an SVG document whose title is TITLES[chart] and the answer's range."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure as Drawing

    with _DRAWING, rc_context(_SVG_SETTINGS):
        drawing = Drawing(figsize=(8, 4.5), layout="constrained")
        axes = drawing.add_subplot()
        _DRAW[chart](axes, answer)
        scope = f"programme {answer.program_id}" if answer.program_id is not None else "the agency"
        axes.set_title(f"{TITLES[chart]}\n{scope}, {answer.from_day} to {answer.to_day}")
        out = io.StringIO()
        drawing.savefig(out, format="svg", metadata=_metadata(answer))
    return out.getvalue()


def _metadata(answer: Analytics) -> dict[str, Any]:
    # A fixed date (the answer's own), where matplotlib would write the time of drawing.
    return {"Date": answer.as_of.isoformat() if answer.as_of is not None else None}


def _draw_funnel(axes: "Axes", answer: Analytics) -> None:
    """Applied, eligible, approved and matched, side by side for mentees and mentors, over the whole range."""
    width = 0.38
    for offset, (label, funnel) in zip(
        (-width / 2, width / 2),
        (("mentees", answer.total.mentee_funnel), ("mentors", answer.total.mentor_funnel)),
        strict=True,
    ):
        stages = [getattr(funnel, stage) for stage in FUNNEL_STAGES]
        positions = [index + offset for index in range(len(FUNNEL_STAGES))]
        _bars(axes, positions, stages, width, label)
    axes.set_xticks(range(len(FUNNEL_STAGES)), FUNNEL_STAGES)
    axes.set_ylabel("people")
    axes.legend()


def _draw_cadence(axes: "Axes", answer: Analytics) -> None:
    """Each month's share of partnership months that met the cadence, in per cent."""
    months = [period.month or "" for period in answer.months]
    shares = [_percent(period) for period in answer.months]
    _bars(axes, list(range(len(months))), shares, 0.6, "cadence compliance")
    axes.set_xticks(range(len(months)), months, rotation=45 if len(months) > 6 else 0)
    axes.set_ylim(0, 110)
    axes.set_ylabel("% of partnership months")


def _percent(period: PeriodFigures) -> Figure:
    figure = period.cadence_compliance
    return figure if figure.value is None else Figure(value=figure.value * 100)


def _bars(axes: "Axes", positions: list[float], stages: list[Figure], width: float, label: str) -> None:
    """A bar per figure that has a value; none where it is withheld or absent, but the word saying so."""
    heights = [figure.value or 0.0 for figure in stages]
    container = axes.bar(positions, heights, width, label=label)
    labels = [_label(figure) for figure in stages]
    for bar, figure in zip(container, stages, strict=True):
        if figure.value is None:
            bar.set_visible(False)
    axes.bar_label(container, labels, padding=2, fontsize=8)


def _label(figure: Figure) -> str:
    if figure.withheld is not None:
        return WITHHELD
    return "none" if figure.value is None else format(round(figure.value, 1), "g")


_DRAW = {ExportChart.FUNNEL: _draw_funnel, ExportChart.CADENCE: _draw_cadence}
