"""Evaluation's part of the public API: each row of `mentoring_contracts.routes` it answers, and by which method."""

from evaluation.handlers.analytics import AnalyticsAnswers
from evaluation.handlers.metrics import Metrics
from mentoring_contracts import routes
from mentoring_runtime.routing import served_routes

ROUTES = [
    *served_routes(Metrics, {routes.GET_PROGRAM_METRICS: Metrics.metrics}),
    *served_routes(
        AnalyticsAnswers,
        {
            routes.GET_PROGRAM_ANALYTICS: AnalyticsAnswers.program_analytics,
            routes.GET_AGENCY_ANALYTICS: AnalyticsAnswers.agency_analytics,
        },
    ),
]
