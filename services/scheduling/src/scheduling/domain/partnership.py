"""A partnership, folded from its stream: who is in it, where it stands in its life, its agreement and meetings.

A one-to-one pair is a partnership of one mentee, made whole by its `PairMatched`. In a group programme the mentor's
whole group is one partnership, id the group's: it meets as a batch. Its members arrive one by one (each member's
`PairMatched` names the group) and all at once (`GroupFormed`), in either order and possibly twice, so membership is
a union of every `MembersJoined`: hearing one again changes nothing, a member who joins later is added.

Its life is `PartnershipStatus`: pending_agreement from the match, active once every member signed the same version
of the agreement (`AgreementSigned`), then closed at term or dissolved early. A group member who withdraws leaves
the group alone (`PairDissolved` with `whole` false); the group goes on while it has mentees. Everything a
decision needs is in this state, so every decision is taken on it and recorded at its version: two writers cannot
both decide on the same state. That includes what its cadence reported (`MeetingOverdue`, `PartnershipInactive`,
facts of its own stream): a report recorded by one instance is in the state every other one decides on.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from mentoring_contracts import (
    AgreementSigned,
    GroupFormed,
    MeetingCancelled,
    MeetingLogged,
    MeetingOverdue,
    MeetingRescheduled,
    MeetingScheduled,
    PairDissolved,
    PairMatched,
    PartnershipClosed,
    PartnershipInactive,
)
from mentoring_contracts.names import (
    ClosureReason,
    DissolutionReason,
    FirstMeetingItem,
    GoalOutcome,
    Initiator,
    MeetingMode,
    PartnershipStatus,
    ScheduledMeetingStatus,
)
from mentoring_runtime.calendar_months import add_months
from mentoring_runtime.folding import Fact, unexpected
from scheduling.domain.agreement import Agreement, proposed, signed, signed_by
from scheduling.domain.facts import AgreementProposed, AgreementSignedBy, ChecklistTicked, Member, MembersJoined


@dataclass(frozen=True)
class HeldMeeting:
    meeting_id: str
    held_at: datetime
    duration_minutes: int
    scheduled_meeting_id: str | None = None


@dataclass(frozen=True)
class ScheduledMeeting:
    meeting_id: str
    starts_at: datetime
    duration_minutes: int
    mode: MeetingMode
    location: str | None
    link: str | None
    agenda: str
    scheduled_by: str
    status: ScheduledMeetingStatus = ScheduledMeetingStatus.SCHEDULED
    sequence: int = 0  # grows with each change, as calendar invitations count them
    checklist: frozenset[FirstMeetingItem] | None = None  # the items done, on the first meeting only


@dataclass(frozen=True)
class Ending:
    """How a partnership ended: dissolved early (reason, initiator, explanation) or closed (reason, review)."""

    status: PartnershipStatus
    at: datetime
    dissolution_reason: DissolutionReason | None = None
    initiated_by: Initiator | None = None
    closure_reason: ClosureReason | None = None
    goal_outcomes: tuple[GoalOutcome, ...] = ()
    text: Mapping[str, Any] = field(
        default_factory=dict
    )  # the explanation, or the final review and goals: for the coordinator


@dataclass(frozen=True)
class CadenceReported:
    """What the partnership reported of its cadence (`domain/cadence.py` decides what is due): the end of the latest
    period reported missed, and the start of the latest stretch without meetings reported inactive. Missed periods
    are reported oldest first and a met period stays met, so the one watermark tells every period reported."""

    overdue_through: datetime | None = None
    inactive_since: datetime | None = None

    def after(self, report: MeetingOverdue | PartnershipInactive, active_since: datetime) -> "CadenceReported":
        """The fold's step for both facts; a period reported again, or out of order, moves nothing back."""
        if isinstance(report, PartnershipInactive):
            return replace(self, inactive_since=report.last_met_at or active_since)
        if self.overdue_through is not None and self.overdue_through >= report.period_end:
            return self
        return replace(self, overdue_through=report.period_end)


