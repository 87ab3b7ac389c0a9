"""Programmes: designed by a coordinator of one agency, open for enrolment once created (in this slice).

A programme is rebuilt by folding its whole stream, one branch per event type, so a later event (updated,
closed) is one more branch, never a second way of reading the stream.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mentoring_contracts import Cadence, Event, ProgramOpened
from mentoring_contracts.names import ProgramKind
from mentoring_runtime.errors import NotFound


@dataclass(frozen=True)
class Program:
    program_id: str
    name: str
    kind: ProgramKind
    cadence: Cadence


@dataclass(frozen=True)
class ProgramRecord:
    """Kept beside ProgramOpened in enrolment's log and never published: the name and who created it."""

    name: str
    created_by: str


def mutate(program: Program | None, event: Event, private: dict[str, Any]) -> Program:
    """The programme after one more of its facts."""
    match event:
        case ProgramOpened():
            record = ProgramRecord(**private)
            return Program(event.program_id, record.name, event.kind, event.cadence)
    raise TypeError(f"a programme's stream holds no {type(event).__name__}")


def program_from(program_id: str, facts: Iterable[tuple[Event, dict[str, Any]]]) -> Program:
    """Fold the programme's whole stream; an empty stream is a programme that does not exist (for this agency)."""
    program: Program | None = None
    for event, private in facts:
        program = mutate(program, event, private)
    if program is None:
        raise NotFound(f"no programme {program_id}")
    return program


def open_program(
    program_id: str, *, name: str, kind: ProgramKind, cadence: Cadence, created_by: str
) -> tuple[ProgramOpened, ProgramRecord]:
    return ProgramOpened(program_id=program_id, kind=kind, cadence=cadence), ProgramRecord(
        name=name, created_by=created_by
    )
