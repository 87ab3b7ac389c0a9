"""Which service answers each public route, and who may call it: the gateway's half of the route table.

The route itself (path, method, bodies, status) is `mentoring_contracts.routes`; this adds what only the gateway
decides. Adding a forwarded route is one row here and the owning service's handler.
"""

from dataclasses import dataclass

from mentoring_contracts import routes
from mentoring_contracts.names import Role, Service
from mentoring_contracts.routes import Route

COORDINATOR = (Role.COORDINATOR,)
# Whether the caller is a member of the pair or group is the scheduling service's rule (403 otherwise).
PAIR_MEMBER = (Role.MENTOR, Role.MENTEE)
# Anyone of the agency; what they see or may do (their own application, open programmes only) is the service's rule.
ANYONE = (Role.COORDINATOR, Role.MENTOR, Role.MENTEE)
# Self-select: whether the caller is an approved mentee of the programme, or the mentor a request was made to, is
# matching's rule (403 otherwise).
MENTEE = (Role.MENTEE,)
MENTOR = (Role.MENTOR,)
MENTOR_OR_MENTEE = (Role.MENTOR, Role.MENTEE)
# A partnership's members act on it; its programme's coordinator reads it and may end it. Which partnership is whose
# is scheduling's rule (403 otherwise).
PAIR_OR_COORDINATOR = (Role.MENTOR, Role.MENTEE, Role.COORDINATOR)
# The agency's analytics: k-anonymous aggregates for leadership, the coordinator's in full (evaluation's rule).
LEADERSHIP_OR_COORDINATOR = (Role.LEADERSHIP, Role.COORDINATOR)
# An anonymous row: no token, so no role; the secret in its path is the credential, which the service checks.
NO_TOKEN: tuple[Role, ...] = ()


@dataclass(frozen=True)
class Forwarded:
    route: Route
    service: Service
    roles: tuple[Role, ...]

    def __post_init__(self) -> None:
        if bool(self.roles) == self.route.anonymous:
            raise ValueError(f"{self.route}: an anonymous row takes no roles, and any other needs at least one")


