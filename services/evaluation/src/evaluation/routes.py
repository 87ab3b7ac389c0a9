"""Evaluation's part of the public API, one handler per row of `mentoring_contracts.routes`."""

from litestar.di import NamedDependency
from litestar.params import FromPath

from evaluation.handlers import Evaluation
from mentoring_contracts import routes
from mentoring_contracts.api import ProgramMetrics
from mentoring_runtime.web import Caller, serves


@serves(routes.GET_PROGRAM_METRICS)
async def get_program_metrics(
    program_id: FromPath[str], caller: NamedDependency[Caller], evaluation: NamedDependency[Evaluation]
) -> ProgramMetrics:
    return await evaluation.metrics(caller, program_id)


ROUTES = [get_program_metrics]
