"""A partnership's meetings: logged once held (its notes beside the fact), and scheduled ahead, moved, cancelled,
and the first meeting's checklist ticked. Any member may; a coordinator sees none of it."""

from mentoring_contracts import MeetingRescheduled
from mentoring_contracts.api import (
    ChangeScheduledMeeting,
    LogMeeting,
    PageQuery,
    ScheduledMeetingPage,
    ScheduledMeetingView,
    ScheduleMeeting,
)
from mentoring_runtime.aggregates import Decision
from mentoring_runtime.paging import page
from mentoring_runtime.web import Caller
from scheduling.domain.facts import ChecklistTicked
from scheduling.domain.meeting import MeetingNotes, meeting_logged, member_only, scheduled_meeting
from scheduling.domain.partnership import Partnership
from scheduling.domain.schedule import cancel, change, schedule
from scheduling.stores.partnerships import HeldPartnerships
from scheduling.views import scheduled_meeting_view


class Meetings:
    def __init__(self, partnerships: HeldPartnerships) -> None:
        self.partnerships = partnerships

    async def log_meeting(self, caller: Caller, pair_id: str, request: LogMeeting) -> str:
        """Store the meeting, its notes beside it in the partnership's stream, and return its id."""
        meeting_id = caller.new_id("meeting")
        notes = MeetingNotes(notes=request.notes, author=caller.actor_id, shared=request.notes_shared)

        def decide(partnership: Partnership) -> Decision:
            if any(held.meeting_id == meeting_id for held in partnership.meetings):
                return None  # a retry of the same request, which stored it already
            event = meeting_logged(
                partnership,
                meeting_id=meeting_id,
                held_at=request.held_at,
                duration_minutes=request.duration_minutes,
                logged_by=caller.actor_id,
                attendee_ids=request.attendee_ids,
                scheduled_meeting_id=request.scheduled_meeting_id,
            )
            return event, notes

        knowing = [caller.actor_id, *(request.attendee_ids or ())]
        await self.partnerships.change(caller.cause(), pair_id, decide, knowing)
        return meeting_id

    async def schedule_meeting(self, caller: Caller, pair_id: str, request: ScheduleMeeting) -> str:
        meeting_id = caller.new_id("scheduled-meeting")

        def decide(partnership: Partnership) -> Decision:
            if meeting_id in partnership.scheduled:
                return None  # a retry of the same request, which stored it already
            return schedule(partnership, meeting_id, caller.actor_id, request)

        await self.partnerships.change(caller.cause(), pair_id, decide, [caller.actor_id])
        return meeting_id

    async def scheduled_meetings(self, caller: Caller, pair_id: str, query: PageQuery) -> ScheduledMeetingPage:
        partnership = await self.partnerships.find(caller.agency_id, pair_id, [caller.actor_id])
        member_only(partnership, caller.actor_id, "see its meetings")
        soonest = sorted(partnership.scheduled.values(), key=lambda m: (m.starts_at, m.meeting_id))
        chosen, cursor = page(soonest, query, key=lambda m: m.meeting_id)
        return ScheduledMeetingPage(items=[scheduled_meeting_view(partnership, m) for m in chosen], next_cursor=cursor)

    async def change_scheduled_meeting(
        self, caller: Caller, pair_id: str, meeting_id: str, request: ChangeScheduledMeeting
    ) -> ScheduledMeetingView:
        """A reschedule, then the checklist: each decided on the meeting as it is when it is recorded."""
        partnership = await self.partnerships.find(caller.agency_id, pair_id, [caller.actor_id])
        for kind in (MeetingRescheduled, ChecklistTicked):

            def decide(current: Partnership, kind: type = kind) -> Decision:
                facts = change(current, meeting_id, caller.actor_id, request)
                return next((fact for fact in facts if isinstance(fact[0], kind)), None)

            partnership = await self.partnerships.change(caller.cause(), pair_id, decide, [caller.actor_id])
        return scheduled_meeting_view(partnership, scheduled_meeting(partnership, meeting_id))

    async def cancel_scheduled_meeting(self, caller: Caller, pair_id: str, meeting_id: str) -> ScheduledMeetingView:
        def decide(partnership: Partnership) -> Decision:
            return cancel(partnership, meeting_id, caller.actor_id), None

        partnership = await self.partnerships.change(caller.cause(), pair_id, decide, [caller.actor_id])
        return scheduled_meeting_view(partnership, scheduled_meeting(partnership, meeting_id))
