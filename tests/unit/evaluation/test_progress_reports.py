"""Progress reports on in-memory ports, as evaluation serves them: the mentee reports, the mentor assesses, the pair
and the coordinator read and nobody else; each month once, also across a retry and a restart; the months missing,
per pair and per programme, oldest first and paged, as time passes, reports come in and partnerships end."""

from datetime import datetime
from typing import Any

import pytest

from evaluation.bootstrap import Evaluation, wire
from evaluation.handlers.progress import ProgressReports
from mentoring_contracts.api import EvaluationPolicy, PageQuery
from mentoring_contracts.api.plans import AgreePlan, AssessProgress, ReportedObjective, ReportProgress, RevisePlan
from mentoring_contracts.names import ObjectiveStatus
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from mentoring_runtime.web import Caller
from tests.support.clock import Clock
from tests.support.conflicts import count_conflicts
from tests.support.endings import dissolved
from tests.support.evaluated import AGENCY, at, formed, hear, matched, opened, signed
from tests.support.factories import caller
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit

MENTOR, MENTEE = caller(AGENCY, "mentor", "mentor"), caller(AGENCY, "mentee", "mentee")
COORDINATOR, STRANGER = caller(AGENCY, "coord"), caller(AGENCY, "someone", "mentee")


class Plans:
    def __init__(self, **counts: int) -> None:
        self.counts = counts

    async def objective_count(self, agency_id: str, partnership_id: str) -> int | None:
        return self.counts.get(partnership_id)


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("evaluation")


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.fromisoformat("2026-05-20T12:00:00+00:00"))


def _evaluation(ports: MemoryPorts, clock: Clock, **plans: int) -> Evaluation:
    """Evaluation on the ports, its reports due by the 5th (the policy's default); `plans`: objective counts of
    agreed plans, by partnership, instead of the plans held."""
    evaluation = wire(ports.log, ports.recorder, clock)
    if plans:
        evaluation.progress_reports.plans = Plans(**plans)
    return evaluation


async def _active(
    evaluation: Evaluation,
    pair_id: str = "p1",
    since: str = "2026-03-01T09:00:00Z",
    mentee: str = "mentee",
    mentor: str = "mentor",
) -> None:
    """The pair matched in programme g1 and active since `since`."""
    await hear(
        evaluation,
        opened(),
        matched(pair_id, mentee_id=mentee, mentor_id=mentor),
        signed(pair_id, since, mentee_ids=(mentee,), mentor_id=mentor),
    )


def _report(month: str, *numbers: int, summary: str = "Presented at the board") -> ReportProgress:
    objectives = tuple(
        ReportedObjective(objective=n, status=ObjectiveStatus.ON_TRACK, percent=20 * n) for n in numbers or (1,)
    )
    return ReportProgress(month=month, objectives=objectives, summary=summary)


def _missing(page: Any) -> list[tuple[str, str, str]]:
    return [(m.month, m.pair_id, m.mentee_id) for m in page]


async def test_the_mentee_reports_the_mentor_assesses_and_the_pair_and_coordinator_read(
    ports: MemoryPorts, clock: Clock
) -> None:
    evaluation = _evaluation(ports, clock)
    progress = evaluation.progress_reports
    await _active(evaluation)
    report_id = await progress.report(MENTEE, "p1", _report("2026-05", 2, 1))
    view = await progress.assess(MENTOR, "p1", report_id, AssessProgress(assessment="Confident now"))
    assert (view.month, view.mentee_id, view.summary, view.assessment) == (
        "2026-05", "mentee", "Presented at the board", "Confident now"
    )  # fmt: skip
    assert [(o.objective, o.percent) for o in view.objectives] == [(1, 20), (2, 40)]
    pages = [await progress.reports(someone, "p1", PageQuery()) for someone in (MENTEE, MENTOR, COORDINATOR)]
    assert pages[0] == pages[1] == pages[2] and pages[0].items == [view]
    stored = await ports.log.for_agency(AGENCY).stream("progress:p1")
    assert [fact.event_type for fact in stored] == ["ProgressReported", "ProgressAssessed"]
    assert "Presented" not in str(stored[0].payload) and "Confident" not in str(stored[1].payload)


