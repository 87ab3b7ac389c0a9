"""Enrolment's facts about one programme of one agency, as enrolment would publish them, for matching's tests."""

from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from mentoring_contracts import Envelope
from tests.support.factories import mentee_enrolled, mentor_enrolled, program_opened, wrapped


@dataclass(frozen=True)
class Programme:
    agency_id: str = field(default_factory=lambda: f"agency-{uuid4().hex[:8]}")
    program_id: str = field(default_factory=lambda: str(uuid4()))

    def opened(self) -> Envelope[Any]:
        return wrapped(program_opened(self.program_id), self.agency_id, "enrolment")

    def mentor(self, person: str, skills: str, capacity: int, manager: str | None = None) -> Envelope[Any]:
        event = mentor_enrolled(person, skills, capacity, program_id=self.program_id, manager_id=manager)
        return wrapped(event, self.agency_id, "enrolment")

    def mentee(self, person: str, wants: str, manager: str | None = None) -> Envelope[Any]:
        event = mentee_enrolled(person, wants, program_id=self.program_id, manager_id=manager)
        return wrapped(event, self.agency_id, "enrolment")
