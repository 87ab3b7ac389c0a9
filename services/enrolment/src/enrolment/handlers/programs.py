"""Designing, opening, changing and closing programmes; a programme runs from its first matched pair."""

from collections.abc import Callable

from enrolment.domain import programs as rules
from enrolment.domain.programs import Program, program_stream
from enrolment.stores import ProgramDirectory
from enrolment.stores.programs import missing
from enrolment.views import program_view
from mentoring_contracts import Envelope, Event, PairMatched
from mentoring_contracts.api import CreateProgram, ProgramPage, ProgramsQuery, ProgramView, UpdateProgram
from mentoring_contracts.names import Role
from mentoring_runtime.aggregates import Decision
from mentoring_runtime.consumer import Subscriber
from mentoring_runtime.event_log import ConcurrencyConflict
from mentoring_runtime.paging import page
from mentoring_runtime.recording import Cause
from mentoring_runtime.web import Caller


class Programs:
    def __init__(self, directory: ProgramDirectory) -> None:
        self.directory = directory
        self.programs = directory.programs

    async def create_program(self, caller: Caller, design: CreateProgram) -> str:
        caller.require(Role.COORDINATOR)
        program_id = caller.new_id("program")
        drafted = rules.draft(program_id, design, caller.actor_id)
        try:
            await self.programs.record(caller.cause(), program_stream(program_id), None, drafted)
        except ConcurrencyConflict:
            if caller.request_key is None:
                raise
        return program_id  # after a conflict: a retry of a request whose first attempt stored the programme

    async def list_programs(self, caller: Caller, query: ProgramsQuery) -> ProgramPage:
        listed = await self.directory.listed(caller)
        if query.status is not None:
            listed = [program for program in listed if program.status is query.status]
        items, cursor = page(listed, query, key=lambda program: program.program_id)
        return ProgramPage(items=[program_view(program) for program in items], next_cursor=cursor)

    async def get_program(self, caller: Caller, program_id: str) -> ProgramView:
        return program_view(await self.directory.program(caller, program_id))

    async def update_program(self, caller: Caller, program_id: str, changes: UpdateProgram) -> ProgramView:
        sent = changes.model_dump(exclude_unset=True)
        return await self._change(caller, program_id, lambda program: rules.redesign(program, sent))

    async def open_program(self, caller: Caller, program_id: str) -> ProgramView:
        return await self._change(caller, program_id, lambda program: (rules.open_program(program), None))

    async def close_program(self, caller: Caller, program_id: str) -> ProgramView:
        return await self._change(caller, program_id, lambda program: (rules.close(program), None))

    async def _change(self, caller: Caller, program_id: str, decide: Callable[[Program], Decision]) -> ProgramView:
        caller.require(Role.COORDINATOR)
        changed = await self.programs.change(caller.cause(), program_stream(program_id), decide, missing(program_id))
        return program_view(changed)

    async def on_pair_matched(self, envelope: Envelope[PairMatched]) -> None:
        """The first pair of an open programme starts it; later pairs, and redeliveries, change nothing."""

        def decide(program: Program) -> Decision:
            started = rules.start(program)
            return (started, None) if started else None

        program_id = envelope.payload.program_id
        await self.programs.change(Cause.of_event(envelope), program_stream(program_id), decide, missing(program_id))

    def consumed(self) -> dict[type[Event], Subscriber]:
        return {PairMatched: self.on_pair_matched}
