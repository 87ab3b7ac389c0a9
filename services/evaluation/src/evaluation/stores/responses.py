"""Every survey's answer, one stream per survey (`survey:<survey id>`) whose first and only fact is the answer:
`FeedbackSubmitted`, with the answers' free text in its private part. The stream's first version can be taken once,
so a retried or a concurrent second answer is refused by the log itself, never recorded twice.

Held in memory as the runtime's `Aggregates`, read once as the service starts and kept current by what this process
records (evaluation runs one instance), and indexed by programme and kind, newest first, so the coordinators' list
costs the page it shows and a member's list looks their own surveys up by id, reading nothing.
"""

from bisect import insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from evaluation.domain.surveys import Response
from mentoring_contracts.names import SurveyKind
from mentoring_runtime.aggregates import Aggregates, Decision
from mentoring_runtime.recording import Cause

CATEGORY = "survey"


def stream_id(survey_id: str) -> str:
    return f"{CATEGORY}:{survey_id}"


@dataclass
class _NewestFirst:
    """Survey ids, newest answer first; the list of ids made again only after one was added."""

    order: list[tuple[float, str]] = field(default_factory=list)
    ids: list[str] | None = None

    def add(self, response: Response) -> None:
        insort(self.order, (-response.answered_at.timestamp(), response.survey_id))
        self.ids = None

    def listed(self) -> list[str]:
        if self.ids is None:
            self.ids = [survey_id for _, survey_id in self.order]
        return self.ids


class HeldResponses:
    def __init__(self, aggregates: Aggregates[Response]) -> None:
        self._aggregates = aggregates
        # (agency, programme, kind or None for every kind) → its responses, newest first
        self._newest_first: dict[tuple[str, str, SurveyKind | None], _NewestFirst] = {}
        self._indexed: set[tuple[str, str]] = set()  # (agency, survey) already in the lists

    async def warm(self) -> None:
        await self._aggregates.warm()
        for agency_id, streams in self._aggregates.every_agency().items():
            for held in streams.values():
                self._index(agency_id, held.state)

    def answered(self, agency_id: str, survey_ids: Iterable[str]) -> dict[str, Response]:
        """The answers held of these surveys, by survey id, reading nothing."""
        held = self._aggregates.held_versions(agency_id, [stream_id(survey_id) for survey_id in survey_ids])
        return {versioned.state.survey_id: versioned.state for versioned in held.values()}

    async def answer(self, cause: Cause, survey_id: str, decide: Callable[[Response | None], Decision]) -> Response:
        """Record the answer `decide` makes, at the survey stream's first version; `decide` sees the answer
        another writer recorded first, and refuses."""
        answered = await self._aggregates.change_or_create(cause, stream_id(survey_id), decide)
        assert answered is not None  # `decide` answers or refuses
        self._index(cause.agency_id, answered)
        return answered

    def of_program(self, agency_id: str, program_id: str, kind: SurveyKind | None) -> list[str]:
        """The programme's answered survey ids, newest answer first, of one kind or of all."""
        found = self._newest_first.get((agency_id, program_id, kind))
        return found.listed() if found else []

    def held(self, agency_id: str, survey_id: str) -> Response | None:
        return self.answered(agency_id, [survey_id]).get(survey_id)

    def _index(self, agency_id: str, response: Response) -> None:
        if (agency_id, response.survey_id) in self._indexed:
            return
        self._indexed.add((agency_id, response.survey_id))
        for kind in (None, response.kind):
            self._newest_first.setdefault((agency_id, response.program_id, kind), _NewestFirst()).add(response)
