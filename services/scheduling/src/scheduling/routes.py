"""Scheduling's part of the public API: each row of `mentoring_contracts.routes` it answers, and by which method."""

from mentoring_contracts import routes
from mentoring_runtime.routing import served_routes
from scheduling.handlers.agreements import Agreements
from scheduling.handlers.calendars import Calendars
from scheduling.handlers.endings import Endings
from scheduling.handlers.meetings import Meetings
from scheduling.handlers.partnerships import Partnerships

ROUTES = [
    *served_routes(
        Partnerships,
        {
            routes.GET_PARTNERSHIP: Partnerships.partnership,
            routes.LIST_MY_PARTNERSHIPS: Partnerships.my_partnerships,
            routes.LIST_PARTNERSHIPS: Partnerships.program_partnerships,
        },
    ),
    *served_routes(
        Agreements,
        {
            routes.GET_AGREEMENT: Agreements.agreement,
            routes.PROPOSE_AGREEMENT: Agreements.propose,
            routes.SIGN_AGREEMENT: Agreements.sign,
            routes.LIST_AGREEMENTS: Agreements.program_agreements,
        },
    ),
    *served_routes(
        Meetings,
        {
            routes.LOG_MEETING: Meetings.log_meeting,
            routes.SCHEDULE_MEETING: Meetings.schedule_meeting,
            routes.LIST_SCHEDULED_MEETINGS: Meetings.scheduled_meetings,
            routes.CHANGE_SCHEDULED_MEETING: Meetings.change_scheduled_meeting,
            routes.CANCEL_SCHEDULED_MEETING: Meetings.cancel_scheduled_meeting,
        },
    ),
    *served_routes(
        Calendars,
        {
            routes.MEETING_INVITATION: Calendars.invitation,
            routes.ISSUE_CALENDAR_FEED: Calendars.issue_feed,
            routes.REVOKE_CALENDAR_FEED: Calendars.revoke_feed,
            routes.CALENDAR_FEED: Calendars.feed,
        },
    ),
    *served_routes(
        Endings,
        {routes.DISSOLVE_PARTNERSHIP: Endings.dissolve, routes.CLOSE_PARTNERSHIP: Endings.close},
    ),
]
