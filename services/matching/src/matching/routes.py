"""Matching's part of the public API, one handler per row of `mentoring_contracts.routes`."""

from litestar.di import NamedDependency
from litestar.params import FromPath

from matching.handlers import Matching
from mentoring_contracts import routes
from mentoring_contracts.api import Created, MatchRunView, PairView
from mentoring_runtime.web import Caller, serves


@serves(routes.START_MATCH_RUN)
async def start_match_run(
    program_id: FromPath[str], caller: NamedDependency[Caller], matching: NamedDependency[Matching]
) -> Created:
    return Created(id=await matching.request_run(caller, program_id))


@serves(routes.GET_MATCH_RUN)
async def get_match_run(
    program_id: FromPath[str],
    run_id: FromPath[str],
    caller: NamedDependency[Caller],
    matching: NamedDependency[Matching],
) -> MatchRunView:
    return await matching.run(caller, program_id, run_id)


@serves(routes.LIST_PAIRS)
async def list_pairs(
    program_id: FromPath[str], caller: NamedDependency[Caller], matching: NamedDependency[Matching]
) -> list[PairView]:
    return await matching.pairs(caller, program_id)


ROUTES = [start_match_run, get_match_run, list_pairs]
