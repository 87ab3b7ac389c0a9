"""A coordinator's calls: start a match run, follow it, read the pairs. Every read is for the caller's agency.

A run is started only for a programme matching has seen opened and not seen closed: a closed programme is over.
"""

from uuid import uuid4

from matching.handlers.runner import MatchRunner
from matching.stores import CandidateStore, RunStore
from matching.stores.runs import RunRef
from mentoring_contracts import PairMatched
from mentoring_contracts.api import MatchRunView, PairView
from mentoring_runtime.errors import Conflict, NotFound
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.web import Caller


class Matching:
    def __init__(self, candidates: CandidateStore, runs: RunStore, log: EventLog, runner: MatchRunner) -> None:
        self.candidates = candidates
        self.runs = runs
        self.log = log
        self.runner = runner

    async def request_run(self, caller: Caller, program_id: str) -> str:
        await self._known_program(caller, program_id)
        if await self.candidates.program_closed(caller.agency_id, program_id):
            raise Conflict(
                f"the programme {program_id} is closed: it takes no more match runs; its pairs can still be read"
            )
        run_id = await self.runs.create(
            caller.agency_id,
            run_id=caller.new_id("match-run"),
            program_id=program_id,
            requested_by=caller.actor_id,
            # Events need a UUID; a request without a usable one starts its own correlation.
            correlation_id=str(caller.correlation_uuid() or uuid4()),
        )
        self.runner.start(RunRef(caller.agency_id, run_id))
        return run_id

    async def run(self, caller: Caller, program_id: str, run_id: str) -> MatchRunView:
        run = await self.runs.of_program(caller.agency_id, program_id, run_id)
        if run is None:
            raise NotFound(f"no match run {run_id} in programme {program_id}")
        return MatchRunView(id=run["_id"], **{k: v for k, v in run.items() if k in MatchRunView.model_fields})

    async def pairs(self, caller: Caller, program_id: str) -> list[PairView]:
        await self._known_program(caller, program_id)
        facts = await self.log.for_agency(caller.agency_id).facts(PairMatched.event_type, program_id=program_id)
        return [
            PairView(id=p["pair_id"], mentor_id=p["mentor_id"], mentee_id=p["mentee_id"], score=p["score"])
            for p in (fact.payload for fact in facts)
        ]

    async def _known_program(self, caller: Caller, program_id: str) -> None:
        if not await self.candidates.program_known(caller.agency_id, program_id):
            raise NotFound(f"no programme {program_id}")
