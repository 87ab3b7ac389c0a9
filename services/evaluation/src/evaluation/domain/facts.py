"""Evaluation's internal facts: stored in its own log beside what it publishes, never published.

They are what evaluation keeps of other services' facts (who is in a partnership, when it became active, first met
and ended, a programme's term) and of its own features, so they are evaluation's to change. Each says only what
was news to the aggregate it belongs to: a redelivered or late event records nothing. Text never goes into a fact's
fields: a plan's words sit in its `private` part. The published facts are `mentoring_contracts.evaluation`.
"""

from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from mentoring_contracts import EVENTS, Event, InternalEvent
from mentoring_contracts.names import PartnershipStatus, ProgramKind


class _PartnershipFact(InternalEvent):
    pair_id: str  # the partnership: a pair's id, or a group programme's group id
    program_id: str

    def aggregate_id(self) -> str:
        return self.pair_id


class Member(BaseModel):
    """A mentee who joined, and the pair id matching gave them (a group member's own; None when not yet heard)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mentee_id: str
    pair_id: str | None = None


class MembersJoined(_PartnershipFact):
    """Matching paired mentees with the mentor (PairMatched, GroupFormed): the first forms the partnership, a later
    one adds group members or tells a member's own pair id, or an earlier time it was matched."""

    event_type: ClassVar[str] = "MembersJoined"

    mentor_id: str
    group_id: str | None = None
    members: tuple[Member, ...]
    matched_at: datetime


class MembersLeft(_PartnershipFact):
    """Mentees left a group that goes on (PairDissolved, not whole): they are no longer members."""

    event_type: ClassVar[str] = "MembersLeft"

    mentee_ids: tuple[str, ...]
    left_at: datetime


class PartnershipActivated(_PartnershipFact):
    """Every member signed its agreement (AgreementSigned): the partnership is active from `active_since`."""

    event_type: ClassVar[str] = "PartnershipActivated"

    active_since: datetime


class PartnershipMet(_PartnershipFact):
    """A meeting held before any other heard of (MeetingLogged): the partnership's first meeting, so far."""

    event_type: ClassVar[str] = "PartnershipMet"

    meeting_id: str
    held_at: datetime


class PartnershipEnded(_PartnershipFact):
    """The partnership ended: closed at term (PartnershipClosed) or dissolved early (PairDissolved, whole)."""

    event_type: ClassVar[str] = "PartnershipEnded"

    status: PartnershipStatus  # closed or dissolved
    ended_at: datetime


class PlanRevised(_PartnershipFact):
    """A member wrote the development plan's next revision. Its objectives (text) are in the fact's private part;
    `keeps_agreement`: it changed only ticks (`done_on`), so the members' agreement of the revision it was based on
    stands for it."""

    event_type: ClassVar[str] = "PlanRevised"

    revision: int
    revised_by: str
    revised_at: datetime
    keeps_agreement: bool


class PlanAgreedBy(_PartnershipFact):
    """A member agreed a revision of the plan; the last member's agreement is the published GoalsAgreed instead."""

    event_type: ClassVar[str] = "PlanAgreedBy"

    revision: int
    person_id: str


class ProgramTermsHeard(InternalEvent):
    """What evaluation keeps of a programme: its kind and how long its partnerships last (ProgramOpened)."""

    event_type: ClassVar[str] = "ProgramTermsHeard"

    program_id: str
    kind: ProgramKind
    duration_months: int

    def aggregate_id(self) -> str:
        return self.program_id


INTERNAL: tuple[type[Event], ...] = (
    MembersJoined,
    MembersLeft,
    PartnershipActivated,
    PartnershipMet,
    PartnershipEnded,
    ProgramTermsHeard,
    PlanRevised,
    PlanAgreedBy,
)
KNOWN: dict[tuple[str, int], type[Event]] = {
    **EVENTS,
    **{(cls.event_type, cls.event_version): cls for cls in INTERNAL},
}
