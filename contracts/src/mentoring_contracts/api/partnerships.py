"""The bodies of a partnership's life in scheduling: its agreement, its listing, and how it ends.

A partnership's members are the token subjects it names (its mentor and mentees). The agreement's text, a
dissolution's explanation and a final review's text are read here, by the pair and the programme's coordinator;
none of them is ever in an event.
"""

from datetime import date, datetime, time
from typing import Annotated

from pydantic import BaseModel, Field

from mentoring_contracts.api.common import NO_NUL, Body, Identifier, LongText, Page, PageQuery, Text, TimeZone
from mentoring_contracts.names import (
    AgreementStatus,
    CadenceStanding,
    ClosureReason,
    DissolutionReason,
    GoalOutcome,
    Initiator,
    MeetingFrequency,
    MeetingMode,
    PartnershipStatus,
    Weekday,
)
from mentoring_contracts.wire import Integer

DEFAULT_GROUND_RULES = (
    "Expectations: we agree what each of us expects from the partnership and review it as we go.",
    "Responsibility: the mentee drives the partnership and its goals; the mentor guides and challenges.",
    "Feedback: we give each other honest, constructive feedback, and ask for it.",
)
DEFAULT_CONFIDENTIALITY = (
    "What we discuss stays between us unless we both agree otherwise, or the law or a risk of harm requires it."
)


class MeetingSchedule(Body):
    """When and how the partnership usually meets."""

    frequency: MeetingFrequency
    day: Weekday | None = Field(default=None, description="The usual day")
    time_of_day: time | None = Field(default=None, description="The usual local time, HH:MM")
    time_zone: TimeZone | None = Field(default=None, description="The time zone of time_of_day")
    mode: MeetingMode


class AgreementTerms(Body):
    """What the members agree to: the ground rules (the guidance's by default), confidentiality, the meeting
    schedule, and anything they add. The duration is the programme's."""

    ground_rules: Annotated[tuple[LongText, ...], Field(min_length=1, max_length=20)] = DEFAULT_GROUND_RULES
    confidentiality: LongText = DEFAULT_CONFIDENTIALITY
    schedule: MeetingSchedule
    additional_terms: str = Field(default="", max_length=5000, pattern=NO_NUL)


class ProposeAgreement(AgreementTerms):
    """A change to the agreement: the whole terms as proposed, and the version they change, so that a change made
    meanwhile by the other member is not silently overwritten (409). Any change clears earlier signatures."""

    based_on_version: Integer = Field(ge=0, description="The version read before changing it; 0 for the first")


class SignAgreement(Body):
    version: Integer = Field(ge=1, description="The version the member read and signs")


class Signature(BaseModel):
    person_id: str
    signed_at: datetime


class AgreementView(BaseModel):
    pair_id: str
    program_id: str
    version: int = Field(description="0 while nobody proposed terms yet: the terms shown are the defaults")
    status: AgreementStatus
    terms: AgreementTerms
    duration_months: int
    proposed_by: str | None = None
    signatures: list[Signature] = Field(description="Who signed this version, and when")
    signed_at: datetime | None = Field(default=None, description="When every member had signed")


class AgreementPage(Page):
    items: list[AgreementView]


class AgreementsQuery(PageQuery):
    status: AgreementStatus | None = None


class PartnershipsQuery(PageQuery):
    status: PartnershipStatus | CadenceStanding | None = Field(
        default=None,
        description="A status (pending_agreement, active, dissolved, closed), or how an active partnership keeps "
        "its cadence (on_track, overdue, inactive)",
    )


class GoalReview(Body):
    goal: Text = Field(description="The goal as set")
    achieved: str = Field(default="", max_length=5000, pattern=NO_NUL, description="What was achieved")
    outcome: GoalOutcome


class EndingView(BaseModel):
    """How a partnership ended, with the words kept for its coordinator: a dissolution's reason, who asked and
    their explanation, or a closure's reason, its final review and each goal's outcome."""

    status: PartnershipStatus
    at: datetime
    dissolution_reason: DissolutionReason | None = Field(default=None, description="A dissolution's")
    initiated_by: Initiator | None = Field(default=None, description="A dissolution's")
    closure_reason: ClosureReason | None = Field(default=None, description="A closure's")
    explanation: str | None = Field(default=None, description="A dissolution's")
    review: str | None = Field(default=None, description="A closure's final review")
    goals: list[GoalReview] = Field(default_factory=list, description="A closure's goals, each with its outcome")


class PartnershipView(BaseModel):
    """A partnership as scheduling holds it: a one-to-one pair, or a group programme's group with every member."""

    id: str = Field(description="The partnership's id, under which its meetings are logged: the pair's, or the group's")
    program_id: str
    group_id: str | None = Field(default=None, description="Set for a group programme's group (the same as id)")
    mentor_id: str
    mentee_ids: list[str] = Field(description="Its mentees, by person id: a pair's one, or every member of a group")
    status: PartnershipStatus = PartnershipStatus.PENDING_AGREEMENT
    standing: CadenceStanding | None = Field(default=None, description="How an active partnership keeps its cadence")
    matched_at: datetime | None = None
    active_since: datetime | None = None
    ends_on: date | None = Field(default=None, description="The end of its term, from the programme's duration")
    last_met_at: datetime | None = None
    ended_at: datetime | None = None
    ending: EndingView | None = Field(default=None, description="Once it ended: how, and the words kept about it")


class PartnershipPage(Page):
    items: list[PartnershipView]


class DissolvePartnership(Body):
    reason: DissolutionReason
    initiated_by: Initiator = Field(
        description="Who asked for it: a member names their own role; a coordinator may name a member's, or their own"
    )
    explanation: str = Field(
        default="", max_length=5000, pattern=NO_NUL, description="Stays with scheduling; the coordinator reads it"
    )


class ClosePartnership(Body):
    reason: ClosureReason
    goals: Annotated[tuple[GoalReview, ...], Field(min_length=1, max_length=10)]
    review: str = Field(
        default="", max_length=20_000, pattern=NO_NUL, description="The final review, shared with the coordinator"
    )


class MyPartnershipsQuery(PageQuery):
    program_id: Identifier | None = Field(default=None, description="Only this programme's partnerships")
