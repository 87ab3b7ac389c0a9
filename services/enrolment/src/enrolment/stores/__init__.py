"""Enrolment's data beside its aggregates (`mentoring_runtime.aggregates`): the indexes its lists need."""

from enrolment.stores.programs import ProgramDirectory
from enrolment.stores.rosters import Rosters

__all__ = ["ProgramDirectory", "Rosters"]
