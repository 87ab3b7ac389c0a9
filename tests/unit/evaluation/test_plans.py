"""A partnership's development plan on in-memory ports: the SMART rules, revisions, assignments, agreement, ticks
and who may read and write it."""

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from evaluation.bootstrap import Evaluation, wire
from mentoring_contracts.api import PageQuery
from mentoring_contracts.api.plans import AgreePlan, Objective, RevisePlan
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from tests.support.endings import closed, dissolved
from tests.support.evaluated import AGENCY, formed, hear, matched, member_matched, opened
from tests.support.factories import caller
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit

TODAY = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
MENTOR = caller(AGENCY, "mentor", "mentor")
MENTEE = caller(AGENCY, "mentee", "mentee")
COORDINATOR = caller(AGENCY, "coord-1", "coordinator")


def objective(target_date: str = "2026-09-30", **fields: Any) -> dict[str, Any]:
    values = {
        "specific": "Lead a team retrospective",
        "measure": "Two retrospectives run, rated useful by the team",
        "achievable": "The team meets fortnightly",
        "relevant": "The mentee wants to lead a team",
        "target_date": target_date,
    }
    return {**values, **fields}


def milestone(due_on: str = "2026-05-01", **fields: Any) -> dict[str, Any]:
    return {"description": "Shadow a retrospective", "due_on": due_on, **fields}


def assignment(**fields: Any) -> dict[str, Any]:
    return {"description": "Read 'Agile Retrospectives'", "due_on": "2026-04-01", **fields}


def revision(based_on: int, *objectives: dict[str, Any]) -> RevisePlan:
    return RevisePlan.model_validate({"based_on_revision": based_on, "objectives": objectives or [objective()]})


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("evaluation")


@pytest.fixture
async def evaluation(ports: MemoryPorts) -> Evaluation:
    """A pair of programme g1 (12 months) matched on 2026-02-01, not yet active: its term ends on 2027-02-01."""
    evaluation = wire(ports.log, ports.recorder, lambda: TODAY)
    await hear(evaluation, opened(duration_months=12), matched("p1", "2026-02-01T09:00:00Z"))
    return evaluation


async def _facts(ports: MemoryPorts, partnership_id: str = "p1") -> list[Any]:
    return await ports.log.for_agency(AGENCY).stream(f"plan:{partnership_id}")


async def test_no_plan_reads_as_revision_0_with_the_term_it_must_fit(evaluation: Evaluation) -> None:
    view = await evaluation.plans.plan(MENTEE, "p1")
    assert (view.pair_id, view.program_id, view.revision, view.objectives) == ("p1", "g1", 0, [])
    assert (view.agreed_revision, str(view.term_ends_on)) == (None, "2027-02-01")
    assert (await evaluation.plans.revisions(MENTEE, "p1", PageQuery())).items == []


async def test_a_member_writes_the_plan_and_its_text_stays_out_of_the_facts_fields(
    evaluation: Evaluation, ports: MemoryPorts
) -> None:
    view = await evaluation.plans.revise(MENTOR, "p1", revision(0, objective(milestones=[milestone()])))
    assert (view.revision, view.revised_by, view.revised_at, view.agreed_by) == (1, "mentor", TODAY, [])
    assert view.objectives == [Objective.model_validate(objective(milestones=[milestone()]))]
    assert await evaluation.plans.plan(COORDINATOR, "p1") == view
    [fact] = await _facts(ports)
    assert fact.event_type == "PlanRevised" and fact.private["objectives"][0]["specific"] == "Lead a team retrospective"
    assert "retrospective" not in str(fact.envelope).lower()


