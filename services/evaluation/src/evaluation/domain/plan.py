"""A partnership's development plan, folded from its stream (`plan:<partnership id>`): numbered revisions of up to
three SMART objectives, and who agreed which.

- Every write is a new revision, made on the newest (`based_on_revision`; otherwise 409, so that nobody overwrites
  what the other member wrote meanwhile). Every revision stays readable.
- Each objective's target date, and every milestone's and assignment's due date, falls within the partnership's term
  (from the day it was matched to its term's end), else 422 naming the field as the request's own errors name it
  (`objectives.1.target_date`, counting from 0). A day ticked off (`done_on`) is not after today.
- Assignments are the mentor's: only the mentor adds, changes, approves or removes one. A mentee's revision may
  only tick them off; one that changes an assignment otherwise is refused (403, naming `objectives.N.assignments`).
  An objective's assignments are compared position by position, so a mentee who moves an objective that carries
  assignments is refused too.
- Agreement: each member agrees the newest revision, the one they read (another → 409). Once every member (the
  mentor and every current mentee) agreed the same revision, the goals are agreed: `GoalsAgreed` is published, with
  ids, the revision, how many objectives and their target dates, never their text. Agreeing again is idempotent: it
  records nothing, unless it completes the agreement because a group member who had not agreed has left since.
- A revision that only ticks off milestones or assignments (or changes nothing) keeps the agreement of the
  revision it was made on: the members who agreed that one count as agreeing this one, and if every member had,
  this one is agreed too, without a second `GoalsAgreed` (the goals agreed did not change). Any other change must
  be agreed again.
- A partnership that ended keeps its plan as it was: it is read, never changed or agreed again (409).

Objectives' text stays in the private part of each `PlanRevised` fact, read back here.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from evaluation.domain.facts import PlanAgreedBy, PlanRevised
from evaluation.domain.partnership import Term
from mentoring_contracts import Event, GoalsAgreed
from mentoring_contracts.api.plans import Assignment, Milestone, Objective
from mentoring_runtime.errors import Conflict, Forbidden, Invalid
from mentoring_runtime.folding import Fact, unexpected


@dataclass(frozen=True)
class Revision:
    number: int
    objectives: tuple[Objective, ...]
    revised_at: datetime
    revised_by: str
    agreed_by: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Plan:
    pair_id: str
    program_id: str
    revisions: tuple[Revision, ...] = ()  # oldest first: revision n is revisions[n - 1]
    agreed_revision: int | None = None  # the newest revision every member agreed

    @property
    def revision(self) -> int:
        return len(self.revisions)

    @property
    def newest(self) -> Revision | None:
        return self.revisions[-1] if self.revisions else None


@dataclass(frozen=True)
class PlanText:
    """What stays beside a revision's fact: its objectives, as the request's JSON has them."""

    objectives: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Agreer:
    """Who agreed last, beside the published GoalsAgreed (which names nobody)."""

    person_id: str


def revise(
    plan: Plan | None,
    pair_id: str,
    program_id: str,
    writer_id: str,
    writer_is_mentor: bool,
    objectives: tuple[Objective, ...],
    based_on_revision: int,
    term: Term,
    at: datetime,
) -> tuple[PlanRevised, PlanText]:
    """The plan's next revision with `objectives`, written by a member; refused as the module's docstring says."""
    current = plan.revision if plan else 0
    if based_on_revision != current:
        raise Conflict(
            f"the plan is at revision {current}, not {based_on_revision}: read it again and make your change on "
            "what it now says"
        )
    before = plan.newest.objectives if plan and plan.newest else ()
    if not writer_is_mentor:
        _assignments_kept(before, objectives)
    for index, objective in enumerate(objectives):
        _dated(objective, f"objectives.{index}", term, at.date())
    event = PlanRevised(
        pair_id=pair_id,
        program_id=program_id,
        revision=current + 1,
        revised_by=writer_id,
        revised_at=at,
        keeps_agreement=bool(before) and _unticked(before) == _unticked(objectives),
    )
    return event, PlanText([objective.model_dump(mode="json") for objective in objectives])


def agree(
    plan: Plan | None, person_id: str, revision: int, members: frozenset[str], at: datetime
) -> tuple[Event, Agreer | None] | None:
    """A member's agreement of `revision`: GoalsAgreed when it is the last one, None when there is nothing new."""
    if plan is None or plan.newest is None:
        raise Conflict("there is no plan to agree yet: write one (PUT …/plan), then agree it")
    newest = plan.newest
    if revision != newest.number:
        raise Conflict(
            f"the plan is at revision {newest.number}, not {revision}: read it again, and agree the revision you read"
        )
    if plan.agreed_revision == newest.number:
        return None  # every member agreed it already
    if members <= newest.agreed_by | {person_id}:
        return goals_agreed(plan, newest, at), Agreer(person_id)
    if person_id in newest.agreed_by:
        return None  # agreed already: it waits for the other members
    return PlanAgreedBy(pair_id=plan.pair_id, program_id=plan.program_id, revision=revision, person_id=person_id), None


