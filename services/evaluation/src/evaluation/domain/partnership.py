"""Evaluation's own view of a partnership, folded from its stream: who is in it and the moments of its life.

A partnership is a one-to-one pair, or in a group programme the mentor's whole group (id the group's; each member's
own pair id resolves to it). Evaluation hears of it from other services' topics, which arrive in no order relative
to each other: a meeting or a signature may come before the match that formed the partnership. So every fact
carries the partnership's programme, any fact may be a stream's first, and the partnership is `formed` (has a mentor
and members) once a `MembersJoined` is heard. Each event becomes a fact only when it is news (`news_*`): a
redelivery, or an event that says less than what is held, records nothing, and the state reached is the same in
whatever order the events came.

- members: the union of every `MembersJoined`, less those who left a group (`MembersLeft`); one who left never
  rejoins, even if their match is heard after they left.
- matched_at: the earliest time a match was heard; active_since: when every member signed the agreement;
  first_met_at: the earliest meeting heard of; ended: the first ending heard (closed or dissolved, and when).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from evaluation.domain.facts import (
    Member,
    MembersJoined,
    MembersLeft,
    PartnershipActivated,
    PartnershipEnded,
    PartnershipMet,
)
from mentoring_contracts import (
    AgreementSigned,
    GroupFormed,
    MeetingLogged,
    PairDissolved,
    PairMatched,
    PartnershipClosed,
)
from mentoring_contracts.names import PartnershipStatus
from mentoring_runtime.calendar_months import add_months
from mentoring_runtime.folding import Fact, unexpected


class Moment(StrEnum):
    """A moment of a partnership's life that other features act on (surveys open on them)."""

    FIRST_MET = "first_met"  # its first meeting was logged
    ACTIVE = "active"  # every member signed its agreement
    ENDED = "ended"  # closed at term or dissolved early
    LEFT = "left"  # mentees left a group that goes on


@dataclass(frozen=True)
class Told:
    """A moment told to the features that act on it: the partnership as it is now, and the people it concerns (its
    members; for LEFT, the mentees who left)."""

    moment: Moment
    partnership: "Partnership"
    people: frozenset[str]
    at: datetime


@dataclass(frozen=True)
class Term:
    """A partnership's term, both days included: from the day it was matched to the programme's duration from when
    it became active (or, until then, was matched). The days its plan's dates may fall on."""

    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Ending:
    status: PartnershipStatus  # closed or dissolved
    at: datetime


@dataclass(frozen=True)
class Partnership:
    partnership_id: str
    program_id: str
    mentor_id: str | None = None  # None until its match is heard: not yet `formed`
    mentee_ids: frozenset[str] = frozenset()
    group_id: str | None = None
    member_pairs: Mapping[str, str] = field(default_factory=dict)  # a group member's own pair id → the mentee
    former_mentee_ids: frozenset[str] = frozenset()  # group members who left
    left_at: Mapping[str, datetime] = field(default_factory=dict)  # a group member who left → when
    matched_at: datetime | None = None
    active_since: datetime | None = None
    first_met_at: datetime | None = None
    ended: Ending | None = None

    @property
    def formed(self) -> bool:
        """Its match was heard: it has a mentor and mentees. Until then it is not shown to anyone."""
        return self.mentor_id is not None and self.matched_at is not None

    @property
    def member_ids(self) -> frozenset[str]:
        return self.mentee_ids | ({self.mentor_id} if self.mentor_id else set())

    @property
    def status(self) -> PartnershipStatus:
        if self.ended is not None:
            return self.ended.status
        return PartnershipStatus.ACTIVE if self.active_since else PartnershipStatus.PENDING_AGREEMENT

    @property
    def noun(self) -> str:
        """What it is called in messages: a pair or a group."""
        return "pair" if self.group_id is None else "group"

    def is_member(self, person_id: str) -> bool:
        return person_id in self.member_ids

    def is_mentor(self, person_id: str) -> bool:
        return self.mentor_id is not None and person_id == self.mentor_id

    def is_mentee(self, person_id: str) -> bool:
        return person_id in self.mentee_ids

    def term(self, duration_months: int) -> Term | None:
        """Its term, given the programme's duration; None before its match is heard."""
        if self.matched_at is None:
            return None
        return Term(self.matched_at.date(), add_months((self.active_since or self.matched_at).date(), duration_months))


def moments_told(partnership: Partnership, moments: tuple[Moment, ...]) -> list[Told]:
    """What to tell of the `moments` (FIRST_MET, ACTIVE, ENDED) the partnership has reached, to its members; nothing
    before it is formed, as there is no one to tell yet."""
    if not partnership.formed:
        return []
    at = {
        Moment.FIRST_MET: partnership.first_met_at,
        Moment.ACTIVE: partnership.active_since,
        Moment.ENDED: partnership.ended.at if partnership.ended else None,
    }
    return [
        Told(moment, partnership, partnership.member_ids, when)
        for moment in moments
        if (when := at.get(moment)) is not None
    ]


