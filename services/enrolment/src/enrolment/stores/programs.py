"""The agency's programmes, as each caller may see them: a coordinator all, anyone else those taking applications.

Another agency's programme, and a draft or closed one for a mentor or mentee, is reported exactly like a missing
one, so nobody learns of what they may not see. An agency's programmes are read in one query the first time they
are listed, and kept.
"""

from enrolment.domain.programs import Program, program_stream
from mentoring_contracts.names import Role
from mentoring_runtime.aggregates import Aggregates, Versioned
from mentoring_runtime.errors import NotFound
from mentoring_runtime.web import Caller


class ProgramDirectory:
    def __init__(self, programs: Aggregates[Program]) -> None:
        self.programs = programs

    async def versioned(self, caller: Caller, program_id: str) -> Versioned[Program]:
        found = await self.programs.get(caller.agency_id, program_stream(program_id))
        if found is None or not visible(caller, found.state):
            raise missing(program_id)
        return found

    async def program(self, caller: Caller, program_id: str) -> Program:
        return (await self.versioned(caller, program_id)).state

    async def listed(self, caller: Caller) -> list[Program]:
        """The caller's agency's programmes they may see, oldest first."""
        everything = (versioned.state for versioned in (await self.programs.all(caller.agency_id)).values())
        return sorted((p for p in everything if visible(caller, p)), key=lambda p: (p.created_at, p.program_id))


def missing(program_id: str) -> NotFound:
    return NotFound(f"no programme {program_id}")


def visible(caller: Caller, program: Program) -> bool:
    return Role.COORDINATOR in caller.roles or program.status.enrolling
