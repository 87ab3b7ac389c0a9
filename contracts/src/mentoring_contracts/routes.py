"""The public HTTP API, version 1: every route once, as a row of data.

The gateway builds its handlers and OpenAPI document from these rows, each service serves exactly the rows the
gateway sends it (a contract test checks both), the route tests read their matrix here, and the README's API table
is checked against them. Adding a route is adding a row; nothing else repeats its path, method or status.

A row answers JSON unless it names another `media_type` (a calendar's text/calendar): its method then returns the
body itself, as text or bytes. A row of status 204 answers no body. An `anonymous` row is served without a bearer
token and without a caller: a secret in its path is the credential (a calendar feed's URL, which a calendar
application fetches on its own), so it lives outside /api/v1, and the gateway neither authenticates nor audits a
person for it. A path segment may end in a fixed suffix after its parameter (`/calendar/{token}.ics`). A row
with `exports` answers JSON by default and each of those media types when the request's Accept asks for it (an
analytics answer as CSV, or drawn as SVG).
"""

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from mentoring_contracts.api import (
    AgreementPage,
    AgreementsQuery,
    AgreementView,
    AgreePlan,
    Analytics,
    AnalyticsQuery,
    AnswerRequest,
    ApplicationPage,
    ApplicationsQuery,
    ApplicationView,
    Apply,
    ApprovalStarted,
    Approve,
    AssessProgress,
    AttendanceRecorded,
    CalendarFeedView,
    ChangeScheduledMeeting,
    ClosePartnership,
    Created,
    CreateProgram,
    DissolvePartnership,
    EnrolParticipant,
    EvaluationPolicy,
    ImportQuery,
    ImportView,
    InfoSessionPage,
    InfoSessionsQuery,
    LogMeeting,
    MatchRunView,
    MentorRequestPage,
    MentorRequestView,
    MissingReportPage,
    MyPartnershipsQuery,
    MyRequestsQuery,
    MySuggestions,
    MySuggestionsQuery,
    MySurveysQuery,
    PageQuery,
    PairChoice,
    PairPage,
    PartnershipPage,
    PartnershipsQuery,
    PartnershipView,
    PlanRevisionPage,
    PlanView,
    ProfilePatch,
    ProfileView,
    ProgramMetrics,
    ProgramPage,
    ProgramRequestsQuery,
    ProgramsQuery,
    ProgramView,
    ProgressReportPage,
    ProgressReportView,
    ProposalPage,
    ProposeAgreement,
    RecordAttendance,
    Reject,
    ReportProgress,
    Reproduction,
    RequestMentor,
    RespondToSurvey,
    RevisePlan,
    ScheduledMeetingPage,
    ScheduledMeetingView,
    ScheduleInfoSession,
    ScheduleMeeting,
    SignAgreement,
    StartMatchRun,
    Suggestions,
    SuggestionsQuery,
    SurveyPage,
    SurveyResponsePage,
    SurveyResponsesQuery,
    UnmatchedPage,
    UpdateProgram,
    Withdraw,
)

API_PREFIX = "/api/v1"
JSON = "application/json"
CALENDAR = "text/calendar"
CSV = "text/csv"
SVG = "image/svg+xml"
_PARAMETER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Route:
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str  # OpenAPI form, from the root: /api/v1/programs/{program_id}/pairs
    operation_id: str
    summary: str
    status: int
    response: Any  # a model, or list[model]
    tag: str
    body: type[BaseModel] | None = None
    creates: str | None = None  # the path parameter that the `Created` id fills in on later routes
    query: type[BaseModel] | None = None  # the query parameters, as one model: ?limit=&cursor=, ?dry_run=
    upload: str | None = None  # the media type of a raw body (a CSV file), when the body is no JSON model
    conflict: str | None = None  # why a read or a DELETE may answer 409, when the state of what it reads can refuse it
    media_type: str = JSON  # the response's; any other than JSON is returned by the method as text or bytes
    anonymous: bool = False  # no bearer token and no caller: the path's secret is the credential
    exports: tuple[str, ...] = ()  # other media types the JSON answer is also given in, chosen by Accept

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def parameters(self) -> tuple[str, ...]:
        return path_parameters(self.path)