@pytest.mark.parametrize(
    ("written", "field"),
    [
        ([objective(), objective("2027-02-02")], "objectives.1.target_date"),  # a day after the term
        ([objective("2026-01-31")], "objectives.0.target_date"),  # before the pair was matched
        ([objective(milestones=[milestone(), milestone("2027-03-01")])], "objectives.0.milestones.1.due_on"),
        ([objective(assignments=[assignment(due_on="2025-12-01")])], "objectives.0.assignments.0.due_on"),
        ([objective(milestones=[milestone(done_on="2026-03-16")])], "objectives.0.milestones.0.done_on"),
    ],
)
async def test_every_date_falls_within_the_term_and_nothing_is_ticked_off_in_the_future(
    evaluation: Evaluation, ports: MemoryPorts, written: list[dict[str, Any]], field: str
) -> None:
    with pytest.raises(Invalid) as refused:
        await evaluation.plans.revise(MENTOR, "p1", revision(0, *written))
    assert refused.value.field == field
    assert "2026-02-01" in str(refused.value) or "after today" in str(refused.value)
    assert await _facts(ports) == []


async def test_the_term_days_themselves_are_within_it(evaluation: Evaluation) -> None:
    view = await evaluation.plans.revise(MENTOR, "p1", revision(0, objective("2027-02-01"), objective("2026-02-01")))
    assert [str(o.target_date) for o in view.objectives] == ["2027-02-01", "2026-02-01"]


def test_the_body_refuses_a_fourth_objective_and_a_missing_smart_part() -> None:
    with pytest.raises(ValidationError) as four:
        revision(0, *[objective()] * 4)
    assert [error["loc"] for error in four.value.errors()] == [("objectives",)]
    without_measure = objective()
    del without_measure["measure"]
    with pytest.raises(ValidationError) as missing:
        revision(0, objective(), without_measure)
    assert [error["loc"] for error in missing.value.errors()] == [("objectives", 1, "measure")]


async def test_every_write_is_a_revision_made_on_the_newest_and_every_revision_stays_readable(
    evaluation: Evaluation, ports: MemoryPorts
) -> None:
    await evaluation.plans.revise(MENTOR, "p1", revision(0, objective()))
    await evaluation.plans.revise(MENTEE, "p1", revision(1, objective(specific="Run a retrospective alone")))
    with pytest.raises(Conflict, match="the plan is at revision 2, not 1"):
        await evaluation.plans.revise(MENTOR, "p1", revision(1, objective(specific="Overwrite")))
    await evaluation.plans.revise(MENTOR, "p1", revision(2, objective(), objective("2026-12-01")))
    first = await evaluation.plans.revisions(COORDINATOR, "p1", PageQuery(limit=2))
    assert [(v.revision, v.revised_by, len(v.objectives)) for v in first.items] == [(3, "mentor", 2), (2, "mentee", 1)]
    rest = await evaluation.plans.revisions(MENTEE, "p1", PageQuery(limit=2, cursor=first.next_cursor))
    assert [v.revision for v in rest.items] == [1] and rest.next_cursor is None
    assert rest.items[0].objectives[0].specific == "Lead a team retrospective"
    assert len(await _facts(ports)) == 3


async def test_only_the_mentor_adds_changes_approves_or_removes_an_assignment(
    evaluation: Evaluation, ports: MemoryPorts
) -> None:
    with pytest.raises(Forbidden, match=r"objectives\.0\.assignments: only the mentor"):
        await evaluation.plans.revise(MENTEE, "p1", revision(0, objective(assignments=[assignment()])))
    await evaluation.plans.revise(MENTOR, "p1", revision(0, objective(assignments=[assignment()])))
    for changed in (
        [objective(assignments=[assignment(approved=True)])],  # approve
        [objective(assignments=[assignment(description="Something else")])],  # change
        [objective()],  # remove
        [objective(assignments=[assignment(), assignment()])],  # add
        [objective(), objective(assignments=[assignment()])],  # move to another objective
    ):
        with pytest.raises(Forbidden) as refused:
            await evaluation.plans.revise(MENTEE, "p1", revision(1, *changed))
        assert "objectives.0.assignments" in str(refused.value)
    assert len(await _facts(ports)) == 1
    # A mentee ticks one off, and changes the objectives' own words; the mentor approves.
    ticked = objective(specific="Lead two retrospectives", assignments=[assignment(done_on="2026-03-10")])
    view = await evaluation.plans.revise(MENTEE, "p1", revision(1, ticked, objective("2026-10-01")))
    assert view.objectives[0].assignments[0].done_on.isoformat() == "2026-03-10"
    approved = objective(assignments=[assignment(approved=True, done_on="2026-03-10")])
    view = await evaluation.plans.revise(MENTOR, "p1", revision(2, approved))
    assert view.objectives[0].assignments[0].approved


