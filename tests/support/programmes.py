"""Enrolment's facts about one programme of one agency, as enrolment would publish them, for matching's tests."""

from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from mentoring_contracts import Envelope, Event, MatchingPolicy, ProgramUpdated
from tests.support.factories import (
    CADENCE,
    mentee_enrolled,
    mentor_enrolled,
    participant_withdrawn,
    profile_updated,
    program_closed,
    program_opened,
    wrapped,
)


@dataclass(frozen=True)
class Programme:
    agency_id: str = field(default_factory=lambda: f"agency-{uuid4().hex[:8]}")
    program_id: str = field(default_factory=lambda: str(uuid4()))

    def _published(self, event: Event) -> Envelope[Any]:
        return wrapped(event, self.agency_id, "enrolment")

    def opened(self, **fields: Any) -> Envelope[Any]:
        """The programme opened; `fields` of `ProgramOpened` (a matching policy, a kind) override the defaults."""
        return self._published(program_opened(self.program_id, **fields))

    def self_select(self, **policy: Any) -> Envelope[Any]:
        """The programme opened under a policy that lets mentees choose, with `policy`'s other fields."""
        return self.opened(matching_policy=MatchingPolicy(self_select=True, **policy))

    def updated(self, policy: MatchingPolicy) -> Envelope[Any]:
        """The programme's matching policy changed to `policy`."""
        return self._published(ProgramUpdated(program_id=self.program_id, cadence=CADENCE, matching_policy=policy))

    def closed(self) -> Envelope[Any]:
        return self._published(program_closed(self.program_id))

    def mentor(
        self, person: str, skills: str, capacity: int, manager: str | None = None, **fields: Any
    ) -> Envelope[Any]:
        event = mentor_enrolled(person, skills, capacity, program_id=self.program_id, manager_id=manager, **fields)
        return self._published(event)

    def mentee(self, person: str, wants: str, manager: str | None = None, **fields: Any) -> Envelope[Any]:
        return self._published(mentee_enrolled(person, wants, program_id=self.program_id, manager_id=manager, **fields))

    def withdrawn(self, enrolled: Envelope[Any]) -> Envelope[Any]:
        """The withdrawal of the participant whose enrolment `enrolled` published."""
        return self._published(participant_withdrawn(enrolled.payload))

    def profile_updated(self, enrolled: Envelope[Any], **changes: Any) -> Envelope[Any]:
        """The profile update, with `changes`, of the participant whose enrolment `enrolled` published."""
        return self._published(profile_updated(enrolled.payload, **changes))
