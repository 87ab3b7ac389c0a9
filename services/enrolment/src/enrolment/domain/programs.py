"""Programmes: designed by a coordinator of one agency, open for enrolment once created (in this slice)."""

from dataclasses import dataclass

from mentoring_contracts import Cadence, ProgramOpened
from mentoring_contracts.api import CreateProgram


@dataclass(frozen=True)
class Program:
    program_id: str
    agency_id: str
    name: str
    kind: str
    cadence: Cadence


def open_program(program_id: str, agency_id: str, command: CreateProgram) -> tuple[Program, ProgramOpened]:
    program = Program(program_id, agency_id, command.name, command.kind, command.cadence)
    return program, ProgramOpened(program_id=program_id, kind=command.kind, cadence=command.cadence)


def program_from(agency_id: str, opened: ProgramOpened, name: str) -> Program:
    return Program(opened.program_id, agency_id, name, opened.kind, opened.cadence)