async def test_goals_are_agreed_once_every_member_agreed_the_same_revision(
    evaluation: Evaluation, ports: MemoryPorts
) -> None:
    with pytest.raises(Conflict, match="there is no plan to agree yet"):
        await evaluation.plans.agree(MENTOR, "p1", AgreePlan(revision=1))
    await evaluation.plans.revise(MENTOR, "p1", revision(0, objective(), objective("2026-12-01")))
    await evaluation.plans.revise(MENTOR, "p1", revision(1, objective(), objective("2026-12-31")))
    with pytest.raises(Conflict, match="the plan is at revision 2, not 1"):
        await evaluation.plans.agree(MENTEE, "p1", AgreePlan(revision=1))
    view = await evaluation.plans.agree(MENTOR, "p1", AgreePlan(revision=2))
    assert (view.agreed_by, view.agreed_revision) == (["mentor"], None)
    await evaluation.plans.agree(MENTOR, "p1", AgreePlan(revision=2))  # again: nothing new
    view = await evaluation.plans.agree(MENTEE, "p1", AgreePlan(revision=2))
    assert (view.agreed_by, view.agreed_revision) == (["mentee", "mentor"], 2)
    await evaluation.plans.agree(MENTEE, "p1", AgreePlan(revision=2))  # and again, once agreed
    facts = await _facts(ports)
    assert [fact.event_type for fact in facts] == ["PlanRevised", "PlanRevised", "PlanAgreedBy", "GoalsAgreed"]
    goals = facts[-1].payload
    assert (goals["pair_id"], goals["program_id"], goals["revision"], goals["objective_count"]) == ("p1", "g1", 2, 2)
    assert goals["target_dates"] == ["2026-09-30", "2026-12-31"]
    assert goals["agreed_at"].startswith("2026-03-15T12:00:00")
    assert "retrospective" not in str(facts[-1].envelope).lower()
    # Read again from the log, as a process started anew holds it.
    again = wire(ports.log, ports.recorder, lambda: TODAY)
    assert await again.plans.plan(MENTEE, "p1") == view


async def test_a_revision_that_only_ticks_keeps_the_agreement_any_other_change_needs_agreeing_again(
    evaluation: Evaluation, ports: MemoryPorts
) -> None:
    plan = objective(milestones=[milestone()], assignments=[assignment()])
    await evaluation.plans.revise(MENTOR, "p1", revision(0, plan))
    for member in (MENTOR, MENTEE):
        await evaluation.plans.agree(member, "p1", AgreePlan(revision=1))
    ticked = objective(milestones=[milestone(done_on="2026-03-14")], assignments=[assignment(done_on="2026-03-15")])
    view = await evaluation.plans.revise(MENTEE, "p1", revision(1, ticked))
    assert (view.revision, view.agreed_by, view.agreed_revision) == (2, ["mentee", "mentor"], 2)
    view = await evaluation.plans.agree(MENTOR, "p1", AgreePlan(revision=2))  # agreed already: nothing new
    assert [fact.event_type for fact in await _facts(ports)].count("GoalsAgreed") == 1
    changed = objective("2026-10-31", milestones=[milestone(done_on="2026-03-14")], assignments=[assignment()])
    view = await evaluation.plans.revise(MENTOR, "p1", revision(2, changed))
    assert (view.revision, view.agreed_by, view.agreed_revision) == (3, [], 2)
    # A tick on a revision half agreed keeps that half.
    await evaluation.plans.agree(MENTOR, "p1", AgreePlan(revision=3))
    retick = objective("2026-10-31", milestones=[milestone()], assignments=[assignment()])
    view = await evaluation.plans.revise(MENTEE, "p1", revision(3, retick))
    assert (view.revision, view.agreed_by, view.agreed_revision) == (4, ["mentor"], 2)
    view = await evaluation.plans.agree(MENTEE, "p1", AgreePlan(revision=4))
    assert view.agreed_revision == 4
    goals = [fact.payload for fact in await _facts(ports) if fact.event_type == "GoalsAgreed"]
    assert [(g["revision"], g["target_dates"]) for g in goals] == [(1, ["2026-09-30"]), (4, ["2026-10-31"])]


