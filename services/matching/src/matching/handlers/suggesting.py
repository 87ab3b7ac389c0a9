"""A mentee's suggestions where they may choose: the mentors they may request, best first, with demand spread.

The rule is the domain's (`domain/suggestions.py`): a mentor who declined the mentee is left out, and so is one
whose places other mentees' open requests already speak for. Those requests are asked mentor by mentor, best first,
ten at a time: a read of a programme's every request costs 0.5 s at 5,000 requests on FerretDB, one mentor's 3 ms.
Only once the 50 best mentors all turned out to be spoken for is the programme's every request read, once, for the
rest. Nothing is held in memory, so any instance answers with what every instance stored.
"""

import asyncio
from collections import Counter
from collections.abc import Callable
from datetime import datetime

from matching.domain import SCORE_UNITS, explain
from matching.domain.requests import history, requests_of
from matching.domain.suggestions import Ranked, ranked, spread
from matching.handlers.choosing import MenteePrograms
from matching.stores.requests import RequestStore
from mentoring_contracts.api import Explanation, MySuggestions, MySuggestionsQuery, Suggestion
from mentoring_contracts.names import MentorRequestStatus
from mentoring_runtime.errors import Conflict
from mentoring_runtime.web import Caller

PROBED_AT_MOST = 50  # the best-ranked mentors whose open requests are asked one by one
PROBED_AT_ONCE = 10


class MentorSuggestions:
    def __init__(self, *, programs: MenteePrograms, requests: RequestStore, now: Callable[[], datetime]) -> None:
        self.programs = programs
        self.requests = requests
        self.now = now

    async def __call__(self, caller: Caller, query: MySuggestionsQuery) -> MySuggestions:
        choosing = await self.programs.choosing(caller, query.program_id)
        problem, mentee, now = choosing.problem, choosing.mentee, self.now()
        if mentee.person_id in problem.matched:
            raise Conflict(f"you are already in a pair of the programme {choosing.program_id}")
        own = history(await self.requests.sequence(caller.agency_id, choosing.program_id, mentee.person_id))
        said_no = {r.mentor_id for r in own.requests() if r.status(now) is MentorRequestStatus.DECLINED}
        candidates = ranked(problem, mentee, declined_by=said_no)
        found = await self._spread(caller.agency_id, choosing.program_id, mentee.person_id, candidates, query.limit)
        items = [
            Suggestion(
                mentor_id=each.mentor.person_id,
                score=each.score_units / SCORE_UNITS,
                free_places=each.free_places,
                explanation=[Explanation(**vars(c)) for c in explain(each.mentor, mentee, problem.policy)],
            )
            for each in found
        ]
        return MySuggestions(program_id=choosing.program_id, mentee_id=mentee.person_id, items=items)

    async def _spread(
        self, agency_id: str, program_id: str, mentee_id: str, candidates: list[Ranked], limit: int
    ) -> list[Ranked]:
        """The first `limit` of `candidates` whose places other mentees' open requests do not already take."""
        now, found = self.now(), []
        probed = candidates[:PROBED_AT_MOST]
        for start in range(0, len(probed), PROBED_AT_ONCE):
            chunk = probed[start : start + PROBED_AT_ONCE]
            counts = await asyncio.gather(
                *(self._waiting_for(agency_id, program_id, each.mentor.person_id, mentee_id, now) for each in chunk)
            )
            found += spread(chunk, {each.mentor.person_id: n for each, n in zip(chunk, counts, strict=True)})
            if len(found) >= limit:
                return found[:limit]
        rest = candidates[PROBED_AT_MOST:]
        if rest:
            made = requests_of(await self.requests.of_program(agency_id, program_id))
            found += spread(rest, Counter(r.mentor_id for r in made if r.mentee_id != mentee_id and r.waiting(now)))
        return found[:limit]

    async def _waiting_for(self, agency_id: str, program_id: str, mentor_id: str, mentee_id: str, now: datetime) -> int:
        made = requests_of(await self.requests.made_to(agency_id, mentor_id, program_id))
        return sum(1 for r in made if r.mentee_id != mentee_id and r.waiting(now))
