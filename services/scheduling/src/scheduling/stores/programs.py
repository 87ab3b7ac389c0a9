"""The programme terms scheduling keeps (`program:<id>` streams), held in memory like its partnerships."""

from mentoring_runtime.aggregates import Aggregates, Decision
from mentoring_runtime.recording import Cause
from scheduling.domain.facts import ProgramTermsHeard
from scheduling.domain.programs import ProgramTerms, news, unknown

CATEGORY = "program"


class HeldProgramTerms:
    def __init__(self, aggregates: Aggregates[ProgramTerms]) -> None:
        self._aggregates = aggregates

    async def warm(self) -> None:
        await self._aggregates.warm()

    async def read_all_again(self) -> None:
        """Read every agency's again, yielding between streams: what other instances recorded is held here too."""
        await self._aggregates.read_all_again()

    async def heard(self, cause: Cause, heard: ProgramTermsHeard) -> None:
        """Keep what the programme's event says, unless the terms held say it already."""

        def decide(terms: ProgramTerms | None) -> Decision:
            new = news(terms, heard)
            return (new, None) if new else None

        await self._aggregates.change_or_create(cause, f"{CATEGORY}:{heard.program_id}", decide)

    async def terms(self, agency_id: str, program_id: str) -> ProgramTerms:
        """The programme's terms; the defaults for one scheduling has not heard of."""
        found = await self._aggregates.get(agency_id, f"{CATEGORY}:{program_id}")
        return found.state if found else unknown(program_id)

    async def heard_of(self, agency_id: str, program_id: str) -> ProgramTerms | None:
        """The programme's terms as held, or else as its stream has them now (another instance heard of it): None
        when scheduling never heard of it."""
        stream = f"{CATEGORY}:{program_id}"
        found = await self._aggregates.get(agency_id, stream) or await self._aggregates.read_again(agency_id, stream)
        return found.state if found else None
