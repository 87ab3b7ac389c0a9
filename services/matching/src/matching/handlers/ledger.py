"""The pairs matching has made, as facts in its own log: each pair one stream, a programme's pairs one category.

A pair's stream is `pairs-{programme}:{pair}`, so a programme's pairs are read in one query on a top-level field
(`AgencyLog.category`), which the local store answers without reading the whole log. Pair ids are derived from
what made the pair (the run and the mentee, the manual request's mentee, mentor and the mentee's round, the
accepted request), so a run resumed after a crash, or a request retried, writes the stream it already wrote: its
first version is taken, and nothing doubles.
A pair's stream has at most one more fact, `PairEnded`, once scheduling ended its partnership (`domain/pairs.py`),
stored at version 2 by whichever instance consumed scheduling's fact: a second ending of the same pair, from a
redelivery or another instance, finds the version taken and changes nothing. What the pairs hold (places, mentees,
the claims' rounds) is folded from these facts, so an ending returns a place and, if it dissolved, the mentee,
to every run, suggestion and claim that reads them next.
In a group programme each pair names its mentor's group (one per mentor and programme at a time), and recording
pairs then records each group they joined, whole (its members in effect), as `GroupFormed`: under a stream named by
the group and how many members ever joined it, so a repeat records nothing twice and a group that grows is told
again, also when it grows back after a member left.
A programme's pairs are read once and then kept until any matching instance records more for the agency, a pair
or an ending (`mentoring_runtime.freshness`): paging through 5,850 pairs read the category for every page
(2 s a page) before.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import NAMESPACE_URL, UUID, uuid5

from matching.domain.pairs import KNOWN, PairEnded, PartnershipEnded, RecordedPair, Standing, endings, standing
from matching.stores import WantedPair
from mentoring_contracts import GroupFormed, PairMatched
from mentoring_runtime.event_log import EventLog, StoredFact
from mentoring_runtime.freshness import ChangeMarks, Held
from mentoring_runtime.recording import Cause, EventRecorder, NewRecord

RECORDED_AT_ONCE = 500
MANUAL_PAIRS = uuid5(NAMESPACE_URL, "mentoring:matching:manual-pairs")
GROUPS = uuid5(NAMESPACE_URL, "mentoring:matching:groups")


def run_pair_id(run_id: str, mentee_id: str) -> str:
    return str(uuid5(UUID(run_id), mentee_id))


def manual_pair_id(program_id: str, mentee_id: str, mentor_id: str, round: int = 0) -> str:
    """A pair made by hand: the same for a retry, another once the mentee's earlier pair with the mentor dissolved."""
    again = f":{round}" if round else ""
    return str(uuid5(MANUAL_PAIRS, f"{program_id}:{mentee_id}:{mentor_id}{again}"))


def group_id(program_id: str, mentor_id: str, round: int = 0) -> str:
    """The mentor's group: the same for every member while it lasts, a new one after every member left it."""
    again = f":{round}" if round else ""
    return str(uuid5(GROUPS, f"{program_id}:{mentor_id}{again}"))


def mentor_group(held: Standing, program_id: str, mentor_id: str) -> str:
    """The group a new member of the mentor's joins: the one in effect, or the next."""
    return held.groups.get(mentor_id) or group_id(program_id, mentor_id, held.ended_groups.get(mentor_id, 0))


def wanted_pair(held: Standing, pair_id: str, mentee_id: str, mentor_id: str, capacity: int) -> WantedPair:
    """What a pair must claim, past the keys of the mentee's dissolved pairs and the mentor's ended ones."""
    return WantedPair(pair_id, mentee_id, mentor_id, capacity, held.round_of(mentee_id), held.released_of(mentor_id))


@dataclass(frozen=True)
class ProgramPairs:
    pairs: list[RecordedPair]  # by pair id
    standing: Standing