async def test_nobody_else_reads_reports_writes_or_assesses_and_another_agency_finds_no_pair(
    ports: MemoryPorts, clock: Clock
) -> None:
    evaluation = _evaluation(ports, clock)
    progress = evaluation.progress_reports
    await _active(evaluation)
    report_id = await progress.report(MENTEE, "p1", _report("2026-05"))
    with pytest.raises(Forbidden):
        await progress.reports(STRANGER, "p1", PageQuery())
    for someone in (STRANGER, MENTOR, COORDINATOR):
        with pytest.raises(Forbidden, match="only the partnership's mentees"):
            await progress.report(someone, "p1", _report("2026-04"))
    for someone in (STRANGER, MENTEE, COORDINATOR):
        with pytest.raises(Forbidden, match="only the partnership's mentor"):
            await progress.assess(someone, "p1", report_id, AssessProgress(assessment="Fine"))
    elsewhere = caller("agency-b", "mentee", "mentee")
    with pytest.raises(NotFound):
        await progress.reports(elsewhere, "p1", PageQuery())
    for programme, coordinator in (("g1", caller("agency-b", "coord")), ("g2", COORDINATOR)):
        with pytest.raises(NotFound, match=f"no programme '{programme}' in your agency"):
            await progress.program_missing(coordinator, programme, PageQuery())
    with pytest.raises(NotFound):
        await progress.report(elsewhere, "p1", _report("2026-04"))
    for someone in (MENTOR, MENTEE, STRANGER):
        with pytest.raises(Forbidden, match="coordinator"):
            await progress.program_missing(someone, "g1", PageQuery())


async def test_a_month_is_reported_once_and_a_retry_finds_the_first_also_after_a_restart(
    ports: MemoryPorts, clock: Clock
) -> None:
    evaluation = _evaluation(ports, clock)
    await _active(evaluation)
    keyed = caller(AGENCY, "mentee", "mentee", request_key="k1")
    report_id = await evaluation.progress_reports.report(keyed, "p1", _report("2026-04"))
    restarted = _evaluation(ports, clock).progress_reports
    assert await restarted.report(keyed, "p1", _report("2026-04")) == report_id
    with pytest.raises(Conflict, match="you reported on 2026-04 already"):
        await restarted.report(MENTEE, "p1", _report("2026-04"))
    stream = await ports.log.for_agency(AGENCY).stream("progress:p1")
    assert [fact.event_type for fact in stream] == ["ProgressReported"]


async def test_months_and_objectives_are_checked_against_the_partnership_and_its_agreed_plan(
    ports: MemoryPorts, clock: Clock
) -> None:
    evaluation = _evaluation(ports, clock, p1=2)
    progress = evaluation.progress_reports
    await hear(evaluation, opened(), matched("p1"))
    with pytest.raises(Conflict, match="not active yet"):
        await progress.report(MENTEE, "p1", _report("2026-05"))
    await hear(evaluation, signed("p1", "2026-03-10T09:00:00Z"))
    for month in ("2026-02", "2026-06"):
        with pytest.raises(Invalid) as refused:
            await progress.report(MENTEE, "p1", _report(month))
        assert refused.value.field == "month"
    with pytest.raises(Invalid, match="the agreed plan has 2 objectives; there is no objective 3") as refused:
        await progress.report(MENTEE, "p1", _report("2026-03", 1, 3))
    assert refused.value.field == "objectives.1.objective"
    assert await progress.report(MENTEE, "p1", _report("2026-03", 1, 2))


async def test_a_report_names_objectives_of_the_plan_the_pair_agreed_once_it_agreed_one(
    ports: MemoryPorts, clock: Clock
) -> None:
    evaluation = _evaluation(ports, clock)
    await _active(evaluation)
    two = RevisePlan.model_validate({"based_on_revision": 0, "objectives": [_objective(), _objective()]})
    await evaluation.plans.revise(MENTEE, "p1", two)
    assert await evaluation.progress_reports.report(MENTEE, "p1", _report("2026-03", 3))  # not agreed yet: 1 to 3
    for member in (MENTEE, MENTOR):
        await evaluation.plans.agree(member, "p1", AgreePlan(revision=1))
    with pytest.raises(Invalid, match="the agreed plan has 2 objectives; there is no objective 3"):
        await evaluation.progress_reports.report(MENTEE, "p1", _report("2026-04", 1, 3))
    assert await evaluation.progress_reports.report(MENTEE, "p1", _report("2026-04", 1, 2))


