"""Scheduling's rules, free of I/O: who belongs to a partnership and what logging a meeting states."""

from scheduling.domain.meeting import MeetingNotes, NotAMember, meeting_logged
from scheduling.domain.partnership import Partnership

__all__ = ["MeetingNotes", "NotAMember", "Partnership", "meeting_logged"]
