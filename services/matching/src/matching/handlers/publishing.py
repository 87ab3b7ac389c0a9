"""Publishing a reviewed run: claim its pairs, record one `PairMatched` each, discard the programme's other proposals.

Claims are unique-key inserts (`stores/claims.py`), so whatever runs or manual pairs of the programme are published
meanwhile, no mentee is matched twice and no mentor beyond capacity: a proposed pair whose mentee or place another
took first is left out and counted. The claims take the keys that follow the programme's pairs as they stand when
the publication reads them: past those of pairs that ended (`domain/pairs.py`). In a group programme each pair
names its mentor's group, and each group joined is published whole (`ledger.py`). Pair ids derive from the run and
the mentee, so a publication resumed after a crash claims and records what it already did, and nothing twice.
"""

import logging
import time
from typing import Any
from uuid import UUID

from matching.domain.pairs import Standing
from matching.handlers.ledger import PairLedger, mentor_group, run_pair_id, wanted_pair
from matching.stores import (
    CandidateStore,
    Claims,
    OutcomeStore,
    RunRef,
    RunStore,
    SnapshotStore,
    problem_of,
)
from mentoring_contracts import CriterionScore, PairMatched
from mentoring_contracts.names import MatchMode, MatchRunStatus
from mentoring_runtime.recording import Cause

log = logging.getLogger(__name__)


class Publisher:
    def __init__(
        self, *, candidates: CandidateStore, runs: RunStore, snapshots: SnapshotStore, outcomes: OutcomeStore,
        claims: Claims, ledger: PairLedger,
    ) -> None:  # fmt: skip
        self.candidates = candidates
        self.runs = runs
        self.snapshots = snapshots
        self.outcomes = outcomes
        self.claims = claims
        self.ledger = ledger

    async def __call__(self, ref: RunRef) -> None:
        run = await self.runs.get(ref)
        if run is None or run["status"] != MatchRunStatus.PUBLISHING:
            return
        started = time.perf_counter()
        agency_id, program_id = ref.agency_id, run["program_id"]
        proposals = await self.outcomes.all(agency_id, ref.run_id, "proposals")
        document = await self.snapshots.load(agency_id, ref.run_id)
        if document is None:
            raise LookupError(f"run {ref.run_id} is being published but its inputs are missing")
        capacity = {mentor.person_id: mentor.capacity for mentor in problem_of(document).mentors}
        held = await self.ledger.taken(agency_id, program_id)
        wanted = [
            wanted_pair(
                held, run_pair_id(ref.run_id, p["mentee_id"]), p["mentee_id"], p["mentor_id"], capacity[p["mentor_id"]]
            )
            for p in proposals
        ]
        claimed = {pair.mentee_id for pair in await self.claims.claim(agency_id, program_id, wanted)}
        groups = held if await self.candidates.group_size(agency_id, program_id) is not None else None
        pairs = [_pair_matched(ref, program_id, p, groups) for p in proposals if p["mentee_id"] in claimed]
        await self.ledger.record(pairs, Cause(agency_id, UUID(run["correlation_id"])))
        for other in await self.runs.proposed(agency_id, program_id):
            await self.runs.set_status(RunRef(agency_id, other), MatchRunStatus.DISCARDED)
        await self.runs.set_status(
            ref, MatchRunStatus.PUBLISHED, published=len(pairs), taken_meanwhile=len(proposals) - len(pairs)
        )
        seconds = time.perf_counter() - started
        log.info("match run %s published: %d pairs claimed and recorded in %.1fs", ref.run_id, len(pairs), seconds)


def _pair_matched(ref: RunRef, program_id: str, proposal: dict[str, Any], groups: Standing | None) -> PairMatched:
    return PairMatched(
        pair_id=run_pair_id(ref.run_id, proposal["mentee_id"]),
        program_id=program_id,
        mode=MatchMode.RUN,
        run_id=ref.run_id,
        mentor_id=proposal["mentor_id"],
        mentee_id=proposal["mentee_id"],
        score=proposal["score"],
        contributions=tuple(
            CriterionScore(criterion=c["criterion"], weight=c["weight"], contribution=c["contribution"])
            for c in proposal["explanation"]
        ),
        group_id=None if groups is None else mentor_group(groups, program_id, proposal["mentor_id"]),
    )
