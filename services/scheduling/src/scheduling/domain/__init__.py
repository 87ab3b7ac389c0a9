"""Scheduling's rules, free of I/O: who belongs to a partnership and what logging a meeting states."""

from scheduling.domain.meeting import NotAMember, meeting_logged
from scheduling.domain.partnership import Partnership

__all__ = ["NotAMember", "Partnership", "meeting_logged"]
