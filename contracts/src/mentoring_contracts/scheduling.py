"""Facts published by scheduling on `scheduling.events`. Meeting notes never leave the service.

A partnership is a one-to-one pair, or in a group programme one mentor's whole group (`GroupFormed`): a group meets
as a batch, so its meeting is one fact, keyed by the partnership like a pair's, naming the mentees who attended.
"""

from typing import ClassVar

from pydantic import AwareDatetime, Field

from mentoring_contracts.envelope import Event
from mentoring_contracts.topics import SCHEDULING_EVENTS


class MeetingLogged(Event):
    """A partnership met: when, for how long and which mentees attended, never what was said. One fact per meeting,
    for a pair and for a whole group alike, so a programme's meetings and meeting hours count each meeting once."""

    event_type: ClassVar[str] = "MeetingLogged"
    topic: ClassVar[str] = SCHEDULING_EVENTS.name

    meeting_id: str
    pair_id: str = Field(
        description="The partnership that met: a pair's id (PairMatched's pair_id), or in a group programme the "
        "group's id (GroupFormed's group_id, repeated in group_id). The Kafka key"
    )
    program_id: str
    held_at: AwareDatetime
    duration_minutes: int = Field(ge=1, le=24 * 60)
    logged_by: str = Field(description="Who logged it, by person id: the mentor or one of the mentees")
    group_id: str | None = Field(
        default=None, description="Set when the partnership is a group programme's group: the meeting was the group's"
    )
    attendee_ids: tuple[str, ...] | None = Field(
        default=None,
        description="The mentees who attended, by person id (the mentor leads every meeting): for a pair its mentee, "
        "for a group the members present. Absent only from facts logged before attendance was recorded",
    )

    def aggregate_id(self) -> str:
        return self.pair_id