def path_parameters(path: str) -> tuple[str, ...]:
    """The names of a path's parameters, in path order: /programs/{program_id}/pairs → (program_id,)."""
    return tuple(_PARAMETER.findall(path))


CREATE_PROGRAM = Route(
    "POST", "/api/v1/programs", "createProgram", "Design a programme in the caller's agency, as a draft", 201,
    Created, "programs", CreateProgram, creates="program_id",
)  # fmt: skip
LIST_PROGRAMS = Route(
    "GET", "/api/v1/programs", "listPrograms",
    "The agency's programmes: all of them for a coordinator, those taking applications for anyone else", 200,
    ProgramPage, "programs", query=ProgramsQuery,
)  # fmt: skip
GET_PROGRAM = Route(
    "GET", "/api/v1/programs/{program_id}", "getProgram", "A programme's design and status", 200, ProgramView,
    "programs",
)  # fmt: skip
UPDATE_PROGRAM = Route(
    "PATCH", "/api/v1/programs/{program_id}", "updateProgram",
    "Change a programme's design: freely while a draft, its cadence and policy once open", 200, ProgramView,
    "programs", UpdateProgram,
)  # fmt: skip
OPEN_PROGRAM = Route(
    "POST", "/api/v1/programs/{program_id}/open", "openProgram", "Open a draft programme for applications", 200,
    ProgramView, "programs",
)  # fmt: skip
CLOSE_PROGRAM = Route(
    "POST", "/api/v1/programs/{program_id}/close", "closeProgram", "Close a programme for good", 200, ProgramView,
    "programs",
)  # fmt: skip
ENROL_PARTICIPANT = Route(
    "POST", "/api/v1/programs/{program_id}/participants", "enrolParticipant",
    "Enrol a mentor or a mentee in a programme: apply and approve at once", 201, Created, "participants",
    EnrolParticipant,
)  # fmt: skip
APPLY = Route(
    "POST", "/api/v1/programs/{program_id}/applications", "apply",
    "Apply to an open programme, for oneself or, as a coordinator, for someone", 201, Created, "applications",
    Apply, creates="application_id",
)  # fmt: skip
LIST_APPLICATIONS = Route(
    "GET", "/api/v1/programs/{program_id}/applications", "listApplications",
    "The programme's applications, oldest first", 200, ApplicationPage, "applications", query=ApplicationsQuery,
)  # fmt: skip
GET_APPLICATION = Route(
    "GET", "/api/v1/applications/{application_id}", "getApplication",
    "An application with its eligibility and decisions", 200, ApplicationView, "applications",
)  # fmt: skip
APPROVE_APPLICATION = Route(
    "POST", "/api/v1/applications/{application_id}/approve", "approveApplication",
    "Approve an application, as an exception with a justification if it does not meet every rule", 200,
    ApplicationView, "applications", Approve,
)  # fmt: skip
REJECT_APPLICATION = Route(
    "POST", "/api/v1/applications/{application_id}/reject", "rejectApplication",
    "Reject an application with a reason", 200, ApplicationView, "applications", Reject,
)  # fmt: skip
WITHDRAW_APPLICATION = Route(
    "POST", "/api/v1/applications/{application_id}/withdraw", "withdrawApplication",
    "Withdraw from a programme, or withdraw someone as their coordinator", 200, ApplicationView, "applications",
    Withdraw,
)  # fmt: skip
GET_MY_PROFILE = Route(
    "GET", "/api/v1/me/profile", "getMyProfile", "The caller's own profile", 200, ProfileView, "profiles",
)  # fmt: skip
UPDATE_MY_PROFILE = Route(
    "PATCH", "/api/v1/me/profile", "updateMyProfile", "Change the caller's own profile", 200, ProfileView,
    "profiles", ProfilePatch,
)  # fmt: skip
SCHEDULE_INFO_SESSION = Route(
    "POST", "/api/v1/programs/{program_id}/info-sessions", "scheduleInfoSession",
    "Schedule an information session for a programme", 201, Created, "info-sessions", ScheduleInfoSession,
    creates="session_id",
)  # fmt: skip
LIST_INFO_SESSIONS = Route(
    "GET", "/api/v1/programs/{program_id}/info-sessions", "listInfoSessions",
    "A programme's information sessions, soonest first", 200, InfoSessionPage, "info-sessions",
    query=InfoSessionsQuery,
)  # fmt: skip
REGISTER_FOR_INFO_SESSION = Route(
    "POST", "/api/v1/info-sessions/{session_id}/registrations", "registerForInfoSession",
    "Register oneself for an information session", 201, Created, "info-sessions",
)  # fmt: skip
RECORD_ATTENDANCE = Route(
    "POST", "/api/v1/info-sessions/{session_id}/attendance", "recordAttendance",
    "Record who attended an information session", 200, AttendanceRecorded, "info-sessions", RecordAttendance,
)  # fmt: skip
START_IMPORT = Route(
    "POST", "/api/v1/programs/{program_id}/imports", "startImport",
    "Import applicants from a CSV file (UTF-8, header row, lists separated by ';'), or check it with dry_run", 202,
    Created, "imports", query=ImportQuery, upload="text/csv", creates="import_id",
)  # fmt: skip
GET_IMPORT = Route(
    "GET", "/api/v1/programs/{program_id}/imports/{import_id}", "getImport",
    "An import's progress, then its outcome row by row", 200, ImportView, "imports",
)  # fmt: skip
APPROVE_ELIGIBLE = Route(
    "POST", "/api/v1/programs/{program_id}/imports/{import_id}/approve-eligible", "approveEligible",
    "Start approving every application an import created that is pending and meets every rule", 202,
    ApprovalStarted, "imports",
)  # fmt: skip
START_MATCH_RUN = Route(
    "POST", "/api/v1/programs/{program_id}/match-runs", "startMatchRun",
    "Start a match run over the programme's whole pool: it proposes the optimum under the policy, for review", 202,
    Created, "matching", StartMatchRun, creates="run_id",
)  # fmt: skip
GET_MATCH_RUN = Route(
    "GET", "/api/v1/programs/{program_id}/match-runs/{run_id}", "getMatchRun",
    "A match run: its status, inputs hash, algorithm, counts, total score and solver time", 200, MatchRunView,
    "matching",
)  # fmt: skip
LIST_PROPOSALS = Route(
    "GET", "/api/v1/programs/{program_id}/match-runs/{run_id}/proposals", "listProposals",
    "A proposed run's pairs, each with its score explained criterion by criterion, by mentee id", 200, ProposalPage,
    "matching", query=PageQuery, conflict="The run is not solved yet, or failed",
)  # fmt: skip
LIST_UNMATCHED = Route(
    "GET", "/api/v1/programs/{program_id}/match-runs/{run_id}/unmatched", "listUnmatched",
    "The mentees a proposed run leaves out, and why", 200, UnmatchedPage, "matching", query=PageQuery,
    conflict="The run is not solved yet, or failed",
)  # fmt: skip
LOCK_PAIR = Route(
    "POST", "/api/v1/programs/{program_id}/match-runs/{run_id}/locks", "lockPair",
    "Keep a pair, proposed or chosen by hand: solves a new proposal with it, linked to this run", 202, Created,
    "matching", PairChoice,
)  # fmt: skip
EXCLUDE_PAIR = Route(
    "POST", "/api/v1/programs/{program_id}/match-runs/{run_id}/exclusions", "excludePair",
    "Rule a pair out: solves a new proposal without it, linked to this run", 202, Created, "matching", PairChoice,
)  # fmt: skip
RESOLVE_RUN = Route(
    "POST", "/api/v1/programs/{program_id}/match-runs/{run_id}/resolve", "resolveRun",
    "Solve the programme's pool as it is now, keeping this run's locks and exclusions", 202, Created, "matching",
)  # fmt: skip
PUBLISH_RUN = Route(
    "POST", "/api/v1/programs/{program_id}/match-runs/{run_id}/publish", "publishRun",
    "Publish a proposed run: its pairs are matched, and the programme's other proposals discarded", 202,
    MatchRunView, "matching",
)  # fmt: skip
REPRODUCE_RUN = Route(
    "POST", "/api/v1/programs/{program_id}/match-runs/{run_id}/reproduce", "reproduceRun",
    "Solve a run's stored inputs again and say whether that gives the identical proposal", 200, Reproduction,
    "matching",
)  # fmt: skip
SUGGEST_MENTORS = Route(
    "GET", "/api/v1/programs/{program_id}/mentees/{person_id}/suggestions", "suggestMentors",
    "Ranked mentors with a free place for one mentee, with score and explanation", 200, Suggestions, "matching",
    query=SuggestionsQuery, conflict="The mentee is already in a pair, or the programme is closed",
)  # fmt: skip
CREATE_PAIR = Route(
    "POST", "/api/v1/programs/{program_id}/pairs", "createPair",
    "Pair a mentee with a mentor by hand, within the hard rules and the mentor's capacity", 201, Created,
    "matching", PairChoice,
)  # fmt: skip
LIST_PAIRS = Route(
    "GET", "/api/v1/programs/{program_id}/pairs", "listPairs", "The programme's pairs, by pair id", 200, PairPage,
    "matching", query=PageQuery,
)  # fmt: skip
GET_PARTNERSHIP = Route(
    "GET", "/api/v1/pairs/{pair_id}", "getPartnership",
    "A partnership, with its mentor, mentees, status and cadence: a pair, or the group a group member's pair is in",
    200, PartnershipView, "partnerships",
)  # fmt: skip
LIST_MY_PARTNERSHIPS = Route(
    "GET", "/api/v1/me/partnerships", "listMyPartnerships",
    "The caller's partnerships, as mentor or mentee, newest first", 200, PartnershipPage, "partnerships",
    query=MyPartnershipsQuery,
)  # fmt: skip
LIST_PARTNERSHIPS = Route(
    "GET", "/api/v1/programs/{program_id}/partnerships", "listPartnerships",
    "The programme's partnerships, newest first: by status, or the active ones overdue or inactive", 200,
    PartnershipPage, "partnerships", query=PartnershipsQuery,
)  # fmt: skip
GET_AGREEMENT = Route(
    "GET", "/api/v1/pairs/{pair_id}/agreement", "getAgreement",
    "The partnership's agreement: its current version, its terms and who signed it", 200, AgreementView,
    "partnerships",
)  # fmt: skip
PROPOSE_AGREEMENT = Route(
    "PUT", "/api/v1/pairs/{pair_id}/agreement", "proposeAgreement",
    "Propose the agreement's terms as a new version, until every member signed: earlier signatures are cleared",
    200, AgreementView, "partnerships", ProposeAgreement,
)  # fmt: skip
SIGN_AGREEMENT = Route(
    "POST", "/api/v1/pairs/{pair_id}/agreement/sign", "signAgreement",
    "Sign the agreement's current version: once every member has, the partnership is active", 200, AgreementView,
    "partnerships", SignAgreement,
)  # fmt: skip
LIST_AGREEMENTS = Route(
    "GET", "/api/v1/programs/{program_id}/agreements", "listAgreements",
    "The programme's agreements, with their terms: the file of signed agreements the coordinator keeps", 200,
    AgreementPage, "partnerships", query=AgreementsQuery,
)  # fmt: skip
DISSOLVE_PARTNERSHIP = Route(
    "POST", "/api/v1/pairs/{pair_id}/dissolve", "dissolvePartnership",
    "End a partnership early: its mentees may be matched again, and its mentor has their places back", 200,
    PartnershipView, "partnerships", DissolvePartnership,
)  # fmt: skip
CLOSE_PARTNERSHIP = Route(
    "POST", "/api/v1/pairs/{pair_id}/close", "closePartnership",
    "Close an active partnership at or near its term, with its final review", 200, PartnershipView,
    "partnerships", ClosePartnership,
)  # fmt: skip
SCHEDULE_MEETING = Route(
    "POST", "/api/v1/pairs/{pair_id}/scheduled-meetings", "scheduleMeeting",
    "Schedule a meeting of the caller's partnership; it has a calendar invitation", 201, Created, "meetings",
    ScheduleMeeting, creates="meeting_id",
)  # fmt: skip
LIST_SCHEDULED_MEETINGS = Route(
    "GET", "/api/v1/pairs/{pair_id}/scheduled-meetings", "listScheduledMeetings",
    "The partnership's scheduled meetings, soonest first", 200, ScheduledMeetingPage, "meetings", query=PageQuery,
)  # fmt: skip
CHANGE_SCHEDULED_MEETING = Route(
    "PATCH", "/api/v1/pairs/{pair_id}/scheduled-meetings/{meeting_id}", "changeScheduledMeeting",
    "Reschedule a meeting, change its place or agenda, or tick the first meeting's checklist", 200,
    ScheduledMeetingView, "meetings", ChangeScheduledMeeting,
)  # fmt: skip
CANCEL_SCHEDULED_MEETING = Route(
    "DELETE", "/api/v1/pairs/{pair_id}/scheduled-meetings/{meeting_id}", "cancelScheduledMeeting",
    "Cancel a scheduled meeting", 200, ScheduledMeetingView, "meetings",
    conflict="The meeting was held or cancelled already, or the partnership ended",
)  # fmt: skip
MEETING_INVITATION = Route(
    "GET", "/api/v1/pairs/{pair_id}/scheduled-meetings/{meeting_id}/invite.ics", "getMeetingInvitation",
    "A scheduled meeting's calendar invitation (iCalendar, RFC 5545), to open in any calendar application", 200,
    str, "meetings", media_type=CALENDAR,
)  # fmt: skip
ISSUE_CALENDAR_FEED = Route(
    "POST", "/api/v1/me/calendar-feed", "issueCalendarFeed",
    "Issue the caller's private calendar feed of their meetings, or a new one in place of the old", 200,
    CalendarFeedView, "meetings",
)  # fmt: skip
REVOKE_CALENDAR_FEED = Route(
    "DELETE", "/api/v1/me/calendar-feed", "revokeCalendarFeed",
    "Revoke the caller's calendar feed: its URL answers 404 from now on", 204, None, "meetings",
)  # fmt: skip
CALENDAR_FEED = Route(
    "GET", "/calendar/{token}.ics", "getCalendarFeed",
    "A person's calendar feed (iCalendar, RFC 5545): their meetings of the last 90 days and to come, to subscribe "
    "to in a calendar application. No bearer token: the URL is the secret (POST /api/v1/me/calendar-feed issues it)",
    200, str, "meetings", media_type=CALENDAR, anonymous=True,
)  # fmt: skip
SUGGEST_MY_MENTORS = Route(
    "GET", "/api/v1/me/suggestions", "suggestMyMentors",
    "Mentors the calling mentee may request, best first, with score and explanation, where the programme allows "
    "self-select", 200, MySuggestions, "self-select", query=MySuggestionsQuery,
    conflict="The programme does not allow self-select or is closed, or the caller is already in a pair",
)  # fmt: skip
REQUEST_MENTOR = Route(
    "POST", "/api/v1/me/mentor-requests", "requestMentor",
    "Request a mentor as a mentee of a programme that allows self-select; one open request at a time", 201,
    MentorRequestView, "self-select", RequestMentor, creates="request_id",
)  # fmt: skip
LIST_MY_MENTOR_REQUESTS = Route(
    "GET", "/api/v1/me/mentor-requests", "listMyMentorRequests",
    "The requests the caller made as a mentee and those made to them as a mentor, newest first", 200,
    MentorRequestPage, "self-select", query=MyRequestsQuery,
)  # fmt: skip
LIST_MENTOR_REQUESTS = Route(
    "GET", "/api/v1/programs/{program_id}/mentor-requests", "listMentorRequests",
    "Every request for a mentor made in the programme, newest first", 200, MentorRequestPage, "self-select",
    query=ProgramRequestsQuery,
)  # fmt: skip
ACCEPT_MENTOR_REQUEST = Route(
    "POST", "/api/v1/mentor-requests/{request_id}/accept", "acceptMentorRequest",
    "Accept a request made to the caller: mentee and mentor are paired, within the mentor's capacity", 200,
    MentorRequestView, "self-select", AnswerRequest,
)  # fmt: skip
DECLINE_MENTOR_REQUEST = Route(
    "POST", "/api/v1/mentor-requests/{request_id}/decline", "declineMentorRequest",
    "Decline a request made to the caller: the mentee may request again", 200, MentorRequestView, "self-select",
    AnswerRequest,
)  # fmt: skip
LOG_MEETING = Route(
    "POST", "/api/v1/pairs/{pair_id}/meetings", "logMeeting",
    "Log a meeting of the caller's pair or group, and which mentees attended", 201, Created, "meetings", LogMeeting,
)  # fmt: skip
GET_PROGRAM_METRICS = Route(
    "GET", "/api/v1/programs/{program_id}/metrics", "getProgramMetrics", "The programme's aggregate figures", 200,
    ProgramMetrics, "evaluation",
)  # fmt: skip

