"""What scheduling knows of a programme: its kind, how long its partnerships last, and the cadence they keep.

Told by enrolment's ProgramOpened and ProgramUpdated (which changes the cadence only), kept as scheduling's own
fact, so that a partnership's term and the cadence checker read them from memory. A programme scheduling never heard
of has the platform's defaults: a partnership is never held up waiting for its programme's facts.
"""

from dataclasses import dataclass

from mentoring_contracts import Cadence, ProgramOpened, ProgramUpdated
from mentoring_contracts.enrolment import DEFAULT_DURATION_MONTHS
from mentoring_contracts.names import ProgramKind
from mentoring_runtime.folding import Fact, unexpected
from scheduling.domain.facts import ProgramTermsHeard

DEFAULT_CADENCE = Cadence(meetings_per_month=2, hours_per_month=2)


@dataclass(frozen=True)
class ProgramTerms:
    program_id: str
    kind: ProgramKind = ProgramKind.ONE_TO_ONE
    duration_months: int = DEFAULT_DURATION_MONTHS
    cadence: Cadence = DEFAULT_CADENCE


def unknown(program_id: str) -> ProgramTerms:
    """The terms of a programme scheduling has not heard of: the defaults."""
    return ProgramTerms(program_id)


def terms_heard(event: ProgramOpened | ProgramUpdated) -> ProgramTermsHeard:
    if isinstance(event, ProgramOpened):
        return ProgramTermsHeard(
            program_id=event.program_id, kind=event.kind, duration_months=event.duration_months, cadence=event.cadence
        )
    return ProgramTermsHeard(program_id=event.program_id, cadence=event.cadence)


def news(state: ProgramTerms | None, heard: ProgramTermsHeard) -> ProgramTermsHeard | None:
    """`heard` if it changes the terms held (or there are none yet); None when it was heard before."""
    return heard if state is None or _with(state, heard) != state else None


def mutate(state: ProgramTerms | None, fact: Fact) -> ProgramTerms:
    event = fact.event
    if not isinstance(event, ProgramTermsHeard):
        raise unexpected("programme", fact)
    return _with(state or unknown(event.program_id), event)


def _with(current: ProgramTerms, heard: ProgramTermsHeard) -> ProgramTerms:
    """The terms after `heard`: what it names replaces what is held (ProgramUpdated names the cadence alone)."""
    return ProgramTerms(
        heard.program_id,
        kind=heard.kind or current.kind,
        duration_months=heard.duration_months or current.duration_months,
        cadence=heard.cadence,
    )
