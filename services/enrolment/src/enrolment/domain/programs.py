"""Programmes: designed as a draft, opened for applications, running once matched, closed for good.

The status only moves forward (draft → open → running → closed); a transition from the wrong status is a Conflict
naming the status the programme is in, so the coordinator knows where it stands. Only a draft is edited freely: once
open, other services act on the design, so only what they are told of again (cadence and matching policy, in
`ProgramUpdated`) and the words (name, objectives) may change.
"""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from enrolment.domain.changes import merged
from enrolment.domain.facts import ProgramDrafted, ProgramRedesigned
from mentoring_contracts import ProgramClosed, ProgramOpened, ProgramStarted, ProgramUpdated
from mentoring_contracts.api import CreateProgram
from mentoring_contracts.names import ProgramKind, ProgramStatus
from mentoring_runtime.errors import Conflict, Invalid
from mentoring_runtime.folding import Fact, unexpected

EDITABLE_ONCE_OPEN = frozenset({"name", "objectives", "cadence", "matching_policy"})


@dataclass(frozen=True)
class Program:
    program_id: str
    status: ProgramStatus
    design: CreateProgram
    created_by: str
    created_at: datetime

    def require_enrolling(self) -> None:
        if not self.status.enrolling:
            raise Conflict(f"programme {self.program_id} is {self.status}: it takes applications while open or running")


@dataclass(frozen=True)
class OpenChanges:
    """Kept beside ProgramUpdated and never published: the words of an open programme."""

    name: str
    objectives: str | None


@dataclass(frozen=True)
class LegacyRecord:
    """What version 1 kept beside ProgramOpened, when a programme opened as it was created."""

    name: str
    created_by: str


def program_stream(program_id: str) -> str:
    return f"program:{program_id}"


def mutate(program: Program | None, fact: Fact) -> Program:
    """The programme after one more of its facts."""
    match fact.event:
        case ProgramDrafted(program_id=program_id, design=design, created_by=created_by):
            return Program(program_id, ProgramStatus.DRAFT, design, created_by, fact.at)
        case ProgramRedesigned(design=design) if program:
            return replace(program, design=design)
        case ProgramOpened() if program:
            return replace(program, status=ProgramStatus.OPEN)
        case ProgramOpened(program_id=program_id, kind=kind, cadence=cadence):
            legacy = LegacyRecord(**fact.private)
            design = CreateProgram(name=legacy.name, kind=kind, cadence=cadence)
            return Program(program_id, ProgramStatus.OPEN, design, legacy.created_by, fact.at)
        case ProgramUpdated(cadence=cadence, matching_policy=policy) if program:
            words = OpenChanges(**fact.private)
            changed = {
                "name": words.name,
                "objectives": words.objectives,
                "cadence": cadence,
                "matching_policy": policy,
            }
            return replace(program, design=program.design.model_copy(update=changed))
        case ProgramStarted() if program:
            return replace(program, status=ProgramStatus.RUNNING)
        case ProgramClosed() if program:
            return replace(program, status=ProgramStatus.CLOSED)
    raise unexpected("programme", fact)


def draft(program_id: str, design: CreateProgram, created_by: str) -> ProgramDrafted:
    check_design(design)
    return ProgramDrafted(program_id=program_id, design=design, created_by=created_by)


def redesign(program: Program, changes: dict[str, Any]) -> tuple[ProgramRedesigned | ProgramUpdated, Any]:
    """The fact that records `changes` (the fields a PATCH sent), and what is kept beside it."""
    status = program.status
    if status is ProgramStatus.CLOSED:
        raise Conflict(f"programme {program.program_id} is closed: it can no longer change")
    fixed = sorted(changes.keys() - EDITABLE_ONCE_OPEN)
    if status is not ProgramStatus.DRAFT and fixed:
        raise Conflict(f"programme {program.program_id} is {status}: {', '.join(fixed)} can change only in a draft")
    design = _merged(program.design, changes)
    if status is ProgramStatus.DRAFT:
        return ProgramRedesigned(program_id=program.program_id, design=design), None
    updated = ProgramUpdated(
        program_id=program.program_id, cadence=design.cadence, matching_policy=design.matching_policy
    )
    return updated, OpenChanges(name=design.name, objectives=design.objectives)


def _merged(design: CreateProgram, changes: dict[str, Any]) -> CreateProgram:
    """The design with `changes`, checked as a whole."""
    changed = merged(design, changes)
    check_design(changed)
    return changed


def check_design(design: CreateProgram) -> None:
    """The rules across fields that a body's shape cannot say."""
    if design.kind is ProgramKind.GROUP and design.group_size is None:
        raise Invalid("a group programme needs a `group_size`: how many mentees each mentor takes", field="group_size")
    if design.kind is not ProgramKind.GROUP and design.group_size is not None:
        raise Invalid(f"`group_size` is for group programmes; this one is {design.kind}", field="group_size")
    if design.grade_scale:
        for role, grades in design.eligibility.allowed_grades.items():
            off_scale = sorted(set(grades) - set(design.grade_scale))
            if off_scale:
                raise Invalid(
                    f"grades {off_scale} allowed for {role}s are not on the `grade_scale`; add them or correct them",
                    field=f"eligibility.allowed_grades.{role}",
                )
    questions = [question.id for question in design.needs_assessment]
    if len(set(questions)) != len(questions):
        raise Invalid("each needs-assessment question needs its own `id`", field="needs_assessment")


def open_program(program: Program) -> ProgramOpened:
    if program.status is not ProgramStatus.DRAFT:
        raise Conflict(f"programme {program.program_id} is {program.status}: only a draft can be opened")
    design = program.design
    return ProgramOpened(
        program_id=program.program_id,
        kind=design.kind,
        duration_months=design.duration_months,
        cadence=design.cadence,
        group_size=design.group_size,
        matching_policy=design.matching_policy,
        eligibility=design.eligibility,
        grade_scale=design.grade_scale,
    )


def start(program: Program) -> ProgramStarted | None:
    """Running from its first pair on; a programme already running (or closed) stays as it is."""
    if program.status is ProgramStatus.OPEN:
        return ProgramStarted(program_id=program.program_id)
    return None


def close(program: Program) -> ProgramClosed:
    if program.status not in (ProgramStatus.OPEN, ProgramStatus.RUNNING):
        raise Conflict(f"programme {program.program_id} is {program.status}: only an open or running one can close")
    return ProgramClosed(program_id=program.program_id)
