"""Logging a meeting: the fact and its confidential notes go into the pair's stream in one insert."""

import asyncio
import random
from uuid import uuid4

from mentoring_contracts import Envelope
from mentoring_contracts.api import LogMeeting
from mentoring_runtime.event_log import ConcurrencyConflict, NewFact
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.web import Caller
from scheduling.domain import meeting_logged
from scheduling.partnerships import Partnerships
from scheduling.settings import SERVICE

# Each conflict means another meeting of the pair landed, so N writers at once all land within N attempts.
MAX_ATTEMPTS = 5


class PairNotFound(Exception):
    """No such pair in the caller's agency."""


class PairBusy(Exception):
    """Other meetings of the pair kept landing first; the caller may retry."""


class MeetingLog:
    def __init__(self, runtime: ServiceRuntime, partnerships: Partnerships) -> None:
        self.runtime = runtime
        self.partnerships = partnerships

    async def log(self, caller: Caller, pair_id: str, request: LogMeeting) -> str:
        """Store the meeting and return its id. Raises PairNotFound, NotAMember or PairBusy."""
        partnership = await self.partnerships.find(pair_id, caller.agency_id)
        if partnership is None:
            raise PairNotFound(pair_id)
        event = meeting_logged(
            partnership,
            meeting_id=str(uuid4()),
            held_at=request.held_at,
            duration_minutes=request.duration_minutes,
            logged_by=caller.actor_id,
        )
        envelope = Envelope.wrap(
            event, agency_id=partnership.agency_id, producer=SERVICE, correlation_id=caller.correlation_uuid()
        )
        fact = NewFact(pair_id, envelope, private={"notes": request.notes, "author": caller.actor_id})
        for attempt in range(MAX_ATTEMPTS):
            version = await self.runtime.event_log.version_of(pair_id)
            try:
                await self.runtime.record([fact], expected_versions={pair_id: version})
                return event.meeting_id
            except ConcurrencyConflict:
                # Another meeting of the pair landed first; jitter spreads the writers that collided.
                await asyncio.sleep(random.uniform(0, 0.02 * 2**attempt))
        raise PairBusy(pair_id)