GET_PLAN = Route(
    "GET", "/api/v1/pairs/{pair_id}/plan", "getPlan",
    "The partnership's development plan: its newest revision, who agreed it, and the revision last agreed", 200,
    PlanView, "plans",
)  # fmt: skip
REVISE_PLAN = Route(
    "PUT", "/api/v1/pairs/{pair_id}/plan", "revisePlan",
    "Write the development plan's next revision: up to three SMART objectives, their milestones and assignments",
    200, PlanView, "plans", RevisePlan,
)  # fmt: skip
LIST_PLAN_REVISIONS = Route(
    "GET", "/api/v1/pairs/{pair_id}/plan/revisions", "listPlanRevisions",
    "Every revision of the development plan, newest first", 200, PlanRevisionPage, "plans", query=PageQuery,
)  # fmt: skip
AGREE_PLAN = Route(
    "POST", "/api/v1/pairs/{pair_id}/plan/agree", "agreePlan",
    "Agree a revision of the development plan: once every member has, its goals are agreed", 200, PlanView,
    "plans", AgreePlan,
)  # fmt: skip
REPORT_PROGRESS = Route(
    "POST", "/api/v1/pairs/{pair_id}/progress-reports", "reportProgress",
    "Report a month's progress on the agreed plan's objectives, as the partnership's mentee", 201, Created,
    "plans", ReportProgress, creates="report_id",
)  # fmt: skip
LIST_PROGRESS_REPORTS = Route(
    "GET", "/api/v1/pairs/{pair_id}/progress-reports", "listProgressReports",
    "The partnership's progress reports, newest month first, and the months whose report is missing", 200,
    ProgressReportPage, "plans", query=PageQuery,
)  # fmt: skip
ASSESS_PROGRESS = Route(
    "POST", "/api/v1/pairs/{pair_id}/progress-reports/{report_id}/assessment", "assessProgress",
    "Add the mentor's assessment of the month to a mentee's progress report", 200, ProgressReportView, "plans",
    AssessProgress,
)  # fmt: skip
LIST_MISSING_REPORTS = Route(
    "GET", "/api/v1/programs/{program_id}/missing-progress-reports", "listMissingProgressReports",
    "The programme's progress reports past the policy's day and not filed, oldest first", 200, MissingReportPage,
    "plans", query=PageQuery,
)  # fmt: skip
GET_EVALUATION_POLICY = Route(
    "GET", "/api/v1/programs/{program_id}/evaluation-policy", "getEvaluationPolicy",
    "How the programme evaluates: its survey definitions, when surveys open and close, when reports are due", 200,
    EvaluationPolicy, "surveys",
)  # fmt: skip
SET_EVALUATION_POLICY = Route(
    "PUT", "/api/v1/programs/{program_id}/evaluation-policy", "setEvaluationPolicy",
    "Change how the programme evaluates: surveys opening from now on use the new definitions", 200,
    EvaluationPolicy, "surveys", EvaluationPolicy,
)  # fmt: skip
LIST_MY_SURVEYS = Route(
    "GET", "/api/v1/me/surveys", "listMySurveys",
    "The caller's surveys, open ones first: each opens when its moment comes and closes after the policy's days",
    200, SurveyPage, "surveys", query=MySurveysQuery,
)  # fmt: skip
RESPOND_TO_SURVEY = Route(
    "POST", "/api/v1/surveys/{survey_id}/responses", "respondToSurvey",
    "Answer one of the caller's open surveys, once: ratings 1 to 5 and free text the coordinators alone read", 201,
    Created, "surveys", RespondToSurvey,
)  # fmt: skip
LIST_SURVEY_RESPONSES = Route(
    "GET", "/api/v1/programs/{program_id}/survey-responses", "listSurveyResponses",
    "The programme's survey responses, newest first, with their free text", 200, SurveyResponsePage, "surveys",
    query=SurveyResponsesQuery,
)  # fmt: skip
GET_PROGRAM_ANALYTICS = Route(
    "GET", "/api/v1/programs/{program_id}/analytics", "getProgramAnalytics",
    "The programme's figures over a range of days, by month: JSON, CSV (Accept: text/csv) or a chart "
    "(Accept: image/svg+xml, ?chart=)", 200, Analytics, "analytics", query=AnalyticsQuery, exports=(CSV, SVG),
)  # fmt: skip
GET_AGENCY_ANALYTICS = Route(
    "GET", "/api/v1/agency/analytics", "getAgencyAnalytics",
    "The agency's figures over a range of days, by month; k-anonymous for leadership: a figure over too few people "
    "is withheld. JSON, CSV (Accept: text/csv) or a chart (Accept: image/svg+xml, ?chart=)", 200, Analytics,
    "analytics", query=AnalyticsQuery, exports=(CSV, SVG),
)  # fmt: skip

