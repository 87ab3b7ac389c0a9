"""The published language of the mentoring platform: what services and integrators may rely on."""

from mentoring_contracts.enrolment import (
    ApplicationRejected,
    ApplicationSubmitted,
    Cadence,
    EligibilityRules,
    MatchingPolicy,
    MenteeEnrolled,
    MentorEnrolled,
    ParticipantFacts,
    ParticipantProfileUpdated,
    ParticipantWithdrawn,
    ProgramClosed,
    ProgramOpened,
    ProgramStarted,
    ProgramUpdated,
)
from mentoring_contracts.envelope import Command, Envelope, Event, InternalEvent, UnknownEvent, parse_envelope
from mentoring_contracts.matching import CriterionScore, GroupFormed, PairMatched, PublishMatchRun, SolveMatchRun
from mentoring_contracts.registry import EVENTS, event_class
from mentoring_contracts.scheduling import MeetingLogged
from mentoring_contracts.topics import TOPICS, Topic, dead_letter_topic

__all__ = [
    "EVENTS",
    "TOPICS",
    "ApplicationRejected",
    "ApplicationSubmitted",
    "Cadence",
    "Command",
    "CriterionScore",
    "EligibilityRules",
    "MatchingPolicy",
    "ParticipantFacts",
    "ParticipantProfileUpdated",
    "ParticipantWithdrawn",
    "ProgramClosed",
    "ProgramStarted",
    "ProgramUpdated",
    "Envelope",
    "GroupFormed",
    "Event",
    "InternalEvent",
    "MeetingLogged",
    "MenteeEnrolled",
    "MentorEnrolled",
    "PairMatched",
    "ProgramOpened",
    "PublishMatchRun",
    "SolveMatchRun",
    "Topic",
    "UnknownEvent",
    "dead_letter_topic",
    "event_class",
    "parse_envelope",
]
