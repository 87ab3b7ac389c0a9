"""Scheduling's rules, free of I/O: who belongs to a partnership, a pair or a group, and what logging a meeting
states."""

from scheduling.domain.meeting import MeetingNotes, NotAMember, NotAnAttendee, attendance, meeting_logged, member_only
from scheduling.domain.partnership import Membership, Partnership, group, joined, memberships, pair

__all__ = [
    "MeetingNotes",
    "Membership",
    "NotAMember",
    "NotAnAttendee",
    "Partnership",
    "attendance",
    "group",
    "joined",
    "meeting_logged",
    "member_only",
    "memberships",
    "pair",
]
