"""The programme terms scheduling keeps (`program:<id>` streams), held in memory like its partnerships."""

from datetime import UTC, datetime

from mentoring_runtime.aggregates import Aggregates, Decision
from mentoring_runtime.folding import Fact
from mentoring_runtime.recording import Cause
from scheduling.domain.facts import ProgramTermsHeard
from scheduling.domain.programs import ProgramTerms, mutate, unknown

CATEGORY = "program"


class HeldProgramTerms:
    def __init__(self, aggregates: Aggregates[ProgramTerms]) -> None:
        self._aggregates = aggregates

    async def warm(self) -> None:
        await self._aggregates.warm()

    async def heard(self, cause: Cause, heard: ProgramTermsHeard) -> None:
        """Keep what the programme's event says, unless the terms held say it already."""

        def decide(terms: ProgramTerms | None) -> Decision:
            unchanged = terms is not None and mutate(terms, Fact(heard, datetime.now(UTC))) == terms
            return None if unchanged else (heard, None)

        await self._aggregates.change_or_create(cause, f"{CATEGORY}:{heard.program_id}", decide)

    async def terms(self, agency_id: str, program_id: str) -> ProgramTerms:
        """The programme's terms; the defaults for one scheduling has not heard of."""
        found = await self._aggregates.get(agency_id, f"{CATEGORY}:{program_id}")
        return found.state if found else unknown(program_id)
