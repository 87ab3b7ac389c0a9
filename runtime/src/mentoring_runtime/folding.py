"""An aggregate is rebuilt by folding its whole stream, one fact at a time, one branch per event type.

Each aggregate module gives a `mutate(state, fact)`; `fold` applies it over a stream. The application services fold
what they load and fold each fact they record onto what they hold, so both ways of reaching a state are one way.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from mentoring_contracts import Event

S = TypeVar("S")


@dataclass(frozen=True)
class Fact:
    """One stored fact as a fold reads it: the event, what was kept beside it, and when it happened."""

    event: Event
    at: datetime
    private: Mapping[str, Any] = field(default_factory=dict)


Mutate = Callable[[S | None, Fact], S]


def fold(mutate: Mutate[S], facts: Iterable[Fact]) -> S | None:
    """The state after every fact, in order; None for an empty stream (nothing of that id exists)."""
    state: S | None = None
    for fact in facts:
        state = mutate(state, fact)
    return state


def unexpected(kind: str, fact: Fact) -> TypeError:
    return TypeError(f"a {kind}'s stream holds no {type(fact.event).__name__}")
