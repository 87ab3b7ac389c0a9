"""Evaluation's internal HTTP API, reached through the gateway."""

from litestar import get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from evaluation.domain import UnknownProgram, program_metrics
from evaluation.facts import ProgramFacts
from mentoring_contracts.api import ProgramMetrics
from mentoring_runtime.web import Caller


def metrics_routes(facts: ProgramFacts) -> list[HTTPRouteHandler]:
    @get("/api/v1/programs/{program_id:str}/metrics")
    async def get_program_metrics(program_id: FromPath[str], caller: NamedDependency[Caller]) -> ProgramMetrics:
        # Scoped by the caller's agency: another agency's programme is as good as unknown.
        try:
            return program_metrics(await facts.totals(caller.agency_id, program_id))
        except UnknownProgram:
            raise NotFoundException(f"no program {program_id!r} in your agency") from None

    return [get_program_metrics]
