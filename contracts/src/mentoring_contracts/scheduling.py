"""Facts published by scheduling on `scheduling.events`, each keyed by its partnership, so a partnership's facts
arrive in order. Meeting notes, agendas, the agreement's text and the final review's text never leave the service.

A partnership is a one-to-one pair, or in a group programme one mentor's whole group (`GroupFormed`): a group meets
as a batch, so its meeting is one fact, keyed by the partnership like a pair's, naming the mentees who attended.
"""

from typing import ClassVar

from pydantic import AwareDatetime, Field

from mentoring_contracts.envelope import Event
from mentoring_contracts.names import ClosureReason, DissolutionReason, GoalOutcome, Initiator, MeetingMode
from mentoring_contracts.topics import SCHEDULING_EVENTS

PARTNERSHIP_ID = (
    "The partnership: a pair's id (PairMatched's pair_id), or in a group programme the group's id (GroupFormed's "
    "group_id). The Kafka key"
)


class _PartnershipEvent(Event):
    topic: ClassVar[str] = SCHEDULING_EVENTS.name

    pair_id: str = Field(description=PARTNERSHIP_ID)
    program_id: str

    def aggregate_id(self) -> str:
        return self.pair_id


class MeetingLogged(_PartnershipEvent):
    """A partnership met: when, for how long and which mentees attended, never what was said. One fact per meeting,
    for a pair and for a whole group alike, so a programme's meetings and meeting hours count each meeting once."""

    event_type: ClassVar[str] = "MeetingLogged"

    meeting_id: str
    held_at: AwareDatetime
    duration_minutes: int = Field(ge=1, le=24 * 60)
    logged_by: str = Field(description="Who logged it, by person id: the mentor or one of the mentees")
    group_id: str | None = Field(
        default=None, description="Set when the partnership is a group programme's group: the meeting was the group's"
    )
    attendee_ids: tuple[str, ...] | None = Field(
        default=None,
        description="The mentees who attended, by person id (the mentor leads every meeting): for a pair its mentee, "
        "for a group the members present. Absent only from facts logged before attendance was recorded",
    )
    scheduled_meeting_id: str | None = Field(
        default=None, description="The scheduled meeting (MeetingScheduled's meeting_id) this one held, when it was one"
    )


class AgreementSigned(_PartnershipEvent):
    """Every member signed the same version of the partnership's agreement: it is active from `signed_at`. The
    agreement's text stays with scheduling; the programme's coordinator reads it there."""

    event_type: ClassVar[str] = "AgreementSigned"

    version: int = Field(ge=1, description="The agreement's version every member signed")
    mentor_id: str
    mentee_ids: tuple[str, ...] = Field(min_length=1)
    signed_at: AwareDatetime = Field(description="When the last member signed")


class _MeetingPlan(_PartnershipEvent):
    meeting_id: str
    starts_at: AwareDatetime
    duration_minutes: int = Field(ge=1, le=24 * 60)
    mode: MeetingMode
    location: str | None = Field(default=None, description="Where an in-person meeting takes place")
    link: str | None = Field(default=None, description="How to join a virtual meeting")


class MeetingScheduled(_MeetingPlan):
    """A member scheduled a meeting of the partnership: when, for how long, and where or how. Its agenda stays with
    scheduling."""

    event_type: ClassVar[str] = "MeetingScheduled"

    scheduled_by: str = Field(description="Who scheduled it, by person id")


class MeetingRescheduled(_MeetingPlan):
    """A scheduled meeting moved, or its place changed: the meeting as it now is."""

    event_type: ClassVar[str] = "MeetingRescheduled"

    rescheduled_by: str


class MeetingCancelled(_PartnershipEvent):
    """A scheduled meeting will not take place."""

    event_type: ClassVar[str] = "MeetingCancelled"

    meeting_id: str
    cancelled_by: str


class MeetingOverdue(_PartnershipEvent):
    """An active partnership let a period of its schedule pass with fewer meetings than it expects: published once
    per partnership and missed period, for integrators to send a nudge."""

    event_type: ClassVar[str] = "MeetingOverdue"

    period_start: AwareDatetime
    period_end: AwareDatetime = Field(description="When the period's meetings were due by")
    expected_meetings: int = Field(ge=1, description="The meetings the period expected")
    held_meetings: int = Field(ge=0, description="The meetings held in the period")
    days_overdue: float = Field(ge=0, description="Days since the period ended, when this was found")


class PartnershipInactive(_PartnershipEvent):
    """An active partnership went the programme's number of days without any meeting: published once per such
    stretch, for integrators to send a nudge or the coordinator to step in."""

    event_type: ClassVar[str] = "PartnershipInactive"

    last_met_at: AwareDatetime | None = Field(description="The last meeting held; none since it became active")
    days_without_meeting: float = Field(ge=0)
    inactive_after_days: int = Field(ge=1, description="The programme's threshold")


class PairDissolved(_PartnershipEvent):
    """A partnership ended before its term, or one member left a group: the mentees named leave it, and the mentor
    has a place again for each. A mentee who left is matchable again."""

    event_type: ClassVar[str] = "PairDissolved"

    mentor_id: str
    mentee_ids: tuple[str, ...] = Field(
        min_length=1,
        description="The mentees who leave: the whole pair or group, or the one member of a group who withdrew",
    )
    group_id: str | None = Field(default=None, description="Set for a group programme's group")
    whole: bool = Field(description="The whole partnership ended; false when only the mentees named left a group")
    reason: DissolutionReason
    initiated_by: Initiator


class PartnershipClosed(_PartnershipEvent):
    """A partnership ended at or near its term with a final review: why, and per goal how far it was achieved. The
    review's text stays with scheduling, shared with the coordinator."""

    event_type: ClassVar[str] = "PartnershipClosed"

    mentor_id: str
    mentee_ids: tuple[str, ...] = Field(min_length=1)
    group_id: str | None = None
    reason: ClosureReason
    goal_outcomes: tuple[GoalOutcome, ...] = Field(description="Per goal of the final review, in its order")
