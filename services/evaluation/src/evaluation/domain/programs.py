"""What evaluation knows of a programme: its kind and how long its partnerships last, told by enrolment's
ProgramOpened and kept as evaluation's own fact (ProgramUpdated changes neither). A programme evaluation has not
heard of has the platform's default duration: a partnership's term never waits for its programme's facts.
"""

from dataclasses import dataclass

from evaluation.domain.facts import ProgramTermsHeard
from mentoring_contracts import ProgramOpened
from mentoring_contracts.enrolment import DEFAULT_DURATION_MONTHS
from mentoring_contracts.names import ProgramKind
from mentoring_runtime.folding import Fact, unexpected


@dataclass(frozen=True)
class ProgramTerms:
    program_id: str
    kind: ProgramKind = ProgramKind.ONE_TO_ONE
    duration_months: int = DEFAULT_DURATION_MONTHS


def unknown(program_id: str) -> ProgramTerms:
    """The terms of a programme evaluation has not heard of: the defaults."""
    return ProgramTerms(program_id)


def terms_heard(event: ProgramOpened) -> ProgramTermsHeard:
    return ProgramTermsHeard(program_id=event.program_id, kind=event.kind, duration_months=event.duration_months)


def news(state: ProgramTerms | None, heard: ProgramTermsHeard) -> ProgramTermsHeard | None:
    """`heard` if it changes the terms held (or there are none yet); None when it was heard before."""
    return heard if state is None or _with(heard) != state else None


def mutate(state: ProgramTerms | None, fact: Fact) -> ProgramTerms:
    if not isinstance(fact.event, ProgramTermsHeard):
        raise unexpected("programme", fact)
    return _with(fact.event)


def _with(heard: ProgramTermsHeard) -> ProgramTerms:
    return ProgramTerms(heard.program_id, kind=heard.kind, duration_months=heard.duration_months)