class PairLedger:
    def __init__(self, log: EventLog, recorder: EventRecorder, marks: ChangeMarks) -> None:
        self.log = log
        self.recorder = recorder
        self._held = Held(marks, "pairs")

    async def of_program(self, agency_id: str, program_id: str) -> list[RecordedPair]:
        """Every pair the programme ever had, ended ones too, in pair id order."""
        return (await self._program(agency_id, program_id)).pairs

    async def taken(self, agency_id: str, program_id: str) -> Standing:
        """What the programme's pairs hold now."""
        return (await self._program(agency_id, program_id)).standing

    async def _program(self, agency_id: str, program_id: str) -> ProgramPairs:
        async def read() -> ProgramPairs:
            streams = await self.log.for_agency(agency_id).category(_category(program_id))
            pairs = sorted(
                (pair for facts in streams.values() if (pair := _recorded(facts)) is not None),
                key=lambda pair: pair.pair_id,
            )
            return ProgramPairs(pairs, standing(pairs))

        return await self._held.get(agency_id, (program_id,), read)

    async def record(self, pairs: Sequence[PairMatched], cause: Cause) -> None:
        """Each pair as the first fact of its stream, a batch at a time; a pair already recorded stays as it was."""
        for start in range(0, len(pairs), RECORDED_AT_ONCE):
            batch = pairs[start : start + RECORDED_AT_ONCE]
            await self.recorder.record_many(
                [NewRecord(_stream(p.program_id, p.pair_id), p, expected_version=0) for p in batch], cause
            )
        await self._held.changed(cause.agency_id)
        await self._groups_joined(pairs, cause)

    async def end(self, agency_id: str, program_id: str, told: Sequence[tuple[PartnershipEnded, Cause]]) -> None:
        """End the pairs each of scheduling's facts ended, each pair once (`domain/pairs.py`), then tell every
        instance: also when a redelivery ended nothing, in case the first delivery stopped before it could."""
        pairs = await self.of_program(agency_id, program_id)
        for each, cause in told:
            ended = endings(pairs, [each])
            if ended:
                records = [NewRecord(_stream(program_id, e.pair_id), e, expected_version=1) for e in ended]
                await self.recorder.record_many(records, cause)  # a version taken: ended already, by the same fact
                pairs = _with_endings(pairs, ended)
        await self._held.changed(agency_id)

    async def _groups_joined(self, pairs: Sequence[PairMatched], cause: Cause) -> None:
        joined = {(pair.program_id, pair.group_id, pair.mentor_id) for pair in pairs if pair.group_id is not None}
        formed: list[NewRecord] = []
        for program_id, group, mentor_id in sorted(joined):
            ever = [p for p in await self.of_program(cause.agency_id, program_id) if p.group_id == group]
            members = tuple(p.mentee_id for p in ever if p.in_effect)
            if not members:
                continue
            event = GroupFormed(group_id=group, program_id=program_id, mentor_id=mentor_id, mentee_ids=members)
            formed.append(NewRecord(f"groups-{program_id}:{group}:{len(ever)}", event, expected_version=0))
        if formed:
            await self.recorder.record_many(formed, cause)


def _recorded(facts: list[StoredFact]) -> RecordedPair | None:
    matched, *later = (fact.event(KNOWN) for fact in facts)
    if not isinstance(matched, PairMatched):
        return None
    ending = next((fact for fact in later if isinstance(fact, PairEnded)), None)
    return RecordedPair(matched, ending)


def _with_endings(pairs: list[RecordedPair], ended: Sequence[PairEnded]) -> list[RecordedPair]:
    by_pair = {e.pair_id: e for e in ended}
    return [RecordedPair(p.matched, by_pair[p.pair_id]) if p.pair_id in by_pair else p for p in pairs]


def _category(program_id: str) -> str:
    return f"pairs-{program_id}"


def _stream(program_id: str, pair_id: str) -> str:
    return f"{_category(program_id)}:{pair_id}"
