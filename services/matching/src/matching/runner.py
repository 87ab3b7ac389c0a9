"""Runs match runs in the background: propose pairs, claim them, record them.

Safe to run twice (resumed after a crash) and concurrently with other runs of the same programme: claims are
unique-key inserts, so no mentee is matched twice and no mentor beyond capacity, whatever the interleaving.
"""

import asyncio
import logging
from collections import Counter
from typing import Any
from uuid import UUID, uuid5

from matching.candidate_store import CandidateStore
from matching.claims import Claims
from matching.domain import Proposal, propose
from matching.pairs import pairs_of_program
from matching.run_store import COMPLETED, FAILED, RUNNING, UNFINISHED, RunStore
from mentoring_contracts import Envelope, PairMatched
from mentoring_runtime.event_log import ConcurrencyConflict, NewFact
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.store import UNAVAILABLE

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 10.0


class MatchRunner:
    def __init__(self, runtime: ServiceRuntime, candidates: CandidateStore, runs: RunStore, claims: Claims) -> None:
        self.runtime = runtime
        self.candidates = candidates
        self.runs = runs
        self.claims = claims
        self._active: set[str] = set()

    def start(self, run_id: str) -> None:
        if run_id not in self._active:  # resume may meet a run a request has just started
            self._active.add(run_id)
            self.runtime.spawn(self._until_done(run_id), f"match-run-{run_id}")

    async def resume(self) -> None:
        for run_id in await self.runs.unfinished():
            log.info("resuming match run %s", run_id)
            self.start(run_id)

    async def execute(self, run_id: str) -> None:
        run = await self.runs.get(run_id)
        if run is None or run["status"] not in UNFINISHED:
            return
        await self.runs.set_status(run_id, RUNNING)
        program_id, agency_id = run["program_id"], run["agency_id"]
        mentors, mentees = await self.candidates.of_program(program_id, agency_id)
        existing = await pairs_of_program(self.runtime.event_log, agency_id, program_id)
        used = Counter(pair["mentor_id"] for pair in existing)
        matched = {pair["mentee_id"] for pair in existing}
        capacity = {mentor.person_id: mentor.capacity for mentor in mentors}
        for proposal in propose(mentors, mentees, used, matched):
            await self._pair(run, proposal, capacity[proposal.mentor_id])
        # Counted from the log, so pairs recorded before a restart count too.
        recorded = await pairs_of_program(self.runtime.event_log, agency_id, program_id, run_id=run_id)
        await self.runs.set_status(
            run_id, COMPLETED, mentors_considered=len(mentors), mentees_considered=len(mentees), pairs=len(recorded)
        )

    async def _pair(self, run: dict[str, Any], proposal: Proposal, capacity: int) -> None:
        program_id = run["program_id"]
        # Derived, not random, so a resumed run recognises its own claims and records under the same stream.
        pair_id = str(uuid5(UUID(run["_id"]), proposal.mentee_id))
        if not await self.claims.mentee(program_id, proposal.mentee_id, pair_id):
            return  # another run paired this mentee since the proposal was made
        if not await self.claims.mentor_slot(program_id, proposal.mentor_id, capacity, pair_id):
            await self.claims.release_mentee(program_id, proposal.mentee_id, pair_id)
            return
        fact = PairMatched(
            pair_id=pair_id,
            program_id=program_id,
            run_id=run["_id"],
            mentor_id=proposal.mentor_id,
            mentee_id=proposal.mentee_id,
            score=proposal.score,
        )
        envelope = Envelope.wrap(
            fact, agency_id=run["agency_id"], producer=self.runtime.service, correlation_id=UUID(run["correlation_id"])
        )
        try:
            await self.runtime.record([NewFact(pair_id, envelope)], expected_versions={pair_id: 0})
        except ConcurrencyConflict:
            log.info("pair %s was already recorded (a resumed run); keeping it", pair_id)

    async def _until_done(self, run_id: str) -> None:
        backoff = 0.5
        try:
            while True:
                try:
                    return await self.execute(run_id)
                except UNAVAILABLE as exc:  # the store is away: the run is idempotent, so run it again later
                    log.warning("match run %s cannot reach the store (%s); retrying in %.1fs", run_id, exc, backoff)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
        except Exception:
            log.exception("match run %s failed", run_id)
            await self.runs.set_status(run_id, FAILED)
        finally:
            self._active.discard(run_id)