@dataclass(frozen=True)
class Partnership:
    partnership_id: str
    program_id: str
    mentor_id: str
    mentee_ids: frozenset[str]
    matched_at: datetime
    group_id: str | None = None
    member_pairs: Mapping[str, str] = field(default_factory=dict)  # a group member's own pair id → the mentee
    former_mentee_ids: frozenset[str] = frozenset()  # group members who left
    status: PartnershipStatus = PartnershipStatus.PENDING_AGREEMENT
    agreement: Agreement = field(default_factory=Agreement)
    active_since: datetime | None = None
    meetings: tuple[HeldMeeting, ...] = ()
    scheduled: Mapping[str, ScheduledMeeting] = field(default_factory=dict)
    ending: Ending | None = None
    cadence_reported: CadenceReported = field(default_factory=CadenceReported)

    @property
    def noun(self) -> str:
        """What it is called in messages: a pair or a group."""
        return "pair" if self.group_id is None else "group"

    @property
    def members(self) -> str:
        """Who its members are, in words."""
        return "the pair's mentor or mentee" if self.group_id is None else "the group's mentor or mentees"

    @property
    def member_ids(self) -> frozenset[str]:
        return self.mentee_ids | {self.mentor_id}

    @property
    def last_met_at(self) -> datetime | None:
        return max((meeting.held_at for meeting in self.meetings), default=None)

    @property
    def ended_at(self) -> datetime | None:
        return self.ending.at if self.ending else None

    def is_member(self, person_id: str) -> bool:
        return person_id in self.member_ids

    def knows(self, person_ids: Iterable[str]) -> bool:
        return all(self.is_member(person_id) for person_id in person_ids)

    def ends_on(self, duration_months: int) -> date:
        """The end of its term: the programme's duration from when it became active (or was matched)."""
        return add_months((self.active_since or self.matched_at).date(), duration_months)


def members_joined(event: PairMatched | GroupFormed, matched_at: datetime) -> MembersJoined:
    """What a match tells a partnership: the pair itself, or in a group programme the members joining the group."""
    if isinstance(event, GroupFormed):
        return MembersJoined(
            pair_id=event.group_id,
            program_id=event.program_id,
            mentor_id=event.mentor_id,
            group_id=event.group_id,
            members=tuple(Member(mentee_id=mentee) for mentee in event.mentee_ids),
            matched_at=matched_at,
        )
    return MembersJoined(
        pair_id=event.group_id or event.pair_id,
        program_id=event.program_id,
        mentor_id=event.mentor_id,
        group_id=event.group_id,
        members=(Member(mentee_id=event.mentee_id, pair_id=event.pair_id),),
        matched_at=matched_at,
    )


def news(state: Partnership | None, joined: MembersJoined) -> MembersJoined | None:
    """`joined` if it tells the partnership something new: it forms it, adds a member, or tells a group member's own
    pair id. None when it was heard before."""
    if state is None:
        return joined
    present = state.mentee_ids | state.former_mentee_ids

    def new(member: Member) -> bool:
        told_pair = state.group_id is not None and member.pair_id is not None
        return member.mentee_id not in present or (told_pair and member.pair_id not in state.member_pairs)

    members = tuple(member for member in joined.members if new(member))
    return joined.model_copy(update={"members": members}) if members else None