def _objective() -> dict[str, str]:
    return {
        "specific": "Chair a board meeting", "measure": "One meeting chaired", "achievable": "Board meets monthly",
        "relevant": "She wants to lead", "target_date": "2026-12-31",
    }  # fmt: skip


async def test_the_pairs_missing_months_run_from_the_active_one_to_the_last_past_its_due_day(
    ports: MemoryPorts, clock: Clock
) -> None:
    evaluation = _evaluation(ports, clock)
    progress = evaluation.progress_reports
    await _active(evaluation, since="2026-03-20T09:00:00Z")
    clock.set("2026-05-05T23:00:00+00:00")  # April's report may still come today
    page = await progress.reports(COORDINATOR, "p1", PageQuery())
    assert [(m.month, m.due_on.isoformat()) for m in page.missing] == [("2026-03", "2026-04-05")]
    clock.set("2026-05-06T08:00:00+00:00")
    assert _missing((await progress.reports(MENTEE, "p1", PageQuery())).missing) == [
        ("2026-03", "p1", "mentee"), ("2026-04", "p1", "mentee")
    ]  # fmt: skip
    await progress.report(MENTEE, "p1", _report("2026-03"))  # late, and no longer missing
    assert _missing((await progress.reports(MENTOR, "p1", PageQuery())).missing) == [("2026-04", "p1", "mentee")]


async def test_in_a_group_each_mentee_reads_their_own_and_the_mentor_every_members(
    ports: MemoryPorts, clock: Clock
) -> None:
    evaluation = _evaluation(ports, clock)
    progress = evaluation.progress_reports
    await hear(evaluation, opened(), formed("grp1", "e1 e2"), signed("grp1", mentee_ids=("e1", "e2")))
    e1, e2 = caller(AGENCY, "e1", "mentee"), caller(AGENCY, "e2", "mentee")
    await progress.report(e1, "grp1", _report("2026-04", summary="e1's month"))
    await progress.report(e2, "grp1", _report("2026-04", summary="e2's month"))
    await progress.report(e1, "grp1", _report("2026-05", summary="e1 again"))
    mine = await progress.reports(e1, "grp1", PageQuery())
    assert [r.summary for r in mine.items] == ["e1 again", "e1's month"]
    assert _missing(mine.missing) == [("2026-03", "grp1", "e1")]
    everyone = await progress.reports(MENTOR, "grp1", PageQuery(limit=2))
    assert [(r.month, r.mentee_id) for r in everyone.items] == [("2026-05", "e1"), ("2026-04", "e2")]
    rest = await progress.reports(MENTOR, "grp1", PageQuery(limit=2, cursor=everyone.next_cursor))
    assert [(r.month, r.mentee_id) for r in rest.items] == [("2026-04", "e1")] and rest.next_cursor is None
    assert _missing(everyone.missing) == [("2026-03", "grp1", "e1"), ("2026-03", "grp1", "e2")]


async def test_the_programmes_missing_reports_oldest_first_paged_and_kept_as_things_happen(
    ports: MemoryPorts, clock: Clock
) -> None:
    evaluation = _evaluation(ports, clock)
    progress = evaluation.progress_reports
    await _active(evaluation, "p1", "2026-03-02T09:00:00Z", mentee="a", mentor="m1")
    await _active(evaluation, "p2", "2026-04-02T09:00:00Z", mentee="b", mentor="m2")
    await hear(evaluation, matched("p3", mentee_id="c", mentor_id="m3"))  # never active: owes nothing
    clock.set("2026-05-06T08:00:00+00:00")
    assert await _all_missing(progress) == [("2026-03", "p1", "a"), ("2026-04", "p1", "a"), ("2026-04", "p2", "b")]
    first = await progress.program_missing(COORDINATOR, "g1", PageQuery(limit=2))
    assert _missing(first.items) == [("2026-03", "p1", "a"), ("2026-04", "p1", "a")]
    assert [m.due_on.isoformat() for m in first.items] == ["2026-04-05", "2026-05-05"]

    await progress.report(caller(AGENCY, "a", "mentee"), "p1", _report("2026-04"))
    assert await _all_missing(progress) == [("2026-03", "p1", "a"), ("2026-04", "p2", "b")]
    # The page after a key filed since goes on from where it was.
    after = await progress.program_missing(COORDINATOR, "g1", PageQuery(cursor=first.next_cursor))
    assert _missing(after.items) == [("2026-04", "p2", "b")]

    await hear(evaluation, signed("p3", "2026-04-30T09:00:00Z", mentee_ids=("c",), mentor_id="m3"))
    await hear(evaluation, at(dissolved(AGENCY, "g1", "p2", "m2", ["b"]), "2026-05-10T09:00:00Z"))
    clock.set("2026-06-06T08:00:00+00:00")  # May falls due: p2 ended in May and owes no more
    assert await _all_missing(progress) == [
        ("2026-03", "p1", "a"), ("2026-04", "p2", "b"), ("2026-04", "p3", "c"), ("2026-05", "p1", "a"),
        ("2026-05", "p3", "c"),
    ]  # fmt: skip
    restarted = _evaluation(ports, clock).progress_reports  # made again from the log, the same
    assert await _all_missing(restarted) == await _all_missing(progress)
    with pytest.raises(Invalid) as refused:
        await progress.program_missing(COORDINATOR, "g1", PageQuery(cursor="nonsense"))
    assert refused.value.field == "cursor"


