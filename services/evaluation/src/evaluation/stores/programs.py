"""The programme terms evaluation keeps (`program:<id>` streams), held in memory like its partnerships."""

from evaluation.domain.facts import ProgramTermsHeard
from evaluation.domain.programs import ProgramTerms, news, unknown
from mentoring_runtime.aggregates import Aggregates, Decision
from mentoring_runtime.recording import Cause

CATEGORY = "program"


class HeldProgramTerms:
    def __init__(self, aggregates: Aggregates[ProgramTerms]) -> None:
        self._aggregates = aggregates

    async def warm(self) -> None:
        await self._aggregates.warm()

    async def heard(self, cause: Cause, heard: ProgramTermsHeard) -> None:
        """Keep what the programme's event says, unless the terms held say it already."""

        def decide(terms: ProgramTerms | None) -> Decision:
            new = news(terms, heard)
            return (new, None) if new else None

        await self._aggregates.change_or_create(cause, f"{CATEGORY}:{heard.program_id}", decide)

    async def known(self, agency_id: str, program_id: str) -> bool:
        """Whether the agency opened the programme, as far as evaluation heard."""
        return await self._aggregates.get(agency_id, f"{CATEGORY}:{program_id}") is not None

    async def terms(self, agency_id: str, program_id: str) -> ProgramTerms:
        """The programme's terms; the defaults for one evaluation has not heard of."""
        found = await self._aggregates.get(agency_id, f"{CATEGORY}:{program_id}")
        return found.state if found else unknown(program_id)
