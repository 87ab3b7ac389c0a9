"""Several features of evaluation consume the same events, and the runtime takes one handler per event: `together`
makes one subscription of every feature's, each event handed to each feature that consumes it. Every handler is
idempotent (facts stored once by event id), so a batch that fails and comes again is safe for all of them."""

from collections.abc import Mapping, Sequence
from typing import Any

from mentoring_contracts import Envelope, Event
from mentoring_runtime.consumer import Batched, Subscriber


def together(*consumed: Mapping[type[Event], Subscriber]) -> dict[type[Event], Subscriber]:
    handlers: dict[type[Event], list[Subscriber]] = {}
    for mapping in consumed:
        for event, handler in mapping.items():
            handlers.setdefault(event, []).append(handler)
    joined: dict[tuple[Subscriber, ...], Subscriber] = {}
    result: dict[type[Event], Subscriber] = {}
    for event, each in handlers.items():
        key = tuple(each)
        if key not in joined:
            joined[key] = each[0] if len(each) == 1 else Batched(_all(each))
        result[event] = joined[key]
    return result


def _all(handlers: Sequence[Subscriber]):  # type: ignore[no-untyped-def]
    async def handle(envelopes: Sequence[Envelope[Any]]) -> None:
        for handler in handlers:
            if isinstance(handler, Batched):
                await handler.handle(envelopes)
            else:
                for envelope in envelopes:
                    await handler(envelope)

    return handle
