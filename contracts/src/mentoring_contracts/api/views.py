"""The bodies of scheduling and evaluation.

Scheduling's partnership is a pair, or in a group programme one mentor's whole group: its id is the pair's or the
group's, and either is what `/pairs/{pair_id}` takes. A group member's own pair id leads to their group.
"""

from typing import Annotated

from pydantic import BaseModel, Field

from mentoring_contracts.api.common import NO_NUL, Body, Identifier
from mentoring_contracts.wire import DateTime, Integer


class LogMeeting(Body):
    held_at: DateTime
    duration_minutes: Integer = Field(ge=1, le=24 * 60)
    notes: str = Field(default="", max_length=20_000, pattern=NO_NUL)
    attendee_ids: Annotated[tuple[Identifier, ...], Field(min_length=1, max_length=1000)] | None = Field(
        default=None,
        description="The mentees who attended, by person id, each once; the mentor leads every meeting and is not "
        "named. Absent: every mentee of the partnership attended (a pair's mentee, every member of a group). "
        "Naming anyone who is not a mentee of the partnership is refused (422), naming them",
    )


class PartnershipView(BaseModel):
    """A partnership as scheduling holds it: a one-to-one pair, or a group programme's group with every member."""

    id: str = Field(description="The partnership's id, under which its meetings are logged: the pair's, or the group's")
    program_id: str
    group_id: str | None = Field(default=None, description="Set for a group programme's group (the same as id)")
    mentor_id: str
    mentee_ids: list[str] = Field(description="Its mentees, by person id: a pair's one, or every member of a group")


class ProgramMetrics(BaseModel):
    mentors: int
    mentees: int
    pairs: int
    meetings_logged: int
    meeting_hours: float
