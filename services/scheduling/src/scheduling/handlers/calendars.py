"""Calendars: a scheduled meeting's invitation for the partnership's members, and the private feed a person issues,
re-issues and revokes, answered to whoever holds its URL with the person's meetings.

The feed has no caller: the token in its URL says whose it is (stores/calendar_feeds.py), read afresh on every
fetch, so a revoked or replaced URL answers 404 on every instance at once. It shows the person's meetings, in every
partnership of theirs in the agency, that start within the last `FEED_PAST` or later: held ones, those to come, and
cancelled ones as cancelled (an ending cancels the meetings still to come), so a subscribed calendar takes them
out. The meetings come from the partnerships held
in memory, so a fetch reads nothing else. The other members are shown by person id: scheduling learns no names
(they stay with enrolment, and no event carries one), and a name shown here would be a copy of personal data kept
in a second place.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from mentoring_contracts import routes
from mentoring_contracts.api import CalendarFeedView
from mentoring_runtime.errors import NotFound
from mentoring_runtime.web import Caller
from scheduling.domain.calendar import CalendarMeeting, calendar_meeting, feed, invitation
from scheduling.domain.meeting import member_only, scheduled_meeting
from scheduling.stores.calendar_feeds import CalendarFeeds
from scheduling.stores.partnerships import HeldPartnerships
from scheduling.stores.programs import HeldProgramTerms

FEED_PAST = timedelta(days=90)


class Calendars:
    def __init__(
        self,
        feeds: CalendarFeeds,
        partnerships: HeldPartnerships,
        programs: HeldProgramTerms,
        public_url: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.feeds = feeds
        self.partnerships = partnerships
        self.programs = programs
        self.public_url = public_url.rstrip("/")
        self.clock = clock

    async def invitation(self, caller: Caller, pair_id: str, meeting_id: str) -> bytes:
        """The meeting's invitation, for the partnership's members; 404 for a meeting the partnership never had."""
        partnership = await self.partnerships.find(caller.agency_id, pair_id, [caller.actor_id])
        member_only(partnership, caller.actor_id, "get its meetings' invitations")
        if meeting_id not in partnership.scheduled:  # scheduled through another instance a moment ago, perhaps
            partnership = await self.partnerships.read_again(caller.agency_id, partnership.partnership_id)
        meeting = scheduled_meeting(partnership, meeting_id)
        terms = await self.programs.terms(caller.agency_id, partnership.program_id)
        return invitation(calendar_meeting(partnership, meeting, terms.kind), caller.actor_id, self.clock())

    async def issue_feed(self, caller: Caller) -> CalendarFeedView:
        """A new private URL for the caller's feed; an earlier one stops working."""
        issued_at = self.clock()
        token = await self.feeds.issue(caller.agency_id, caller.actor_id, issued_at)
        return CalendarFeedView(
            url=self.public_url + routes.CALENDAR_FEED.path.format(token=token), issued_at=issued_at
        )

    async def revoke_feed(self, caller: Caller) -> None:
        """The caller's feed, if they have one, answers 404 from now on."""
        await self.feeds.revoke(caller.agency_id, caller.actor_id)

    async def feed(self, token: str) -> bytes:
        """The feed the token opens: its owner's meetings, as one iCalendar to subscribe to."""
        owner = await self.feeds.owner(token)
        if owner is None:
            raise NotFound("no such calendar feed: it was revoked or replaced; issue a new one")
        now = self.clock()
        meetings = await self._meetings_of(owner.agency_id, owner.person_id, since=now - FEED_PAST)
        return feed(meetings, owner.person_id, now)

    async def _meetings_of(self, agency_id: str, person_id: str, since: datetime) -> list[CalendarMeeting]:
        found = []
        for partnership in await self.partnerships.of_member(agency_id, person_id):
            kind = (await self.programs.terms(agency_id, partnership.program_id)).kind
            found.extend(
                calendar_meeting(partnership, meeting, kind)
                for meeting in partnership.scheduled.values()
                if meeting.starts_at >= since
            )
        return found
