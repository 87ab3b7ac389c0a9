"""How an active partnership keeps its cadence. The cadence rules land with the cadence checker; until then no
partnership has a standing."""

from datetime import datetime

from mentoring_contracts.names import CadenceStanding
from scheduling.domain.partnership import Partnership
from scheduling.domain.programs import ProgramTerms


def standing(partnership: Partnership, terms: ProgramTerms, now: datetime) -> CadenceStanding | None:
    return None
