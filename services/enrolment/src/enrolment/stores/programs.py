"""The agency's programmes, as each caller may see them: a coordinator all, anyone else those taking applications.

Another agency's programme, and a draft or closed one for a mentor or mentee, is reported exactly like a missing
one, so nobody learns of what they may not see. Each agency's list of programme ids is read once and kept in
creation order, for paging without reading the log again.
"""

from enrolment.domain.facts import ProgramDrafted
from enrolment.domain.programs import Program
from enrolment.stores.aggregates import Aggregates, Versioned
from mentoring_contracts import ProgramOpened
from mentoring_contracts.names import Role
from mentoring_runtime.errors import NotFound
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.web import Caller


class ProgramDirectory:
    def __init__(self, log: EventLog, programs: Aggregates[Program]) -> None:
        self._log = log
        self.programs = programs
        self._ids: dict[str, list[str]] = {}

    async def versioned(self, caller: Caller, program_id: str) -> Versioned[Program]:
        found = await self.programs.get(caller.agency_id, program_id)
        if found is None or not visible(caller, found.state):
            raise missing(program_id)
        return found

    async def program(self, caller: Caller, program_id: str) -> Program:
        return (await self.versioned(caller, program_id)).state

    async def listed(self, caller: Caller) -> list[Program]:
        """The caller's agency's programmes they may see, oldest first."""
        agency = caller.agency_id
        if agency not in self._ids:
            facts = await self._log.for_agency(agency).facts([ProgramDrafted.event_type, ProgramOpened.event_type])
            self._ids[agency] = list(dict.fromkeys(fact.stream_id for fact in facts))
        found = await self.programs.get_many(agency, self._ids[agency])
        return [versioned.state for versioned in found.values() if visible(caller, versioned.state)]

    def added(self, agency_id: str, program_id: str) -> None:
        if agency_id in self._ids:
            self._ids[agency_id].append(program_id)


def missing(program_id: str) -> NotFound:
    return NotFound(f"no programme {program_id}")


def visible(caller: Caller, program: Program) -> bool:
    return Role.COORDINATOR in caller.roles or program.status.enrolling
