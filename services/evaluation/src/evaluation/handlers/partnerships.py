"""What evaluation hears of partnerships and programmes from matching, scheduling and enrolment, kept as its own
facts (`domain/partnership.py`, `domain/programs.py`) for the plans, progress reports and surveys built on them.

Each event records only what is news to its partnership, so a redelivery records nothing and the events may come
in any order (the topics are read side by side). After recording, the moments the event brought (or, for a match,
every moment already reached, which members who just joined have not been told) are told to the listeners of
`HeldPartnerships`: told again on a redelivery, never lost between recording and telling.
"""

from collections.abc import Callable

from evaluation.domain.partnership import (
    Moment,
    Partnership,
    left_told,
    members_joined,
    moments_told,
    news_activated,
    news_ended,
    news_joined,
    news_left,
    news_met,
)
from evaluation.domain.programs import terms_heard
from evaluation.stores.partnerships import HeldPartnerships
from evaluation.stores.programs import HeldProgramTerms
from mentoring_contracts import (
    AgreementSigned,
    Envelope,
    Event,
    GroupFormed,
    MeetingLogged,
    PairDissolved,
    PairMatched,
    PartnershipClosed,
    ProgramOpened,
)
from mentoring_runtime.consumer import Handler
from mentoring_runtime.recording import Cause

EVERY_MOMENT = (Moment.FIRST_MET, Moment.ACTIVE, Moment.ENDED)


class PartnershipsHeard:
    def __init__(self, partnerships: HeldPartnerships, programs: HeldProgramTerms) -> None:
        self.partnerships = partnerships
        self.programs = programs

    async def on_matched(self, envelope: Envelope[PairMatched] | Envelope[GroupFormed]) -> None:
        joined = members_joined(envelope.payload, envelope.occurred_at)
        cause = Cause.of_event(envelope)
        now = await self.partnerships.heard(cause, joined.pair_id, lambda p: news_joined(p, joined))
        if now is not None:
            await self.partnerships.tell(cause, moments_told(now, EVERY_MOMENT))

    async def on_signed(self, envelope: Envelope[AgreementSigned]) -> None:
        signed = envelope.payload
        await self._heard(envelope, lambda p: news_activated(p, signed), Moment.ACTIVE)

    async def on_met(self, envelope: Envelope[MeetingLogged]) -> None:
        meeting = envelope.payload
        now = await self.partnerships.heard(Cause.of_event(envelope), meeting.pair_id, lambda p: news_met(p, meeting))
        if now is not None and now.first_met_at == meeting.held_at:  # this meeting is the first heard of
            await self.partnerships.tell(Cause.of_event(envelope), moments_told(now, (Moment.FIRST_MET,)))

    async def on_dissolved(self, envelope: Envelope[PairDissolved]) -> None:
        dissolved, at = envelope.payload, envelope.occurred_at
        if dissolved.whole:
            await self._heard(envelope, lambda p: news_ended(p, dissolved, at), Moment.ENDED)
            return
        cause = Cause.of_event(envelope)
        now = await self.partnerships.heard(cause, dissolved.pair_id, lambda p: news_left(p, dissolved, at))
        if now is not None:
            await self.partnerships.tell(cause, left_told(now, dissolved, at))

    async def on_closed(self, envelope: Envelope[PartnershipClosed]) -> None:
        closed, at = envelope.payload, envelope.occurred_at
        await self._heard(envelope, lambda p: news_ended(p, closed, at), Moment.ENDED)

    async def on_program_opened(self, envelope: Envelope[ProgramOpened]) -> None:
        await self.programs.heard(Cause.of_event(envelope), terms_heard(envelope.payload))

    async def _heard(
        self,
        envelope: Envelope[AgreementSigned] | Envelope[PairDissolved] | Envelope[PartnershipClosed],
        news: Callable[[Partnership | None], Event | None],
        moment: Moment,
    ) -> None:
        cause = Cause.of_event(envelope)
        now = await self.partnerships.heard(cause, envelope.payload.pair_id, news)
        if now is not None:
            await self.partnerships.tell(cause, moments_told(now, (moment,)))

    def consumed(self) -> dict[type[Event], Handler]:
        """Each consumed event and its handler."""
        return {
            PairMatched: self.on_matched,
            GroupFormed: self.on_matched,
            AgreementSigned: self.on_signed,
            MeetingLogged: self.on_met,
            PairDissolved: self.on_dissolved,
            PartnershipClosed: self.on_closed,
            ProgramOpened: self.on_program_opened,
        }
