"""Facts published by matching on `matching.events`."""

from typing import ClassVar

from pydantic import Field

from mentoring_contracts.envelope import Event
from mentoring_contracts.topics import MATCHING_EVENTS


class PairMatched(Event):
    """A mentee and a mentor were paired by a match run. `mentor_id` and `mentee_id` are person ids."""

    event_type: ClassVar[str] = "PairMatched"
    topic: ClassVar[str] = MATCHING_EVENTS.name

    pair_id: str
    program_id: str
    run_id: str
    mentor_id: str
    mentee_id: str
    score: float = Field(ge=0, le=1)

    def aggregate_id(self) -> str:
        return self.pair_id
