"""Several features of evaluation consume the same events, and the runtime takes one handler per event: `together`
makes one subscription of the events several features consume, a batch's events handed to each feature that
consumes them, each feature's in one call, in the order they came; an event one feature consumes keeps its handler. Every handler is idempotent (facts stored once by event id), so a batch that fails and
comes again is safe for all of them."""

from collections.abc import Mapping, Sequence
from typing import Any

from mentoring_contracts import Envelope, Event
from mentoring_runtime.consumer import Batched, Subscriber


def together(*consumed: Mapping[type[Event], Subscriber]) -> dict[type[Event], Subscriber]:
    handlers: dict[type[Event], list[Subscriber]] = {}
    for mapping in consumed:
        for event, handler in mapping.items():
            handlers.setdefault(event, []).append(handler)

    async def handle(envelopes: Sequence[Envelope[Any]]) -> None:
        distinct = list(dict.fromkeys(handler for each in handlers.values() for handler in each))
        for handler in distinct:
            mine = [envelope for envelope in envelopes if handler in handlers.get(type(envelope.payload), ())]
            if not mine:
                continue
            if isinstance(handler, Batched):
                await handler.handle(mine)
            else:
                for envelope in mine:
                    await handler(envelope)

    joined = Batched(handle)
    return {event: each[0] if len(each) == 1 else joined for event, each in handlers.items()}