def mutate(state: Partnership | None, fact: Fact) -> Partnership:
    """The partnership after one more fact: one branch per kind of fact its stream holds."""
    event = fact.event
    if isinstance(event, MembersJoined):
        return _joined(state, event)
    if state is None:
        raise unexpected("partnership", fact)
    match event:
        case AgreementProposed():
            return replace(state, agreement=proposed(state.agreement, event, fact.private))
        case AgreementSignedBy():
            return replace(state, agreement=signed_by(state.agreement, event.person_id, fact.at))
        case AgreementSigned():
            return replace(
                state,
                agreement=signed(state.agreement, state.member_ids, event.signed_at),
                status=PartnershipStatus.ACTIVE,
                active_since=event.signed_at,
            )
        case MeetingLogged():
            return _logged(state, event)
        case MeetingScheduled() | MeetingRescheduled():
            return _planned(state, event, fact.private)
        case MeetingCancelled():
            cancelled = replace(
                state.scheduled[event.meeting_id],
                status=ScheduledMeetingStatus.CANCELLED,
                sequence=state.scheduled[event.meeting_id].sequence + 1,
            )
            return replace(state, scheduled={**state.scheduled, event.meeting_id: cancelled})
        case ChecklistTicked():
            ticked = replace(state.scheduled[event.meeting_id], checklist=frozenset(event.done))
            return replace(state, scheduled={**state.scheduled, event.meeting_id: ticked})
        case MeetingOverdue() | PartnershipInactive():
            reported = state.cadence_reported.after(event, state.active_since or state.matched_at)
            return replace(state, cadence_reported=reported)
        case PairDissolved():
            return _dissolved(state, event, fact)
        case PartnershipClosed():
            ending = Ending(
                PartnershipStatus.CLOSED,
                fact.at,
                closure_reason=event.reason,
                goal_outcomes=event.goal_outcomes,
                text=fact.private,
            )
            return replace(state, status=PartnershipStatus.CLOSED, ending=ending)
    raise unexpected("partnership", fact)


def _joined(state: Partnership | None, event: MembersJoined) -> Partnership:
    pairs = {m.pair_id: m.mentee_id for m in event.members if m.pair_id is not None}
    mentees = frozenset(m.mentee_id for m in event.members)
    if state is None:
        return Partnership(
            event.pair_id,
            event.program_id,
            event.mentor_id,
            mentees,
            event.matched_at,
            group_id=event.group_id,
            member_pairs=pairs if event.group_id else {},
        )
    joining = mentees - state.former_mentee_ids
    return replace(state, mentee_ids=state.mentee_ids | joining, member_pairs={**state.member_pairs, **pairs})


def _logged(state: Partnership, event: MeetingLogged) -> Partnership:
    held = HeldMeeting(event.meeting_id, event.held_at, event.duration_minutes, event.scheduled_meeting_id)
    scheduled = state.scheduled
    if event.scheduled_meeting_id in scheduled:
        was = scheduled[event.scheduled_meeting_id]
        scheduled = {**scheduled, was.meeting_id: replace(was, status=ScheduledMeetingStatus.HELD)}
    return replace(state, meetings=(*state.meetings, held), scheduled=scheduled)


def _planned(
    state: Partnership, event: MeetingScheduled | MeetingRescheduled, private: Mapping[str, Any]
) -> Partnership:
    was = state.scheduled.get(event.meeting_id)
    # The checklist goes with the first meeting: until one is held, the newest that is not cancelled carries it.
    first = not state.meetings and not any(
        m.checklist is not None and m.status is not ScheduledMeetingStatus.CANCELLED for m in state.scheduled.values()
    )
    meeting = ScheduledMeeting(
        event.meeting_id,
        event.starts_at,
        event.duration_minutes,
        event.mode,
        event.location,
        event.link,
        private.get("agenda", was.agenda if was else ""),
        was.scheduled_by if was else event.scheduled_by,  # type: ignore[union-attr]
        sequence=was.sequence + 1 if was else 0,
        checklist=was.checklist if was else (frozenset() if first else None),
    )
    return replace(state, scheduled={**state.scheduled, event.meeting_id: meeting})


def _dissolved(state: Partnership, event: PairDissolved, fact: Fact) -> Partnership:
    if not event.whole:
        leaving = frozenset(event.mentee_ids)
        return replace(
            state, mentee_ids=state.mentee_ids - leaving, former_mentee_ids=state.former_mentee_ids | leaving
        )
    ending = Ending(
        PartnershipStatus.DISSOLVED,
        fact.at,
        dissolution_reason=event.reason,
        initiated_by=event.initiated_by,
        text=fact.private,
    )
    return replace(state, status=PartnershipStatus.DISSOLVED, ending=ending)
