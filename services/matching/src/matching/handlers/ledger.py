"""The pairs matching has made, as facts in its own log: each pair one stream, a programme's pairs one category.

A pair's stream is `pairs-{programme}:{pair}`, so a programme's pairs are read in one query on a top-level field
(`AgencyLog.category`), which the local store answers without reading the whole log. Pair ids are derived from
what made the pair (the run and the mentee, or the manual request's mentee and mentor), so a run resumed after a
crash, or a request retried, writes the stream it already wrote: its first version is taken, and nothing doubles.
In a group programme each pair names its mentor's group (one per mentor and programme), and recording pairs then
records each group they joined, whole, as `GroupFormed`: under a stream named by the group and its size, so a
repeat records nothing twice and a group that grows is told again.
A pair never changes, so a programme's pairs are read once and then kept until any matching instance records more
for the agency (`mentoring_runtime.freshness`): paging through 5,850 pairs read the category for every page
(2 s a page) before.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import NAMESPACE_URL, UUID, uuid5

from mentoring_contracts import GroupFormed, PairMatched
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.freshness import ChangeMarks, Held
from mentoring_runtime.recording import Cause, EventRecorder, NewRecord

RECORDED_AT_ONCE = 500
MANUAL_PAIRS = uuid5(NAMESPACE_URL, "mentoring:matching:manual-pairs")
GROUPS = uuid5(NAMESPACE_URL, "mentoring:matching:groups")


def run_pair_id(run_id: str, mentee_id: str) -> str:
    return str(uuid5(UUID(run_id), mentee_id))


def manual_pair_id(program_id: str, mentee_id: str, mentor_id: str) -> str:
    return str(uuid5(MANUAL_PAIRS, f"{program_id}:{mentee_id}:{mentor_id}"))


def group_id(program_id: str, mentor_id: str) -> str:
    return str(uuid5(GROUPS, f"{program_id}:{mentor_id}"))


@dataclass(frozen=True)
class Taken:
    """What a programme's published pairs already hold: places per mentor, and the mentees matched."""

    used: Counter[str]
    matched: frozenset[str]


class PairLedger:
    def __init__(self, log: EventLog, recorder: EventRecorder, marks: ChangeMarks) -> None:
        self.log = log
        self.recorder = recorder
        self._held = Held(marks, "pairs")

    async def of_program(self, agency_id: str, program_id: str) -> list[PairMatched]:
        """The programme's pairs, in pair id order."""

        async def read() -> list[PairMatched]:
            streams = await self.log.for_agency(agency_id).category(_category(program_id))
            pairs = (facts[0].event() for facts in streams.values())
            return sorted((pair for pair in pairs if isinstance(pair, PairMatched)), key=lambda pair: pair.pair_id)

        return await self._held.get(agency_id, (program_id,), read)

    async def taken(self, agency_id: str, program_id: str) -> Taken:
        pairs = await self.of_program(agency_id, program_id)
        return Taken(Counter(p.mentor_id for p in pairs), frozenset(p.mentee_id for p in pairs))

    async def record(self, pairs: Sequence[PairMatched], cause: Cause) -> None:
        """Each pair as the first fact of its stream, a batch at a time; a pair already recorded stays as it was."""
        for start in range(0, len(pairs), RECORDED_AT_ONCE):
            batch = pairs[start : start + RECORDED_AT_ONCE]
            await self.recorder.record_many(
                [NewRecord(_stream(p.program_id, p.pair_id), p, expected_version=0) for p in batch], cause
            )
        await self._held.changed(cause.agency_id)
        await self._groups_joined(pairs, cause)

    async def _groups_joined(self, pairs: Sequence[PairMatched], cause: Cause) -> None:
        joined = {(pair.program_id, pair.group_id, pair.mentor_id) for pair in pairs if pair.group_id is not None}
        formed: list[NewRecord] = []
        for program_id, group, mentor_id in sorted(joined):
            members = [p.mentee_id for p in await self.of_program(cause.agency_id, program_id) if p.group_id == group]
            event = GroupFormed(group_id=group, program_id=program_id, mentor_id=mentor_id, mentee_ids=tuple(members))
            stream = f"groups-{program_id}:{group}:{len(members)}"
            formed.append(NewRecord(stream, event, expected_version=0))
        if formed:
            await self.recorder.record_many(formed, cause)


def _category(program_id: str) -> str:
    return f"pairs-{program_id}"


def _stream(program_id: str, pair_id: str) -> str:
    return f"{_category(program_id)}:{pair_id}"