async def test_the_programmes_policy_says_the_due_day_and_a_day_moved_later_puts_a_month_back_out_of_the_missing(
    ports: MemoryPorts, clock: Clock
) -> None:
    evaluation = _evaluation(ports, clock)
    progress = evaluation.progress_reports
    await _active(evaluation)
    clock.set("2026-05-08T08:00:00+00:00")
    assert [m.month for m in (await progress.program_missing(COORDINATOR, "g1", PageQuery())).items] == [
        "2026-03", "2026-04"
    ]  # fmt: skip
    await evaluation.policies.set_evaluation_policy(COORDINATOR, "g1", EvaluationPolicy(report_due_day=10))
    page = await progress.program_missing(COORDINATOR, "g1", PageQuery())
    assert [(m.month, m.due_on.isoformat()) for m in page.items] == [("2026-03", "2026-04-10")]


async def _all_missing(progress: ProgressReports, who: Caller = COORDINATOR) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    cursor = None
    while True:
        page = await progress.program_missing(who, "g1", PageQuery(limit=1, cursor=cursor))
        found += _missing(page.items)
        if (cursor := page.next_cursor) is None:
            return found


async def test_a_mentee_who_leaves_a_group_is_chased_no_more_and_the_others_still_are(
    ports: MemoryPorts, clock: Clock
) -> None:
    evaluation = _evaluation(ports, clock)
    await hear(evaluation, opened(), formed("grp1", "e1 e2"), signed("grp1", mentee_ids=("e1", "e2")))
    clock.set("2026-05-06T08:00:00+00:00")
    assert await _all_missing(evaluation.progress_reports) == [
        ("2026-03", "grp1", "e1"), ("2026-03", "grp1", "e2"), ("2026-04", "grp1", "e1"), ("2026-04", "grp1", "e2")
    ]  # fmt: skip
    await hear(evaluation, dissolved(AGENCY, "g1", "grp1", "mentor", ["e2"], whole=False))
    assert await _all_missing(evaluation.progress_reports) == [("2026-03", "grp1", "e1"), ("2026-04", "grp1", "e1")]
    with pytest.raises(Forbidden):
        await evaluation.progress_reports.report(caller(AGENCY, "e2", "mentee"), "grp1", _report("2026-04"))


async def test_a_report_decided_on_what_another_process_moved_on_is_decided_again(
    ports: MemoryPorts, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    conflicts = count_conflicts(monkeypatch)
    first, second = _evaluation(ports, clock), _evaluation(ports, clock)  # two processes on one store
    await _active(first)
    await first.progress_reports.report(MENTEE, "p1", _report("2026-03"))
    assert len((await second.progress_reports.reports(MENTEE, "p1", PageQuery())).items) == 1  # held: March
    await first.progress_reports.report(MENTEE, "p1", _report("2026-04", summary="first"))
    with pytest.raises(Conflict, match="you reported on 2026-04 already"):
        await second.progress_reports.report(MENTEE, "p1", _report("2026-04", summary="second"))
    assert len(conflicts) == 1  # its write at the version it decided on found the stream moved on
    stream = await ports.log.for_agency(AGENCY).stream("progress:p1")
    assert [fact.private.get("summary") for fact in stream] == ["Presented at the board", "first"]