PUBLIC_API: tuple[Route, ...] = (
    CREATE_PROGRAM,
    LIST_PROGRAMS,
    GET_PROGRAM,
    UPDATE_PROGRAM,
    OPEN_PROGRAM,
    CLOSE_PROGRAM,
    ENROL_PARTICIPANT,
    APPLY,
    LIST_APPLICATIONS,
    GET_APPLICATION,
    APPROVE_APPLICATION,
    REJECT_APPLICATION,
    WITHDRAW_APPLICATION,
    GET_MY_PROFILE,
    UPDATE_MY_PROFILE,
    SCHEDULE_INFO_SESSION,
    LIST_INFO_SESSIONS,
    REGISTER_FOR_INFO_SESSION,
    RECORD_ATTENDANCE,
    START_IMPORT,
    GET_IMPORT,
    APPROVE_ELIGIBLE,
    START_MATCH_RUN,
    GET_MATCH_RUN,
    LIST_PROPOSALS,
    LIST_UNMATCHED,
    LOCK_PAIR,
    EXCLUDE_PAIR,
    RESOLVE_RUN,
    PUBLISH_RUN,
    REPRODUCE_RUN,
    SUGGEST_MENTORS,
    CREATE_PAIR,
    LIST_PAIRS,
    GET_PARTNERSHIP,
    LIST_MY_PARTNERSHIPS,
    LIST_PARTNERSHIPS,
    GET_AGREEMENT,
    PROPOSE_AGREEMENT,
    SIGN_AGREEMENT,
    LIST_AGREEMENTS,
    DISSOLVE_PARTNERSHIP,
    CLOSE_PARTNERSHIP,
    SCHEDULE_MEETING,
    LIST_SCHEDULED_MEETINGS,
    CHANGE_SCHEDULED_MEETING,
    CANCEL_SCHEDULED_MEETING,
    MEETING_INVITATION,
    ISSUE_CALENDAR_FEED,
    REVOKE_CALENDAR_FEED,
    CALENDAR_FEED,
    SUGGEST_MY_MENTORS,
    REQUEST_MENTOR,
    LIST_MY_MENTOR_REQUESTS,
    LIST_MENTOR_REQUESTS,
    ACCEPT_MENTOR_REQUEST,
    DECLINE_MENTOR_REQUEST,
    LOG_MEETING,
    GET_PROGRAM_METRICS,
    GET_PLAN,
    REVISE_PLAN,
    LIST_PLAN_REVISIONS,
    AGREE_PLAN,
    REPORT_PROGRESS,
    LIST_PROGRESS_REPORTS,
    ASSESS_PROGRESS,
    LIST_MISSING_REPORTS,
    GET_EVALUATION_POLICY,
    SET_EVALUATION_POLICY,
    LIST_MY_SURVEYS,
    RESPOND_TO_SURVEY,
    LIST_SURVEY_RESPONSES,
    GET_PROGRAM_ANALYTICS,
    GET_AGENCY_ANALYTICS,
)
