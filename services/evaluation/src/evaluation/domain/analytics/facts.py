"""What analytics keeps of each consumed event: a small `Fact` (kind, programme, when, and the ids, dates and numbers
its figures need), stored once under the event's id and folded into the ledger. Never text: no event carries any.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mentoring_contracts import (
    AgreementSigned,
    ApplicationSubmitted,
    Envelope,
    Event,
    FeedbackSubmitted,
    GoalsAgreed,
    MeetingLogged,
    MeetingOverdue,
    MenteeEnrolled,
    MentorEnrolled,
    PairDissolved,
    PairMatched,
    ParticipantWithdrawn,
    PartnershipClosed,
    PartnershipInactive,
    ProgramOpened,
)


@dataclass(frozen=True)
class Fact:
    event_id: str
    kind: str  # the event's type
    program_id: str
    at: datetime  # when the event occurred
    data: Mapping[str, Any] = field(default_factory=dict)  # ids, numbers, ISO times; no arrays in arrays (FerretDB)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _data(event: Event) -> dict[str, Any]:
    match event:
        case ProgramOpened():
            return {}
        case ApplicationSubmitted():
            return {"person": event.person_id, "role": event.role.value, "eligible": event.eligible}
        case MentorEnrolled() | MenteeEnrolled():
            role = "mentor" if isinstance(event, MentorEnrolled) else "mentee"
            return {"person": event.person_id, "role": role, "exception": event.exception}
        case ParticipantWithdrawn():
            return {"person": event.person_id, "role": event.role.value}
        case PairMatched():
            return {"pair": event.pair_id, "mentor": event.mentor_id, "mentee": event.mentee_id}
        case AgreementSigned():
            return {
                "pair": event.pair_id, "mentor": event.mentor_id, "mentees": list(event.mentee_ids),
                "signed_at": _iso(event.signed_at),
            }  # fmt: skip
        case MeetingLogged():
            present = [event.logged_by, *(event.attendee_ids or ())]
            return {
                "pair": event.pair_id, "held_at": _iso(event.held_at), "minutes": event.duration_minutes,
                "present": sorted(set(present)),
            }  # fmt: skip
        case MeetingOverdue():
            return {"pair": event.pair_id, "period_end": _iso(event.period_end)}
        case PartnershipInactive():
            return {"pair": event.pair_id}
        case PairDissolved():
            return {
                "pair": event.pair_id, "mentor": event.mentor_id, "mentees": list(event.mentee_ids),
                "whole": event.whole, "reason": event.reason.value,
            }  # fmt: skip
        case PartnershipClosed():
            return {
                "pair": event.pair_id, "mentor": event.mentor_id, "mentees": list(event.mentee_ids),
                "reason": event.reason.value, "outcomes": [outcome.value for outcome in event.goal_outcomes],
            }  # fmt: skip
        case GoalsAgreed():
            return {"pair": event.pair_id, "agreed_at": _iso(event.agreed_at)}
        case FeedbackSubmitted():
            return {
                "pair": event.pair_id, "survey": event.kind.value, "respondent": event.respondent_id,
                "ratings": [{"question": rating.question_id, "rating": rating.rating} for rating in event.ratings],
                "submitted_at": _iso(event.submitted_at),
            }  # fmt: skip
    raise ValueError(f"analytics keeps no fact of {event.event_type}")


ANALYSED_EVENTS: tuple[type[Event], ...] = (
    ProgramOpened,
    ApplicationSubmitted,
    MentorEnrolled,
    MenteeEnrolled,
    ParticipantWithdrawn,
    PairMatched,
    AgreementSigned,
    MeetingLogged,
    MeetingOverdue,
    PartnershipInactive,
    PairDissolved,
    PartnershipClosed,
    GoalsAgreed,
    FeedbackSubmitted,
)


def fact_of(envelope: Envelope[Any]) -> Fact:
    event = envelope.payload
    return Fact(str(envelope.event_id), event.event_type, event.program_id, envelope.occurred_at, _data(event))
