"""Request and response bodies of the public HTTP API, version 1.

The gateway publishes them in its OpenAPI document; each service validates the same models on its internal API.
"""

from mentoring_contracts.api.common import Created, Page, PageQuery
from mentoring_contracts.api.imports import MAX_IMPORT_BYTES, ApprovalStarted, ImportQuery, ImportView, RejectedRow
from mentoring_contracts.api.participants import (
    ApplicationPage,
    ApplicationsQuery,
    ApplicationView,
    Apply,
    Approve,
    Decision,
    Eligibility,
    EnrolParticipant,
    MenteeProfile,
    MentorProfile,
    Person,
    Profile,
    ProfilePatch,
    ProfileView,
    Reject,
    UnmetRule,
    Withdraw,
)
from mentoring_contracts.api.programs import (
    CreateProgram,
    ProgramPage,
    ProgramsQuery,
    ProgramView,
    Question,
    UpdateProgram,
)
from mentoring_contracts.api.sessions import (
    AttendanceRecorded,
    InfoSessionPage,
    InfoSessionsQuery,
    InfoSessionView,
    RecordAttendance,
    ScheduleInfoSession,
)
from mentoring_contracts.api.views import LogMeeting, MatchRunView, PairView, ProgramMetrics

__all__ = [
    "MAX_IMPORT_BYTES",
    "ApplicationPage",
    "ApplicationView",
    "ApplicationsQuery",
    "Apply",
    "Approve",
    "ApprovalStarted",
    "AttendanceRecorded",
    "CreateProgram",
    "Created",
    "Decision",
    "Eligibility",
    "EnrolParticipant",
    "ImportQuery",
    "ImportView",
    "InfoSessionPage",
    "InfoSessionView",
    "InfoSessionsQuery",
    "LogMeeting",
    "MatchRunView",
    "MenteeProfile",
    "MentorProfile",
    "Page",
    "PageQuery",
    "PairView",
    "Person",
    "Profile",
    "ProfilePatch",
    "ProfileView",
    "ProgramMetrics",
    "ProgramPage",
    "ProgramView",
    "ProgramsQuery",
    "Question",
    "RecordAttendance",
    "Reject",
    "RejectedRow",
    "ScheduleInfoSession",
    "UnmetRule",
    "UpdateProgram",
    "Withdraw",
]
