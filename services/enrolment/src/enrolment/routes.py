"""Enrolment's part of the public API: each row of `mentoring_contracts.routes` it answers, and by which method."""

from enrolment.handlers import Enrolment
from mentoring_contracts import routes
from mentoring_runtime.routing import served_routes

ROUTES = served_routes(
    Enrolment,
    {
        routes.CREATE_PROGRAM: Enrolment.create_program,
        routes.ENROL_PARTICIPANT: Enrolment.enrol_participant,
    },
)
