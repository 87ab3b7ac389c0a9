"""Analytics' test data: the events of a programme's life at the times they happened, as evaluation consumes them."""

from datetime import datetime
from typing import Any
from uuid import uuid4

from mentoring_contracts import (
    AgreementSigned,
    ApplicationSubmitted,
    Envelope,
    Event,
    FeedbackSubmitted,
    GoalsAgreed,
    MeetingOverdue,
    PairDissolved,
    PartnershipClosed,
    PartnershipInactive,
)
from mentoring_contracts.evaluation import Rating
from mentoring_contracts.names import (
    ClosureReason,
    DissolutionReason,
    GoalOutcome,
    Initiator,
    ParticipantRole,
    SurveyKind,
)
from tests.support.factories import meeting_logged, mentee_enrolled, mentor_enrolled, pair_matched, wrapped


def on(day: str) -> datetime:
    """A moment of `day` (2026-03-05), at noon UTC, or a full ISO time as it is."""
    return datetime.fromisoformat(day if "T" in day else f"{day}T12:00:00+00:00")


def at(event: Event, day: str, agency_id: str = "agency-a") -> Envelope[Any]:
    """`event` in its envelope, as having occurred on `day`."""
    return wrapped(event, agency_id).model_copy(update={"occurred_at": on(day)})


def applied(person: str, role: ParticipantRole = ParticipantRole.MENTEE, eligible: bool = True, program_id: str = "g1"):
    return ApplicationSubmitted(
        program_id=program_id, participant_id=f"app-{person}", person_id=person, role=role, eligible=eligible,
        unmet_rules=() if eligible else ("grade",),
    )  # fmt: skip


def approved(person: str, role: ParticipantRole = ParticipantRole.MENTEE, program_id: str = "g1", **fields: Any):
    enrol = mentee_enrolled if role is ParticipantRole.MENTEE else mentor_enrolled
    return enrol(person, program_id=program_id, participant_id=f"app-{person}", **fields)


def matched(pair: str, mentor: str, mentee: str, program_id: str = "g1"):
    return pair_matched(pair, mentor_id=mentor, mentee_id=mentee, program_id=program_id)


def signed(pair: str, mentor: str, *mentees: str, day: str, program_id: str = "g1") -> AgreementSigned:
    return AgreementSigned(
        pair_id=pair, program_id=program_id, version=1, mentor_id=mentor, mentee_ids=mentees, signed_at=on(day)
    )


def met(pair: str, day: str, minutes: int = 60, by: str = "mentee", program_id: str = "g1", **fields: Any):
    return meeting_logged(pair, minutes, held_at=on(day), logged_by=by, program_id=program_id, **fields)


def overdue(pair: str, period_end: str, program_id: str = "g1") -> MeetingOverdue:
    end = on(period_end)
    return MeetingOverdue(
        pair_id=pair, program_id=program_id, period_start=end.replace(day=1), period_end=end, expected_meetings=2,
        held_meetings=0, days_overdue=2,
    )  # fmt: skip


def inactive(pair: str, program_id: str = "g1") -> PartnershipInactive:
    return PartnershipInactive(
        pair_id=pair, program_id=program_id, last_met_at=None, days_without_meeting=91, inactive_after_days=90
    )


def dissolved(
    pair: str, mentor: str, *mentees: str, reason: DissolutionReason = DissolutionReason.POOR_FIT, whole: bool = True,
    program_id: str = "g1",
) -> PairDissolved:  # fmt: skip
    return PairDissolved(
        pair_id=pair, program_id=program_id, mentor_id=mentor, mentee_ids=mentees, whole=whole, reason=reason,
        initiated_by=Initiator.COORDINATOR,
    )  # fmt: skip


def closed(
    pair: str, mentor: str, *mentees: str, outcomes: str = "achieved partly",
    reason: ClosureReason = ClosureReason.TERM_COMPLETED, program_id: str = "g1",
) -> PartnershipClosed:  # fmt: skip
    return PartnershipClosed(
        pair_id=pair, program_id=program_id, mentor_id=mentor, mentee_ids=mentees, reason=reason,
        goal_outcomes=tuple(GoalOutcome(outcome) for outcome in outcomes.split()),
    )  # fmt: skip


def agreed(pair: str, day: str, revision: int = 1, program_id: str = "g1") -> GoalsAgreed:
    return GoalsAgreed(
        pair_id=pair, program_id=program_id, revision=revision, objective_count=1, target_dates=(on(day).date(),),
        agreed_at=on(day),
    )  # fmt: skip


def feedback(
    pair: str, respondent: str, day: str, kind: SurveyKind = SurveyKind.CLOSING, program_id: str = "g1",
    **ratings: int,
) -> FeedbackSubmitted:  # fmt: skip
    role = ParticipantRole.MENTOR if respondent.startswith("mentor") else ParticipantRole.MENTEE
    return FeedbackSubmitted(
        pair_id=pair, program_id=program_id, survey_id=str(uuid4()), kind=kind, respondent_id=respondent,
        respondent_role=role, ratings=tuple(Rating(question_id=q, rating=r) for q, r in ratings.items()),
        submitted_at=on(day),
    )  # fmt: skip
