"""Matching's part of the public API: each row of `mentoring_contracts.routes` it answers, and by which method."""

from matching.handlers import Matching
from mentoring_contracts import routes
from mentoring_runtime.routing import served_routes

ROUTES = served_routes(
    Matching,
    {
        routes.START_MATCH_RUN: Matching.request_run,
        routes.GET_MATCH_RUN: Matching.run,
        routes.LIST_PAIRS: Matching.pairs,
    },
)
