"""A partnership as scheduling knows it: one mentor and their mentees, and who may act on its meetings.

A one-to-one pair is a partnership of one mentee, made whole by its `PairMatched`. In a group programme the mentor's
whole group is one partnership, id the group's: it meets as a batch. Its members arrive one by one (each member's
`PairMatched` names the group) and all at once (`GroupFormed`), in either order and possibly twice, so the group is
the fold of every membership heard of, a union: hearing one again, or in another order, changes nothing, and a
member who joins later is added. Nobody leaves a group here, so a group held once is never wrong about whom it
has, only perhaps behind on who joined since.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from mentoring_contracts import GroupFormed, PairMatched


@dataclass(frozen=True)
class Partnership:
    partnership_id: str
    program_id: str
    agency_id: str
    mentor_id: str
    mentee_ids: frozenset[str]
    group_id: str | None = None

    @property
    def noun(self) -> str:
        """What it is called in messages: a pair or a group."""
        return "pair" if self.group_id is None else "group"

    @property
    def members(self) -> str:
        """Who its members are, in words."""
        return "the pair's mentor or mentee" if self.group_id is None else "the group's mentor or mentees"

    def is_member(self, person_id: str) -> bool:
        return person_id == self.mentor_id or person_id in self.mentee_ids

    def knows(self, person_ids: Iterable[str]) -> bool:
        return all(self.is_member(person_id) for person_id in person_ids)


@dataclass(frozen=True)
class Membership:
    """One mentee in one mentor's group."""

    group_id: str
    program_id: str
    mentor_id: str
    mentee_id: str


def pair(agency_id: str, pair_id: str, program_id: str, mentor_id: str, mentee_id: str) -> Partnership:
    """The partnership of a one-to-one pair."""
    return Partnership(pair_id, program_id, agency_id, mentor_id, frozenset({mentee_id}))


def memberships(event: PairMatched | GroupFormed) -> list[Membership]:
    """The group memberships an event tells: none for a one-to-one pair."""
    if isinstance(event, GroupFormed):
        return [Membership(event.group_id, event.program_id, event.mentor_id, m) for m in event.mentee_ids]
    if event.group_id is None:
        return []
    return [Membership(event.group_id, event.program_id, event.mentor_id, event.mentee_id)]


def joined(group: Partnership | None, agency_id: str, membership: Membership) -> Partnership:
    """The group after one more membership heard of: the fold's step, a union, so order and repeats do not matter."""
    if group is None:
        return Partnership(
            membership.group_id,
            membership.program_id,
            agency_id,
            membership.mentor_id,
            frozenset({membership.mentee_id}),
            membership.group_id,
        )
    return replace(group, mentee_ids=group.mentee_ids | {membership.mentee_id})


def group(agency_id: str, heard: Iterable[Membership], held: Partnership | None = None) -> Partnership | None:
    """The group `held` (or none yet) with every membership `heard` of: None when there is none at all."""
    for membership in heard:
        held = joined(held, agency_id, membership)
    return held
