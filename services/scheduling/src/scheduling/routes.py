"""Scheduling's part of the public API: each row of `mentoring_contracts.routes` it answers, and by which method."""

from mentoring_contracts import routes
from mentoring_runtime.routing import served_routes
from scheduling.handlers import Scheduling

ROUTES = served_routes(
    Scheduling, {routes.GET_PARTNERSHIP: Scheduling.partnership, routes.LOG_MEETING: Scheduling.log_meeting}
)