async def test_a_group_agrees_when_every_member_has_and_one_who_leaves_is_not_waited_for(
    ports: MemoryPorts,
) -> None:
    evaluation = wire(ports.log, ports.recorder, lambda: TODAY)
    await hear(evaluation, member_matched("e1"), member_matched("e2"), formed(mentees="e1 e2"))
    e1, e2 = caller(AGENCY, "e1", "mentee"), caller(AGENCY, "e2", "mentee")
    view = await evaluation.plans.revise(e2, "p-e2", revision(0, objective()))  # a member's own pair id
    assert view.pair_id == "grp1"
    for member in (MENTOR, e1):
        view = await evaluation.plans.agree(member, "p-e1", AgreePlan(revision=1))
    assert (view.agreed_by, view.agreed_revision) == (["e1", "mentor"], None)
    await hear(evaluation, dissolved(AGENCY, "g1", "grp1", "mentor", ["e2"], whole=False, group_id="grp1"))
    with pytest.raises(Forbidden):
        await evaluation.plans.plan(e2, "grp1")
    view = await evaluation.plans.agree(e1, "grp1", AgreePlan(revision=1))  # nobody else to wait for now
    assert view.agreed_revision == 1
    assert [fact.event_type for fact in await _facts(ports, "grp1")][-1] == "GoalsAgreed"


async def test_members_read_and_write_the_coordinator_reads_anyone_else_is_refused(
    evaluation: Evaluation, ports: MemoryPorts
) -> None:
    stranger = caller(AGENCY, "someone", "mentee", "mentor")
    other_agency = caller("agency-b", "mentor", "mentor")
    await evaluation.plans.revise(MENTOR, "p1", revision(0))
    calls = {
        "read": lambda who: evaluation.plans.plan(who, "p1"),
        "revisions": lambda who: evaluation.plans.revisions(who, "p1", PageQuery()),
        "write": lambda who: evaluation.plans.revise(who, "p1", revision(1)),
        "agree": lambda who: evaluation.plans.agree(who, "p1", AgreePlan(revision=1)),
    }
    for name, call in calls.items():
        with pytest.raises(Forbidden, match="only the pair's members"):
            await call(stranger)
        with pytest.raises(NotFound, match="no pair or group 'p1' in your agency"):
            await call(other_agency)
        if name in ("write", "agree"):
            with pytest.raises(Forbidden, match="only the pair's members can"):
                await call(COORDINATOR)
        else:
            await call(COORDINATOR)
    assert [fact.event_type for fact in await _facts(ports)] == ["PlanRevised"]


async def test_an_ended_partnerships_plan_is_read_but_never_changed(evaluation: Evaluation, ports: MemoryPorts) -> None:
    await evaluation.plans.revise(MENTOR, "p1", revision(0))
    await hear(evaluation, closed(AGENCY, "g1", "p1", "mentor", ["mentee"]))
    with pytest.raises(Conflict, match="the pair has closed"):
        await evaluation.plans.revise(MENTEE, "p1", revision(1))
    with pytest.raises(Conflict, match="can no longer be agreed"):
        await evaluation.plans.agree(MENTEE, "p1", AgreePlan(revision=1))
    assert (await evaluation.plans.plan(COORDINATOR, "p1")).revision == 1
    assert len(await _facts(ports)) == 1
