"""Scheduling's word that partnerships ended, taken in: the mentor's places come back, and a mentee whose partnership
dissolved early is matchable again.

`PairDissolved` ends the pairs of the mentees it names (the whole pair or group, or the one member who left a
group); `PartnershipClosed` ends them at term, which frees the mentor's places but not the mentees: their
partnership ran its course. Each ending is a fact at a fixed version of the pair's stream (`ledger.py`), naming the
scheduling fact behind it, so a fact delivered again, to this instance or another, after a restart or after the
mentee was paired again, ends nothing more (`domain/pairs.py`). The facts do not depend on their order: each pair
ends once, whichever fact comes first, so a batch's facts are taken together, one read of a programme's pairs for
all of its endings.
"""

from collections import defaultdict
from collections.abc import Sequence

from matching.domain.pairs import PartnershipEnded
from matching.handlers.ledger import PairLedger
from mentoring_contracts import Envelope, Event, PairDissolved, PartnershipClosed
from mentoring_contracts.names import PartnershipStatus
from mentoring_runtime.consumer import Batched, Subscriber
from mentoring_runtime.recording import Cause

Ending = PairDissolved | PartnershipClosed


class Endings:
    def __init__(self, ledger: PairLedger) -> None:
        self.ledger = ledger

    async def on_ended(self, envelopes: Sequence[Envelope[Ending]]) -> None:
        told: dict[tuple[str, str], list[tuple[PartnershipEnded, Cause]]] = defaultdict(list)
        for envelope in envelopes:
            told[envelope.agency_id, envelope.payload.program_id].append((_told(envelope), Cause.of_event(envelope)))
        for (agency_id, program_id), endings in told.items():
            await self.ledger.end(agency_id, program_id, endings)

    def consumed(self) -> dict[type[Event], Subscriber]:
        ending = Batched(self.on_ended)
        return {PairDissolved: ending, PartnershipClosed: ending}


def _told(envelope: Envelope[Ending]) -> PartnershipEnded:
    event = envelope.payload
    return PartnershipEnded(
        event_id=str(envelope.event_id),
        partnership_id=event.pair_id,
        mentor_id=event.mentor_id,
        mentee_ids=event.mentee_ids,
        ended=PartnershipStatus.DISSOLVED if isinstance(event, PairDissolved) else PartnershipStatus.CLOSED,
    )
