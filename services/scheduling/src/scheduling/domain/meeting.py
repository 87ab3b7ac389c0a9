"""Logging a meeting: only the pair's members may, and the published fact says when and how long, never what."""

from dataclasses import dataclass
from datetime import datetime

from mentoring_contracts import MeetingLogged
from mentoring_runtime.errors import Forbidden
from scheduling.domain.partnership import Partnership


class NotAMember(Forbidden):
    """The person is neither the pair's mentor nor its mentee."""


@dataclass(frozen=True)
class MeetingNotes:
    """What stays with scheduling, beside the fact: the notes and who wrote them. Never published."""

    notes: str
    author: str


def meeting_logged(
    partnership: Partnership, *, meeting_id: str, held_at: datetime, duration_minutes: int, logged_by: str
) -> MeetingLogged:
    if not partnership.is_member(logged_by):
        raise NotAMember("only the pair's mentor or mentee can log its meetings")
    # Notes are not a parameter on purpose: they stay with the service and never reach the fact.
    return MeetingLogged(
        meeting_id=meeting_id,
        pair_id=partnership.pair_id,
        program_id=partnership.program_id,
        held_at=held_at,
        duration_minutes=duration_minutes,
        logged_by=logged_by,
    )
