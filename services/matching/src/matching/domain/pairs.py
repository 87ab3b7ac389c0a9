"""A programme's pairs as matching's log tells them, and what they hold: each pair is made once and ends at most
once, when scheduling says its partnership dissolved early or closed at term.

While a pair runs it holds its mentee (not matched again) and one of its mentor's places. Once it ends, the place is
free again either way; the mentee is matchable again only if it dissolved: a mentee whose partnership closed ran
its course in the programme and stays matched.

The claims that keep concurrent pairings apart are unique keys that are never deleted (`stores/claims.py`), so an
ending frees no key: it moves the next claim on to a fresh one. `Standing` counts, from the same facts, each
mentee's round (their pairs that dissolved: the key their next claim takes) and each mentor's released places
(their pairs that ended: how many more slot keys their claims may take). Both only grow, and both come from facts
every instance reads, so two claimers that read the same facts contend for the same keys, and one that read them
before an ending was recorded contends for keys already taken and is refused, never let through twice.

In a group programme a mentor's pairs share the mentor's group. Scheduling holds one partnership per group and does
not revive one that ended, so once every member of a group has left it, the mentor's next members form a new group:
`ended_groups` counts the mentor's groups with no pair in effect.

Scheduling's `PairDissolved` and `PartnershipClosed` name a partnership (a pair's id, or a group's) and the mentees
who leave it; `endings` turns each into the ending of those mentees' pairs in effect, once: a fact delivered again
ends nothing more, even after its mentee was paired again, because every ending names the fact that caused it.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from mentoring_contracts import EVENTS, Event, InternalEvent, PairMatched
from mentoring_contracts.names import PartnershipStatus


class PairEnded(InternalEvent):
    """Scheduling ended the pair's partnership, for this pair's mentee: dissolved early, or closed at term. The
    second and last fact of a pair's stream; matching's own bookkeeping (scheduling published why)."""

    event_type: ClassVar[str] = "PairEnded"

    pair_id: str
    program_id: str
    mentee_id: str
    mentor_id: str
    ended: PartnershipStatus
    by_event: str  # the id of scheduling's fact that said so

    def aggregate_id(self) -> str:
        return self.pair_id


KNOWN: dict[tuple[str, int], type[Event]] = {**EVENTS, (PairEnded.event_type, PairEnded.event_version): PairEnded}


@dataclass(frozen=True)
class RecordedPair:
    """A pair as recorded, and how it ended if it did."""

    matched: PairMatched
    ending: PairEnded | None = None

    @property
    def pair_id(self) -> str:
        return self.matched.pair_id

    @property
    def mentee_id(self) -> str:
        return self.matched.mentee_id

    @property
    def mentor_id(self) -> str:
        return self.matched.mentor_id

    @property
    def group_id(self) -> str | None:
        return self.matched.group_id

    @property
    def ended(self) -> PartnershipStatus | None:
        return None if self.ending is None else self.ending.ended

    @property
    def in_effect(self) -> bool:
        return self.ending is None

    @property
    def holds_mentee(self) -> bool:
        """In effect, or closed: its mentee is not matched again in the programme."""
        return self.ended is not PartnershipStatus.DISSOLVED


@dataclass(frozen=True)
class Standing:
    """What a programme's pairs hold now, and how far its claims have moved on."""

    used: Mapping[str, int] = field(default_factory=dict)  # mentor → places their pairs in effect take
    matched: frozenset[str] = frozenset()  # mentees in a pair in effect, or in one that closed
    rounds: Mapping[str, int] = field(default_factory=dict)  # mentee → their pairs that dissolved
    released: Mapping[str, int] = field(default_factory=dict)  # mentor → their pairs that ended
    groups: Mapping[str, str] = field(default_factory=dict)  # mentor → their group with a pair in effect
    ended_groups: Mapping[str, int] = field(default_factory=dict)  # mentor → their groups with none left

    def round_of(self, mentee_id: str) -> int:
        return self.rounds.get(mentee_id, 0)

    def released_of(self, mentor_id: str) -> int:
        return self.released.get(mentor_id, 0)


def standing(pairs: Iterable[RecordedPair]) -> Standing:
    pairs = list(pairs)
    in_effect = [pair for pair in pairs if pair.in_effect]
    groups = {pair.mentor_id: pair.group_id for pair in in_effect if pair.group_id is not None}
    every_group = {(pair.mentor_id, pair.group_id) for pair in pairs if pair.group_id is not None}
    return Standing(
        used=Counter(pair.mentor_id for pair in in_effect),
        matched=frozenset(pair.mentee_id for pair in pairs if pair.holds_mentee),
        rounds=Counter(pair.mentee_id for pair in pairs if pair.ended is PartnershipStatus.DISSOLVED),
        released=Counter(pair.mentor_id for pair in pairs if not pair.in_effect),
        groups=groups,
        ended_groups=Counter(mentor for mentor, group in every_group if groups.get(mentor) != group),
    )


@dataclass(frozen=True)
class PartnershipEnded:
    """What scheduling told: the partnership (a pair's id, or a group's) that the mentees named left, and how."""

    event_id: str
    partnership_id: str
    mentor_id: str
    mentee_ids: tuple[str, ...]
    ended: PartnershipStatus

    def names(self, pair: RecordedPair) -> bool:
        return pair.mentor_id == self.mentor_id and self.partnership_id in (pair.pair_id, pair.group_id)


def endings(pairs: Sequence[RecordedPair], told: Iterable[PartnershipEnded]) -> list[PairEnded]:
    """The pairs in effect that each fact told ends, one per mentee named, each fact taken once: a fact already
    applied, or told twice, ends nothing more. A mentee with no pair in effect in that partnership is passed over."""
    applied = {pair.ending.by_event for pair in pairs if pair.ending is not None}
    in_effect: dict[str, list[RecordedPair]] = defaultdict(list)  # by mentee
    for pair in pairs:
        if pair.in_effect:
            in_effect[pair.mentee_id].append(pair)
    ended: list[PairEnded] = []
    for each in told:
        if each.event_id in applied:
            continue
        applied.add(each.event_id)
        for mentee_id in each.mentee_ids:
            pair = next((pair for pair in in_effect[mentee_id] if each.names(pair)), None)
            if pair is None:
                continue
            in_effect[mentee_id].remove(pair)
            ended.append(
                PairEnded(
                    pair_id=pair.pair_id,
                    program_id=pair.matched.program_id,
                    mentee_id=mentee_id,
                    mentor_id=pair.mentor_id,
                    ended=each.ended,
                    by_event=each.event_id,
                )  # fmt: skip
            )
    return ended
