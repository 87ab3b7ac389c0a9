"""Enrolment's data: aggregates folded from its event log and held in memory, and the indexes lists need."""

from enrolment.stores.aggregates import Aggregates, Versioned
from enrolment.stores.programs import ProgramDirectory
from enrolment.stores.rosters import Rosters

__all__ = ["Aggregates", "ProgramDirectory", "Rosters", "Versioned"]
