"""Every published event, by (type, version): what a reader needs to validate a payload, old versions included."""

from mentoring_contracts.enrolment import (
    ApplicationRejected,
    ApplicationSubmitted,
    MenteeEnrolled,
    MenteeEnrolledV1,
    MentorEnrolled,
    MentorEnrolledV1,
    ParticipantProfileUpdated,
    ParticipantWithdrawn,
    ProgramClosed,
    ProgramOpened,
    ProgramOpenedV1,
    ProgramStarted,
    ProgramUpdated,
)
from mentoring_contracts.envelope import Event
from mentoring_contracts.evaluation import FeedbackSubmitted, GoalsAgreed, ProgressReported
from mentoring_contracts.matching import GroupFormed, PairMatched, PairMatchedV1, PublishMatchRun, SolveMatchRun
from mentoring_contracts.scheduling import (
    AgreementSigned,
    MeetingCancelled,
    MeetingLogged,
    MeetingOverdue,
    MeetingRescheduled,
    MeetingScheduled,
    PairDissolved,
    PartnershipClosed,
    PartnershipInactive,
)

PUBLISHED: tuple[type[Event], ...] = (
    ProgramOpenedV1,
    ProgramOpened,
    ProgramUpdated,
    ProgramStarted,
    ProgramClosed,
    ApplicationSubmitted,
    ApplicationRejected,
    MentorEnrolledV1,
    MentorEnrolled,
    MenteeEnrolledV1,
    MenteeEnrolled,
    ParticipantWithdrawn,
    ParticipantProfileUpdated,
    PairMatchedV1,
    PairMatched,
    GroupFormed,
    MeetingLogged,
    AgreementSigned,
    MeetingScheduled,
    MeetingRescheduled,
    MeetingCancelled,
    MeetingOverdue,
    PartnershipInactive,
    PairDissolved,
    PartnershipClosed,
    GoalsAgreed,
    ProgressReported,
    FeedbackSubmitted,
    SolveMatchRun,
    PublishMatchRun,
)

EVENTS: dict[tuple[str, int], type[Event]] = {(cls.event_type, cls.event_version): cls for cls in PUBLISHED}


def event_class(event_type: str, version: int = 1) -> type[Event]:
    return EVENTS[(event_type, version)]
