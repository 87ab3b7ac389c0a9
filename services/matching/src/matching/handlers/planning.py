"""A programme's matching problem as it stands now: its pool, policy, reporting lines and published pairs.

In a group programme a mentor takes a batch: their capacity, at most the programme's group size. The solver needs
nothing else for it; publishing then forms one group per mentor.

Time zones become offsets from UTC here, at the moment the problem is taken, so the problem holds plain numbers and
a run reproduced in another season compares the same hours.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from matching.domain import Mentee, Mentor, Pairing, Policy, Problem
from matching.handlers.ledger import PairLedger
from matching.stores import CandidateStore
from mentoring_contracts.names import MatchObjective


class Planner:
    def __init__(self, candidates: CandidateStore, ledger: PairLedger, now: Callable[[], datetime]) -> None:
        self.candidates = candidates
        self.ledger = ledger
        self.now = now

    async def problem(
        self,
        agency_id: str,
        program_id: str,
        *,
        objective: MatchObjective | None = None,
        min_score: float | None = None,
        locks: tuple[Pairing, ...] = (),
        exclusions: frozenset[Pairing] = frozenset(),
    ) -> Problem:
        mentors, mentees = await self.candidates.of_program(agency_id, program_id)
        group_size = await self.candidates.group_size(agency_id, program_id)
        if group_size is not None:  # a group programme: a mentor's batch is their capacity, at most the group size
            mentors = [replace(mentor, capacity=min(mentor.capacity, group_size)) for mentor in mentors]
        policy = Policy.of(await self.candidates.policy(agency_id, program_id)).overridden(objective, min_score)
        taken = await self.ledger.taken(agency_id, program_id)
        at = self.now()
        return Problem(
            mentors=[_at(mentor, at) for mentor in mentors],
            mentees=[_at(mentee, at) for mentee in mentees],
            policy=policy,
            hierarchy=await self.candidates.reporting_lines(agency_id),
            used=dict(taken.used),
            matched=taken.matched,
            locks=locks,
            exclusions=exclusions,
        )


def _at(person: Mentor | Mentee, at: datetime) -> Mentor | Mentee:
    return replace(person, utc_offset=None if person.time_zone is None else _offset(person.time_zone, at))


def _offset(time_zone: str, at: datetime) -> int:
    return _minutes(time_zone, at.replace(minute=0, second=0, microsecond=0))


@lru_cache(maxsize=4096)
def _minutes(time_zone: str, hour: datetime) -> int:
    offset = hour.astimezone(ZoneInfo(time_zone)).utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)