def goals_agreed(plan: Plan, revision: Revision, at: datetime) -> GoalsAgreed:
    return GoalsAgreed(
        pair_id=plan.pair_id,
        program_id=plan.program_id,
        revision=revision.number,
        objective_count=len(revision.objectives),
        target_dates=tuple(objective.target_date for objective in revision.objectives),
        agreed_at=at,
    )


def mutate(state: Plan | None, fact: Fact) -> Plan:
    """The plan after one more fact: one branch per kind of fact its stream holds."""
    event = fact.event
    if not isinstance(event, PlanRevised | PlanAgreedBy | GoalsAgreed):
        raise unexpected("plan", fact)
    plan = state or Plan(event.pair_id, event.program_id)
    match event:
        case PlanRevised():
            return _revised(plan, event, fact.private)
        case PlanAgreedBy():
            return _agreed_by(plan, event.revision, {event.person_id})
        case GoalsAgreed():
            agreed = _agreed_by(plan, event.revision, {fact.private["person_id"]})
            return replace(agreed, agreed_revision=event.revision)
    raise unexpected("plan", fact)


def _revised(plan: Plan, event: PlanRevised, private: Mapping[str, Any]) -> Plan:
    objectives = tuple(Objective.model_validate(objective) for objective in private["objectives"])
    before = plan.newest
    kept = event.keeps_agreement and before is not None
    revision = Revision(
        event.revision,
        objectives,
        event.revised_at,
        event.revised_by,
        agreed_by=before.agreed_by if kept else frozenset(),
    )
    agreed = event.revision if kept and plan.agreed_revision == before.number else plan.agreed_revision
    return replace(plan, revisions=(*plan.revisions, revision), agreed_revision=agreed)


def _agreed_by(plan: Plan, number: int, people: set[str]) -> Plan:
    revisions = list(plan.revisions)
    was = revisions[number - 1]
    revisions[number - 1] = replace(was, agreed_by=was.agreed_by | people)
    return replace(plan, revisions=tuple(revisions))


def _unticked(objectives: tuple[Objective, ...]) -> tuple[Objective, ...]:
    """The objectives with every tick (`done_on`) taken off: what an agreement is about."""
    return tuple(
        objective.model_copy(
            update={
                "milestones": tuple(_untick(milestone) for milestone in objective.milestones),
                "assignments": _unticked_assignments(objective),
            }
        )
        for objective in objectives
    )


def _untick(item: Milestone | Assignment) -> Any:
    return item.model_copy(update={"done_on": None})


def _unticked_assignments(objective: Objective | None) -> tuple[Assignment, ...]:
    return tuple(_untick(assignment) for assignment in objective.assignments) if objective else ()


def _assignments_kept(before: tuple[Objective, ...], after: tuple[Objective, ...]) -> None:
    """A mentee's revision: each objective's assignments as they were, but for their ticks."""
    for index in range(max(len(before), len(after))):
        was = _unticked_assignments(before[index] if index < len(before) else None)
        now = _unticked_assignments(after[index] if index < len(after) else None)
        if was != now:
            raise Forbidden(
                f"objectives.{index}.assignments: only the mentor adds, changes, approves or removes an assignment; "
                "a mentee may only tick one off (done_on). Keep the assignments as they are, in their objective"
            )


def _dated(objective: Objective, at: str, term: Term, today: date) -> None:
    """Every date of the objective within the term, and nothing ticked off after today."""
    _within(objective.target_date, f"{at}.target_date", term)
    for index, milestone in enumerate(objective.milestones):
        _within(milestone.due_on, f"{at}.milestones.{index}.due_on", term)
        _ticked(milestone.done_on, f"{at}.milestones.{index}.done_on", today)
    for index, assignment in enumerate(objective.assignments):
        if assignment.due_on is not None:
            _within(assignment.due_on, f"{at}.assignments.{index}.due_on", term)
        _ticked(assignment.done_on, f"{at}.assignments.{index}.done_on", today)


def _within(day: date, name: str, term: Term) -> None:
    if not term.starts_on <= day <= term.ends_on:
        raise Invalid(
            f"{day} is outside the partnership's term: choose a day from {term.starts_on} to {term.ends_on}",
            field=name,
        )


def _ticked(day: date | None, name: str, today: date) -> None:
    if day is not None and day > today:
        raise Invalid(f"{day} is after today ({today}): tick it off on or after the day it was done", field=name)
