"""Facts published by scheduling on `scheduling.events`. Meeting notes never leave the service."""

from typing import ClassVar

from pydantic import AwareDatetime, Field

from mentoring_contracts.envelope import Event
from mentoring_contracts.topics import SCHEDULING_EVENTS


class MeetingLogged(Event):
    event_type: ClassVar[str] = "MeetingLogged"
    topic: ClassVar[str] = SCHEDULING_EVENTS.name

    meeting_id: str
    pair_id: str
    program_id: str
    held_at: AwareDatetime
    duration_minutes: int = Field(ge=1, le=24 * 60)
    logged_by: str

    def aggregate_id(self) -> str:
        return self.pair_id
