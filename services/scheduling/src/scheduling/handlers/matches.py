"""What scheduling hears from matching and enrolment: pairs and groups matched become partnerships, and a
programme's terms (duration, cadence) are kept for its partnerships.

A pair's `PairMatched` forms its partnership; in a group programme each member's `PairMatched` and the group's
`GroupFormed` add members to the group's one partnership, in either order and possibly twice: only what is new
about the partnership is recorded, so a redelivery records nothing.
"""

from mentoring_contracts import Envelope, GroupFormed, PairMatched, ProgramOpened, ProgramUpdated
from mentoring_runtime.recording import Cause
from scheduling.domain.partnership import members_joined, news
from scheduling.domain.programs import terms_heard
from scheduling.stores.partnerships import HeldPartnerships
from scheduling.stores.programs import HeldProgramTerms


class Matches:
    def __init__(self, partnerships: HeldPartnerships, programs: HeldProgramTerms) -> None:
        self.partnerships = partnerships
        self.programs = programs

    async def on_matched(self, envelope: Envelope[PairMatched] | Envelope[GroupFormed]) -> None:
        joined = members_joined(envelope.payload, envelope.occurred_at)

        def decide(partnership):  # type: ignore[no-untyped-def]
            new = news(partnership, joined)
            return (new, None) if new else None

        await self.partnerships.form_or_change(Cause.of_event(envelope), joined.pair_id, decide)

    async def on_program_terms(self, envelope: Envelope[ProgramOpened] | Envelope[ProgramUpdated]) -> None:
        await self.programs.heard(Cause.of_event(envelope), terms_heard(envelope.payload))
