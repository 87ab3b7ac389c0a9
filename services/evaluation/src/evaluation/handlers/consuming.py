"""Evaluation's features consume some of the same events (metrics counts the matches and meetings that form its
partnerships), and a consumer takes one handler per event. So each feature says what it consumes, and `together`
makes one subscriber per event: the feature's own where it alone consumes it, else one `Batched` shared by every
such event, which hands a batch to each feature in turn: a batched feature its events of the batch in one call, a
plain handler each of its events one by one, in the batch's order (a partition's events keep theirs). A batch that
fails is handled again, event by event, by every feature: each is idempotent, so what one already did is done once.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from mentoring_contracts import Envelope, Event
from mentoring_runtime.consumer import Batched, Subscriber

Consumed = Mapping[type[Event], Subscriber]


def together(*features: Consumed) -> dict[type[Event], Subscriber]:
    """One subscriber per event consumed by any of `features` (see the module's docstring)."""
    subscribers: dict[type[Event], list[Subscriber]] = {}
    for consumed in features:
        for event, subscriber in consumed.items():
            subscribers.setdefault(event, []).append(subscriber)
    shared = {event.event_type: each for event, each in subscribers.items() if len(each) > 1}

    async def handle(envelopes: Sequence[Envelope[Any]]) -> None:
        order: list[Subscriber] = []
        given: dict[Subscriber, list[Envelope[Any]]] = {}
        for envelope in envelopes:
            for subscriber in shared[envelope.event_type]:
                if subscriber not in given:
                    order.append(subscriber)
                given.setdefault(subscriber, []).append(envelope)
        for subscriber in order:
            if isinstance(subscriber, Batched):
                await subscriber.handle(given[subscriber])
            else:
                for envelope in given[subscriber]:
                    await subscriber(envelope)

    sharing = Batched(handle)
    return {event: sharing if len(each) > 1 else each[0] for event, each in subscribers.items()}
