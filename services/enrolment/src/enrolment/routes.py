"""Enrolment's part of the public API: each row of `mentoring_contracts.routes` it answers, and by which method."""

from enrolment.handlers.applications import Applications
from enrolment.handlers.imports import Imports
from enrolment.handlers.profiles import Profiles
from enrolment.handlers.programs import Programs
from enrolment.handlers.sessions import InfoSessions
from mentoring_contracts import routes
from mentoring_runtime.routing import served_routes

ROUTES = [
    *served_routes(
        Programs,
        {
            routes.CREATE_PROGRAM: Programs.create_program,
            routes.LIST_PROGRAMS: Programs.list_programs,
            routes.GET_PROGRAM: Programs.get_program,
            routes.UPDATE_PROGRAM: Programs.update_program,
            routes.OPEN_PROGRAM: Programs.open_program,
            routes.CLOSE_PROGRAM: Programs.close_program,
        },
    ),
    *served_routes(
        Applications,
        {
            routes.ENROL_PARTICIPANT: Applications.enrol_participant,
            routes.APPLY: Applications.apply,
            routes.LIST_APPLICATIONS: Applications.list_applications,
            routes.GET_APPLICATION: Applications.get_application,
            routes.APPROVE_APPLICATION: Applications.approve_application,
            routes.REJECT_APPLICATION: Applications.reject_application,
            routes.WITHDRAW_APPLICATION: Applications.withdraw_application,
        },
    ),
    *served_routes(
        Profiles,
        {routes.GET_MY_PROFILE: Profiles.get_my_profile, routes.UPDATE_MY_PROFILE: Profiles.update_my_profile},
    ),
    *served_routes(
        InfoSessions,
        {
            routes.SCHEDULE_INFO_SESSION: InfoSessions.schedule_info_session,
            routes.LIST_INFO_SESSIONS: InfoSessions.list_info_sessions,
            routes.REGISTER_FOR_INFO_SESSION: InfoSessions.register_for_info_session,
            routes.RECORD_ATTENDANCE: InfoSessions.record_attendance,
        },
    ),
    *served_routes(
        Imports,
        {
            routes.START_IMPORT: Imports.start_import,
            routes.GET_IMPORT: Imports.get_import,
            routes.APPROVE_ELIGIBLE: Imports.approve_eligible,
        },
    ),
]
