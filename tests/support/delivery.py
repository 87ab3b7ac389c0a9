"""Delivering events to a service's consumed-events mapping as its consumer would, without Kafka."""

from collections.abc import Iterable, Mapping
from typing import Any

from mentoring_contracts import Envelope, Event
from mentoring_runtime.consumer import Batched, Subscriber


async def deliver(consumed: Mapping[type[Event], Subscriber], envelopes: Iterable[Envelope[Any]]) -> None:
    """Each event to its handler, in order; a batched handler gets it in a batch of one."""
    for envelope in envelopes:
        handler = consumed[type(envelope.payload)]
        if isinstance(handler, Batched):
            await handler.handle([envelope])
        else:
            await handler(envelope)
