"""Calendar feeds: a person issues, re-issues and revokes their private feed, and the feed answers whoever holds
its URL with the person's meetings.

The feed has no caller: the token in its URL says whose it is (stores/calendar_feeds.py), read afresh on every
fetch, so a revoked or replaced URL answers 404 on every instance at once. It shows the meetings of the last
`FEED_PAST` and every one to come, cancelled ones too (as cancelled, so a subscribed calendar takes them out), each
with the partnership's other members by person id: scheduling learns no names (they stay with enrolment, and no
event carries one), and a name shown would be a copy of personal data kept in a second place.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from mentoring_contracts.api import CalendarFeedView
from mentoring_runtime.errors import NotFound
from mentoring_runtime.web import Caller
from scheduling.domain.calendar import CalendarMeeting, feed
from scheduling.stores.calendar_feeds import CalendarFeeds

FEED_PAST = timedelta(days=90)
FEED_PATH = "/calendar/{token}.ics"


class MeetingsOf(Protocol):
    """The meetings of a person's partnerships in an agency that start at or after `since`, as calendars show
    them."""

    def __call__(self, agency_id: str, person_id: str, since: datetime) -> Awaitable[list[CalendarMeeting]]: ...


class Calendars:
    def __init__(
        self, feeds: CalendarFeeds, meetings_of: MeetingsOf, public_url: str, clock: Callable[[], datetime]
    ) -> None:
        self.feeds = feeds
        self.meetings_of = meetings_of
        self.public_url = public_url.rstrip("/")
        self.clock = clock

    async def issue_feed(self, caller: Caller) -> CalendarFeedView:
        """A new private URL for the caller's feed; an earlier one stops working."""
        issued_at = self.clock()
        token = await self.feeds.issue(caller.agency_id, caller.actor_id, issued_at)
        return CalendarFeedView(url=self.public_url + FEED_PATH.format(token=token), issued_at=issued_at)

    async def revoke_feed(self, caller: Caller) -> None:
        """The caller's feed, if they have one, answers 404 from now on."""
        await self.feeds.revoke(caller.agency_id, caller.actor_id)

    async def feed(self, token: str) -> bytes:
        """The feed the token opens: its owner's meetings, as one iCalendar to subscribe to."""
        owner = await self.feeds.owner(token)
        if owner is None:
            raise NotFound("no such calendar feed: it was revoked or replaced; issue a new one")
        now = self.clock()
        meetings = await self.meetings_of(owner.agency_id, owner.person_id, now - FEED_PAST)
        return feed(meetings, owner.person_id, now)
