"""Runs match runs in the background: propose pairs, claim them, record them.

Safe to run twice (resumed after a crash) and concurrently with other runs of the same programme: claims are
unique-key inserts, so no mentee is matched twice and no mentor beyond capacity, whatever the interleaving.
"""

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid5

from matching.domain import Proposer
from matching.stores import CandidateStore, Claims, RunStore, WantedPair
from matching.stores.runs import RunRef
from mentoring_contracts import PairMatched
from mentoring_contracts.names import MatchRunStatus
from mentoring_runtime.event_log import ConcurrencyConflict, EventLog
from mentoring_runtime.recording import Cause, EventRecorder
from mentoring_runtime.store import UNAVAILABLE

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 10.0
RECORDED_AT_ONCE = 32

Spawn = Callable[[Awaitable[None], str], None]


class MatchRunner:
    def __init__(
        self,
        *,
        candidates: CandidateStore,
        runs: RunStore,
        claims: Claims,
        log: EventLog,
        recorder: EventRecorder,
        propose: Proposer,
        spawn: Spawn,
    ) -> None:
        self.candidates = candidates
        self.runs = runs
        self.claims = claims
        self.log = log
        self.recorder = recorder
        self.propose = propose
        self.spawn = spawn
        self._active: set[RunRef] = set()

    def start(self, run: RunRef) -> None:
        if run not in self._active:  # resume may meet a run a request has just started
            self._active.add(run)
            self.spawn(self._until_done(run), f"match-run-{run.run_id}")

    async def resume(self) -> None:
        for run in await self.runs.unfinished():
            log.info("resuming match run %s", run.run_id)
            self.start(run)

    async def execute(self, ref: RunRef) -> None:
        run = await self.runs.get(ref)
        if run is None or MatchRunStatus(run["status"]).finished:
            return
        await self.runs.set_status(ref, MatchRunStatus.RUNNING)
        agency_id, program_id = ref.agency_id, run["program_id"]
        mentors, mentees = await self.candidates.of_program(agency_id, program_id)
        existing = await self._pairs(agency_id, program_id)
        used = Counter(pair["mentor_id"] for pair in existing)
        matched = {pair["mentee_id"] for pair in existing}
        capacity = {mentor.person_id: mentor.capacity for mentor in mentors}
        # In a worker thread: a whole cohort takes seconds of CPU, and the service must answer requests meanwhile.
        proposed = await asyncio.to_thread(self.propose, mentors, mentees, used, matched)
        proposals = {p.mentee_id: p for p in proposed}
        # Derived, not random, so a resumed run recognises its own claims and records under the same stream.
        wanted = [
            WantedPair(str(uuid5(UUID(ref.run_id), p.mentee_id)), p.mentee_id, p.mentor_id, capacity[p.mentor_id])
            for p in proposals.values()
        ]
        cause = Cause(agency_id, UUID(run["correlation_id"]))
        claimed = await self.claims.claim(agency_id, program_id, wanted)
        # Each pair is a stream of its own, so pairs are recorded side by side, a bounded number at a time.
        for start in range(0, len(claimed), RECORDED_AT_ONCE):
            await asyncio.gather(
                *(
                    self._record(ref, run, pair, proposals[pair.mentee_id].score, cause)
                    for pair in claimed[start : start + RECORDED_AT_ONCE]
                )
            )
        # Counted from the log, so pairs recorded before a restart count too.
        recorded = await self._pairs(agency_id, program_id, run_id=ref.run_id)
        await self.runs.set_status(
            ref,
            MatchRunStatus.COMPLETED,
            mentors_considered=len(mentors),
            mentees_considered=len(mentees),
            pairs=len(recorded),
        )

    async def _record(self, ref: RunRef, run: dict[str, Any], pair: WantedPair, score: float, cause: Cause) -> None:
        fact = PairMatched(
            pair_id=pair.pair_id,
            program_id=run["program_id"],
            run_id=ref.run_id,
            mentor_id=pair.mentor_id,
            mentee_id=pair.mentee_id,
            score=score,
        )
        try:
            await self.recorder.record(pair.pair_id, fact, cause, expected_version=0)
        except ConcurrencyConflict:
            log.info("pair %s was already recorded (a resumed run); keeping it", pair.pair_id)

    async def _pairs(self, agency_id: str, program_id: str, **filters: str) -> list[dict[str, Any]]:
        facts = await self.log.for_agency(agency_id).facts(PairMatched.event_type, program_id=program_id, **filters)
        return [fact.payload for fact in facts]

    async def _until_done(self, run: RunRef) -> None:
        backoff = 0.5
        try:
            while True:
                try:
                    return await self.execute(run)
                except UNAVAILABLE as exc:  # the store is away: the run is idempotent, so run it again later
                    log.warning("match run %s cannot reach the store (%s); retrying in %.1fs", run.run_id, exc, backoff)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
        except Exception:
            log.exception("match run %s failed", run.run_id)
            await self.runs.set_status(run, MatchRunStatus.FAILED)
        finally:
            self._active.discard(run)
