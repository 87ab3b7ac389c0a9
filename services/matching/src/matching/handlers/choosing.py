"""Which programme a mentee choosing their own mentor means, and whether they may choose there.

A mentee names the programme (`program_id`) only when it is ambiguous: without it, it is the one programme of theirs
that allows self-select, among those they are an approved mentee of (enrolled, not withdrawn) and that are not
closed. Each refusal says what to do: an unknown programme answers 404, one they are no approved mentee of 403, a
closed one or one whose policy leaves matching to its coordinators 409, and several that allow it 422 naming
`program_id`, with the choices.
"""

from dataclasses import dataclass

from matching.domain import Mentee, Problem
from matching.handlers.planning import Planner
from matching.stores import CandidateStore
from mentoring_contracts.enrolment import MatchingPolicy
from mentoring_contracts.names import Role
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from mentoring_runtime.web import Caller


@dataclass(frozen=True)
class Choosing:
    """A mentee who may choose, in the programme they choose in, with the programme's problem as it stands now."""

    program_id: str
    policy: MatchingPolicy
    problem: Problem
    mentee: Mentee


class MenteePrograms:
    def __init__(self, *, candidates: CandidateStore, planner: Planner) -> None:
        self.candidates = candidates
        self.planner = planner

    async def choosing(self, caller: Caller, program_id: str | None) -> Choosing:
        caller.require(Role.MENTEE)
        if program_id is None:
            program_id = await self._the_one(caller)
        elif not await self.candidates.program_known(caller.agency_id, program_id):
            raise NotFound(f"no programme {program_id}")
        elif not await self._mentee_in(caller, program_id):
            raise Forbidden(f"you are no approved mentee of the programme {program_id}")
        if await self.candidates.program_closed(caller.agency_id, program_id):
            raise Conflict(f"the programme {program_id} is closed: it takes no more pairs")
        policy = await self.candidates.policy(caller.agency_id, program_id)
        if not policy.self_select:
            raise Conflict(
                f"the programme {program_id} does not let mentees choose their mentor (its matching policy has "
                "self_select off): its coordinators match its mentees"
            )
        problem = await self.planner.problem(caller.agency_id, program_id)
        mentee = problem.mentee(caller.actor_id)
        if mentee is None:  # withdrawn since `_mentee_in` looked
            raise Forbidden(f"you are no approved mentee of the programme {program_id}")
        return Choosing(program_id, policy, problem, mentee)

    async def _the_one(self, caller: Caller) -> str:
        mine = [
            program_id
            for program_id in await self.candidates.programs_of(caller.agency_id, caller.actor_id)
            if await self._mentee_in(caller, program_id)
            and not await self.candidates.program_closed(caller.agency_id, program_id)
        ]
        allowing = [p for p in mine if (await self.candidates.policy(caller.agency_id, p)).self_select]
        if len(allowing) == 1:
            return allowing[0]
        if len(allowing) > 1:
            raise Invalid(
                f"you are a mentee of several programmes that let mentees choose ({', '.join(allowing)}): "
                "name one with program_id",
                field="program_id",
            )
        if not mine:
            raise Forbidden("you are no approved mentee of an open programme of your agency")
        if len(mine) == 1:
            return mine[0]  # refused for its policy, naming it
        raise Conflict(f"none of your programmes ({', '.join(mine)}) lets mentees choose their mentor")

    async def _mentee_in(self, caller: Caller, program_id: str) -> bool:
        _, mentees = await self.candidates.of_program(caller.agency_id, program_id)
        return any(mentee.person_id == caller.actor_id for mentee in mentees)
