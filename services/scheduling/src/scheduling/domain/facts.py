"""Scheduling's internal facts: stored in its log beside the published ones, never published.

They are its own bookkeeping (who joined a partnership, the agreement's drafts and signatures, the first meeting's
checklist, a programme's terms), so they are scheduling's to change. Text (the agreement's terms) sits in the
fact's `private` part, like every other text scheduling keeps. The published facts are
`mentoring_contracts.scheduling`.
"""

from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from mentoring_contracts import EVENTS, Cadence, Event, InternalEvent
from mentoring_contracts.names import FirstMeetingItem, ProgramKind


class _PartnershipFact(InternalEvent):
    pair_id: str

    def aggregate_id(self) -> str:
        return self.pair_id


class Member(BaseModel):
    """A mentee who joined, and the pair id matching gave them (a group member's own; None when not yet heard)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mentee_id: str
    pair_id: str | None = None


class MembersJoined(_PartnershipFact):
    """Matching paired mentees with the mentor: the first of these forms the partnership, a later one adds group
    members. Told by PairMatched and GroupFormed, in either order and possibly twice: the fold is a union."""

    event_type: ClassVar[str] = "MembersJoined"

    program_id: str
    mentor_id: str
    group_id: str | None = None
    members: tuple[Member, ...]
    matched_at: datetime


class AgreementProposed(_PartnershipFact):
    """A member proposed the agreement's terms as a new version; the terms are in the fact's private part."""

    event_type: ClassVar[str] = "AgreementProposed"

    version: int
    proposed_by: str


class AgreementSignedBy(_PartnershipFact):
    """A member signed the agreement's version; the last member's signature is AgreementSigned instead."""

    event_type: ClassVar[str] = "AgreementSignedBy"

    version: int
    person_id: str


class ChecklistTicked(_PartnershipFact):
    """The first meeting's checklist as a member left it: the items now done."""

    event_type: ClassVar[str] = "ChecklistTicked"

    meeting_id: str
    done: tuple[FirstMeetingItem, ...]
    ticked_by: str


class ProgramTermsHeard(InternalEvent):
    """What scheduling keeps of a programme: its kind, duration and cadence, from ProgramOpened and ProgramUpdated."""

    event_type: ClassVar[str] = "ProgramTermsHeard"

    program_id: str
    kind: ProgramKind | None = None
    duration_months: int | None = None
    cadence: Cadence

    def aggregate_id(self) -> str:
        return self.program_id


INTERNAL: tuple[type[Event], ...] = (
    MembersJoined,
    AgreementProposed,
    AgreementSignedBy,
    ChecklistTicked,
    ProgramTermsHeard,
)
KNOWN: dict[tuple[str, int], type[Event]] = {
    **EVENTS,
    **{(cls.event_type, cls.event_version): cls for cls in INTERNAL},
}