def left_told(partnership: Partnership, event: PairDissolved, at: datetime) -> list[Told]:
    """The mentees a partial dissolution names who are out of the group now, once it is formed."""
    leavers = frozenset(event.mentee_ids) & partnership.former_mentee_ids
    return [Told(Moment.LEFT, partnership, leavers, at)] if partnership.formed and leavers else []


def members_joined(event: PairMatched | GroupFormed, matched_at: datetime) -> MembersJoined:
    """What a match tells a partnership: the pair itself, or in a group programme the members joining the group."""
    if isinstance(event, GroupFormed):
        members = tuple(Member(mentee_id=mentee) for mentee in event.mentee_ids)
        partnership_id, group_id = event.group_id, event.group_id
    else:
        members = (Member(mentee_id=event.mentee_id, pair_id=event.pair_id),)
        partnership_id, group_id = event.group_id or event.pair_id, event.group_id
    return MembersJoined(
        pair_id=partnership_id,
        program_id=event.program_id,
        mentor_id=event.mentor_id,
        group_id=group_id,
        members=members,
        matched_at=matched_at,
    )


def news_joined(state: Partnership | None, joined: MembersJoined) -> MembersJoined | None:
    """`joined` with only what it tells the partnership anew: it forms it, adds a member, tells a group member's own
    pair id or an earlier match. None when it was all heard before."""
    if state is None or not state.formed:
        return joined
    present = state.mentee_ids | state.former_mentee_ids

    def new(member: Member) -> bool:
        told_pair = state.group_id is not None and member.pair_id is not None
        return member.mentee_id not in present or (told_pair and member.pair_id not in state.member_pairs)

    members = tuple(member for member in joined.members if new(member))
    earlier = state.matched_at is not None and joined.matched_at < state.matched_at
    return joined.model_copy(update={"members": members}) if members or earlier else None


def news_left(state: Partnership | None, event: PairDissolved, at: datetime) -> MembersLeft | None:
    """The group members a partial dissolution takes out, unless every one of them left already."""
    leaving = tuple(sorted(set(event.mentee_ids) - (state.former_mentee_ids if state else frozenset())))
    if not leaving:
        return None
    return MembersLeft(pair_id=event.pair_id, program_id=event.program_id, mentee_ids=leaving, left_at=at)


def news_activated(state: Partnership | None, event: AgreementSigned) -> PartnershipActivated | None:
    if state is not None and state.active_since is not None:
        return None
    return PartnershipActivated(pair_id=event.pair_id, program_id=event.program_id, active_since=event.signed_at)


def news_met(state: Partnership | None, event: MeetingLogged) -> PartnershipMet | None:
    """The meeting, if it was held before every meeting heard of so far."""
    if state is not None and state.first_met_at is not None and state.first_met_at <= event.held_at:
        return None
    return PartnershipMet(
        pair_id=event.pair_id, program_id=event.program_id, meeting_id=event.meeting_id, held_at=event.held_at
    )


def news_ended(
    state: Partnership | None, event: PairDissolved | PartnershipClosed, at: datetime
) -> PartnershipEnded | None:
    """The ending, unless the partnership ended already (the first ending heard stands)."""
    if state is not None and state.ended is not None:
        return None
    status = PartnershipStatus.CLOSED if isinstance(event, PartnershipClosed) else PartnershipStatus.DISSOLVED
    return PartnershipEnded(pair_id=event.pair_id, program_id=event.program_id, status=status, ended_at=at)


def mutate(state: Partnership | None, fact: Fact) -> Partnership:
    """The partnership after one more fact: one branch per kind of fact its stream holds."""
    event = fact.event
    if not isinstance(event, MembersJoined | MembersLeft | PartnershipActivated | PartnershipMet | PartnershipEnded):
        raise unexpected("partnership", fact)
    current = state or Partnership(event.pair_id, event.program_id)
    match event:
        case MembersJoined():
            return _joined(current, event)
        case MembersLeft():
            leaving = frozenset(event.mentee_ids)
            return replace(
                current,
                mentee_ids=current.mentee_ids - leaving,
                former_mentee_ids=current.former_mentee_ids | leaving,
                left_at={**current.left_at, **dict.fromkeys(leaving, event.left_at)},
            )
        case PartnershipActivated():
            return replace(current, active_since=event.active_since)
        case PartnershipMet():
            return replace(current, first_met_at=event.held_at)
        case PartnershipEnded():
            return replace(current, ended=Ending(event.status, event.ended_at))
    raise unexpected("partnership", fact)


def _joined(state: Partnership, event: MembersJoined) -> Partnership:
    pairs = {m.pair_id: m.mentee_id for m in event.members if m.pair_id is not None}
    joining = frozenset(m.mentee_id for m in event.members) - state.former_mentee_ids
    matched_at = min(event.matched_at, state.matched_at) if state.matched_at else event.matched_at
    return replace(
        state,
        mentor_id=event.mentor_id,
        group_id=event.group_id,
        mentee_ids=state.mentee_ids | joining,
        member_pairs={**state.member_pairs, **pairs} if event.group_id else state.member_pairs,
        matched_at=matched_at,
    )