FORWARDED: tuple[Forwarded, ...] = (
    Forwarded(routes.CREATE_PROGRAM, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.LIST_PROGRAMS, Service.ENROLMENT, ANYONE),
    Forwarded(routes.GET_PROGRAM, Service.ENROLMENT, ANYONE),
    Forwarded(routes.UPDATE_PROGRAM, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.OPEN_PROGRAM, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.CLOSE_PROGRAM, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.ENROL_PARTICIPANT, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.APPLY, Service.ENROLMENT, ANYONE),
    Forwarded(routes.LIST_APPLICATIONS, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.GET_APPLICATION, Service.ENROLMENT, ANYONE),
    Forwarded(routes.APPROVE_APPLICATION, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.REJECT_APPLICATION, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.WITHDRAW_APPLICATION, Service.ENROLMENT, ANYONE),
    Forwarded(routes.GET_MY_PROFILE, Service.ENROLMENT, ANYONE),
    Forwarded(routes.UPDATE_MY_PROFILE, Service.ENROLMENT, ANYONE),
    Forwarded(routes.SCHEDULE_INFO_SESSION, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.LIST_INFO_SESSIONS, Service.ENROLMENT, ANYONE),
    Forwarded(routes.REGISTER_FOR_INFO_SESSION, Service.ENROLMENT, ANYONE),
    Forwarded(routes.RECORD_ATTENDANCE, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.START_IMPORT, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.GET_IMPORT, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.APPROVE_ELIGIBLE, Service.ENROLMENT, COORDINATOR),
    Forwarded(routes.START_MATCH_RUN, Service.MATCHING, COORDINATOR),
    Forwarded(routes.GET_MATCH_RUN, Service.MATCHING, COORDINATOR),
    Forwarded(routes.LIST_PROPOSALS, Service.MATCHING, COORDINATOR),
    Forwarded(routes.LIST_UNMATCHED, Service.MATCHING, COORDINATOR),
    Forwarded(routes.LOCK_PAIR, Service.MATCHING, COORDINATOR),
    Forwarded(routes.EXCLUDE_PAIR, Service.MATCHING, COORDINATOR),
    Forwarded(routes.RESOLVE_RUN, Service.MATCHING, COORDINATOR),
    Forwarded(routes.PUBLISH_RUN, Service.MATCHING, COORDINATOR),
    Forwarded(routes.REPRODUCE_RUN, Service.MATCHING, COORDINATOR),
    Forwarded(routes.SUGGEST_MENTORS, Service.MATCHING, COORDINATOR),
    Forwarded(routes.CREATE_PAIR, Service.MATCHING, COORDINATOR),
    Forwarded(routes.LIST_PAIRS, Service.MATCHING, COORDINATOR),
    Forwarded(routes.GET_PARTNERSHIP, Service.SCHEDULING, PAIR_OR_COORDINATOR),
    Forwarded(routes.LIST_MY_PARTNERSHIPS, Service.SCHEDULING, MENTOR_OR_MENTEE),
    Forwarded(routes.LIST_PARTNERSHIPS, Service.SCHEDULING, COORDINATOR),
    Forwarded(routes.GET_AGREEMENT, Service.SCHEDULING, PAIR_OR_COORDINATOR),
    Forwarded(routes.PROPOSE_AGREEMENT, Service.SCHEDULING, PAIR_MEMBER),
    Forwarded(routes.SIGN_AGREEMENT, Service.SCHEDULING, PAIR_MEMBER),
    Forwarded(routes.LIST_AGREEMENTS, Service.SCHEDULING, COORDINATOR),
    Forwarded(routes.DISSOLVE_PARTNERSHIP, Service.SCHEDULING, PAIR_OR_COORDINATOR),
    Forwarded(routes.CLOSE_PARTNERSHIP, Service.SCHEDULING, PAIR_OR_COORDINATOR),
    Forwarded(routes.SCHEDULE_MEETING, Service.SCHEDULING, PAIR_MEMBER),
    Forwarded(routes.LIST_SCHEDULED_MEETINGS, Service.SCHEDULING, PAIR_MEMBER),
    Forwarded(routes.CHANGE_SCHEDULED_MEETING, Service.SCHEDULING, PAIR_MEMBER),
    Forwarded(routes.CANCEL_SCHEDULED_MEETING, Service.SCHEDULING, PAIR_MEMBER),
    Forwarded(routes.MEETING_INVITATION, Service.SCHEDULING, PAIR_MEMBER),
    Forwarded(routes.ISSUE_CALENDAR_FEED, Service.SCHEDULING, ANYONE),
    Forwarded(routes.REVOKE_CALENDAR_FEED, Service.SCHEDULING, ANYONE),
    Forwarded(routes.CALENDAR_FEED, Service.SCHEDULING, NO_TOKEN),
    Forwarded(routes.SUGGEST_MY_MENTORS, Service.MATCHING, MENTEE),
    Forwarded(routes.REQUEST_MENTOR, Service.MATCHING, MENTEE),
    Forwarded(routes.LIST_MY_MENTOR_REQUESTS, Service.MATCHING, MENTOR_OR_MENTEE),
    Forwarded(routes.LIST_MENTOR_REQUESTS, Service.MATCHING, COORDINATOR),
    Forwarded(routes.ACCEPT_MENTOR_REQUEST, Service.MATCHING, MENTOR),
    Forwarded(routes.DECLINE_MENTOR_REQUEST, Service.MATCHING, MENTOR),
    Forwarded(routes.LOG_MEETING, Service.SCHEDULING, PAIR_MEMBER),
    Forwarded(routes.GET_PROGRAM_METRICS, Service.EVALUATION, COORDINATOR),
    Forwarded(routes.GET_PLAN, Service.EVALUATION, PAIR_OR_COORDINATOR),
    Forwarded(routes.REVISE_PLAN, Service.EVALUATION, PAIR_MEMBER),
    Forwarded(routes.LIST_PLAN_REVISIONS, Service.EVALUATION, PAIR_OR_COORDINATOR),
    Forwarded(routes.AGREE_PLAN, Service.EVALUATION, PAIR_MEMBER),
    Forwarded(routes.REPORT_PROGRESS, Service.EVALUATION, MENTEE),
    Forwarded(routes.LIST_PROGRESS_REPORTS, Service.EVALUATION, PAIR_OR_COORDINATOR),
    Forwarded(routes.ASSESS_PROGRESS, Service.EVALUATION, MENTOR),
    Forwarded(routes.LIST_MISSING_REPORTS, Service.EVALUATION, COORDINATOR),
    Forwarded(routes.GET_EVALUATION_POLICY, Service.EVALUATION, COORDINATOR),
    Forwarded(routes.SET_EVALUATION_POLICY, Service.EVALUATION, COORDINATOR),
    Forwarded(routes.LIST_MY_SURVEYS, Service.EVALUATION, MENTOR_OR_MENTEE),
    Forwarded(routes.RESPOND_TO_SURVEY, Service.EVALUATION, MENTOR_OR_MENTEE),
    Forwarded(routes.LIST_SURVEY_RESPONSES, Service.EVALUATION, COORDINATOR),
    Forwarded(routes.GET_PROGRAM_ANALYTICS, Service.EVALUATION, COORDINATOR),
    Forwarded(routes.GET_AGENCY_ANALYTICS, Service.EVALUATION, LEADERSHIP_OR_COORDINATOR),
)
