"""Enrolment's rules, free of I/O: programmes and who may enrol in them with what."""

from enrolment.domain.participants import Person, PersonalData, enrol, enrolment_stream
from enrolment.domain.programs import Program, ProgramRecord, open_program, program_from

__all__ = [
    "Person",
    "PersonalData",
    "Program",
    "ProgramRecord",
    "enrol",
    "enrolment_stream",
    "open_program",
    "program_from",
]
