"""Settling an accepted request: claim the mentee and a mentor's place, record the pair, then the request's outcome.

The claims are those of a run's publication and of a pair made by hand (`stores/claims.py`): unique-key inserts, so
however accepts, publications and manual pairs interleave, on however many instances, a mentor never has more
mentees than places and a mentee never two mentors. Settling works from the accept alone, which holds the pair it
decided on, and the pair's id derives from the request's: settling the same request again — the mentor's retry,
another instance, a restart after a crash between any two steps — finds its own claims, finds the pair already
recorded (its stream's first version is taken) and stores the outcome at most once (its position is taken). So an
accept interrupted anywhere is neither lost nor doubled, and the instance that starts next finishes it (`resume`)
once its store takes writes.
"""

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from matching.domain.requests import AcceptedPair, MentorRequest, closed, history, paired
from matching.handlers.ledger import PairLedger, wanted_pair
from matching.stores import Claims
from matching.stores.requests import RequestStore
from mentoring_contracts import CriterionScore, PairMatched
from mentoring_contracts.names import HardRule, MatchMode
from mentoring_runtime.recording import Cause
from mentoring_runtime.store import while_store_away

log = logging.getLogger(__name__)

SETTLED_BY = "matching"  # who a settling resumed after a restart acts as


class Settlement:
    def __init__(
        self, *, claims: Claims, ledger: PairLedger, requests: RequestStore, now: Callable[[], datetime]
    ) -> None:
        self.claims = claims
        self.ledger = ledger
        self.requests = requests
        self.now = now

    async def settle(self, agency_id: str, request_id: str, cause: Cause, by: str) -> None:
        """Pair or close the request, if it is accepted and neither yet; otherwise nothing."""
        sequence = history(await self.requests.of_request(agency_id, request_id))
        request = sequence.request(request_id)
        if request is None or not request.settling or request.pair is None:
            return
        pair = request.pair
        held = await self.ledger.taken(agency_id, request.program_id)
        wanted = wanted_pair(held, pair.pair_id, request.mentee_id, request.mentor_id, pair.capacity)
        if await self.claims.claim(agency_id, request.program_id, [wanted]):
            await self.ledger.record([_pair_matched(request, pair)], cause)
            outcome = paired(sequence, request, by=by, now=self.now())
        else:
            because = await self._why_refused(agency_id, request, wanted.round)
            outcome = closed(sequence, request, because=because, by=by, now=self.now())
        # Refused only when another settling of the same request stored its outcome first: the same one.
        await self.requests.add(agency_id, outcome)

    async def resume(self) -> None:
        """Finish every accept a crash or a stopped instance left unsettled, in every agency."""
        for agency_id, request_ids in (await self.requests.settling()).items():
            for request_id in request_ids:
                log.info("settling request %s, accepted before a restart", request_id)
                try:
                    settling = partial(self.settle, agency_id, request_id, Cause(agency_id), SETTLED_BY)
                    await while_store_away(settling, f"request {request_id}")
                except Exception:  # the others still get their turn; the next start tries this one again
                    log.exception("request %s could not be settled", request_id)

    async def _why_refused(self, agency_id: str, request: MentorRequest, round: int) -> str:
        holder = await self.claims.pair_of_mentee(agency_id, request.program_id, request.mentee_id, round)
        if holder is not None:
            return f"{HardRule.ALREADY_MATCHED}: {request.mentee_id} was paired with another mentor meanwhile"
        return f"{HardRule.CAPACITY}: {request.mentor_id}'s last place was taken by another pair meanwhile"


def _pair_matched(request: MentorRequest, pair: AcceptedPair) -> PairMatched:
    return PairMatched(
        pair_id=pair.pair_id,
        program_id=request.program_id,
        mode=MatchMode.SELF_SELECT,
        mentor_id=request.mentor_id,
        mentee_id=request.mentee_id,
        score=pair.score,
        contributions=tuple(
            CriterionScore(criterion=criterion, weight=weight, contribution=points)
            for criterion, weight, points in pair.contributions
        ),
        group_id=pair.group_id,
    )
