"""The programme terms scheduling keeps (`program:<id>` streams), held in memory like its partnerships."""

from mentoring_runtime.aggregates import Aggregates
from mentoring_runtime.recording import Cause
from scheduling.domain.facts import ProgramTermsHeard
from scheduling.domain.programs import ProgramTerms, unknown

CATEGORY = "program"


class HeldProgramTerms:
    def __init__(self, aggregates: Aggregates[ProgramTerms]) -> None:
        self._aggregates = aggregates

    async def warm(self) -> None:
        await self._aggregates.warm()

    async def heard(self, cause: Cause, heard: ProgramTermsHeard) -> None:
        await self._aggregates.change_or_create(cause, f"{CATEGORY}:{heard.program_id}", lambda _: (heard, None))

    async def terms(self, agency_id: str, program_id: str) -> ProgramTerms:
        """The programme's terms; the defaults for one scheduling has not heard of."""
        found = await self._aggregates.get(agency_id, f"{CATEGORY}:{program_id}")
        return found.state if found else unknown(program_id)
