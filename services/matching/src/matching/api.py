"""The internal HTTP API, on the paths the gateway exposes publicly.

Every query is scoped by the caller's agency: a programme of another agency answers 404, like one that does not exist.
"""

from uuid import uuid4

from litestar import Router, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.status_codes import HTTP_202_ACCEPTED

from matching.pairs import pairs_of_program
from matching.runner import MatchRunner
from mentoring_contracts.api import Created, MatchRunView, PairView
from mentoring_runtime.web import Caller

ProgramId = FromPath[str]
CallerDep = NamedDependency[Caller]
RunnerDep = NamedDependency[MatchRunner]


@post("/match-runs", status_code=HTTP_202_ACCEPTED)
async def request_match_run(program_id: ProgramId, caller: CallerDep, runner: RunnerDep) -> Created:
    await _known_program(runner, program_id, caller)
    run_id = await runner.runs.create(
        program_id=program_id,
        agency_id=caller.agency_id,
        requested_by=caller.actor_id,
        # Events need a UUID; a request without a usable one starts its own correlation.
        correlation_id=str(caller.correlation_uuid() or uuid4()),
    )
    runner.start(run_id)
    return Created(id=run_id)


@get("/match-runs/{run_id:str}")
async def get_match_run(
    program_id: ProgramId, run_id: FromPath[str], caller: CallerDep, runner: RunnerDep
) -> MatchRunView:
    run = await runner.runs.of_program(run_id, program_id, caller.agency_id)
    if run is None:
        raise NotFoundException(f"no match run {run_id} in programme {program_id}")
    return MatchRunView(id=run["_id"], **{k: v for k, v in run.items() if k in MatchRunView.model_fields})


@get("/pairs")
async def list_pairs(program_id: ProgramId, caller: CallerDep, runner: RunnerDep) -> list[PairView]:
    await _known_program(runner, program_id, caller)
    pairs = await pairs_of_program(runner.runtime.event_log, caller.agency_id, program_id)
    return [
        PairView(id=p["pair_id"], mentor_id=p["mentor_id"], mentee_id=p["mentee_id"], score=p["score"]) for p in pairs
    ]


def matching_api(runner: MatchRunner) -> Router:
    return Router(
        path="/api/v1/programs/{program_id:str}",
        route_handlers=[request_match_run, get_match_run, list_pairs],
        dependencies={
            "runner": Provide(lambda: runner, sync_to_thread=False, use_cache=True),
        },
    )


async def _known_program(runner: MatchRunner, program_id: str, caller: Caller) -> None:
    if not await runner.candidates.program_known(program_id, caller.agency_id):
        raise NotFoundException(f"no programme {program_id}")
