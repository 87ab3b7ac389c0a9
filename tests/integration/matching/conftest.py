"""Fixtures for matching's integration tests: a fresh namespace per test, and enrolment facts to feed it."""

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from uuid import uuid4

import pytest
from opentelemetry.sdk.trace import TracerProvider

from matching.bootstrap import SERVICE, build_runner
from matching.runner import MatchRunner
from matching.settings import MatchingSettings
from mentoring_contracts import Cadence, Envelope, MenteeEnrolled, MentorEnrolled, ProgramOpened
from mentoring_runtime.service import ServiceRuntime


@pytest.fixture
def settings(stack) -> MatchingSettings:
    return MatchingSettings(
        namespace="t" + uuid4().hex[:8], kafka_bootstrap=stack.kafka_bootstrap, mongo_url=stack.mongo_url
    )


@dataclass(frozen=True)
class Programme:
    """Enrolment's facts about one programme of one agency, as enrolment would publish them."""

    agency_id: str = field(default_factory=lambda: f"agency-{uuid4().hex[:8]}")
    program_id: str = field(default_factory=lambda: str(uuid4()))

    def opened(self) -> Envelope:
        cadence = Cadence(meetings_per_month=2, hours_per_month=2)
        return self._wrap(ProgramOpened(program_id=self.program_id, kind="one_to_one", cadence=cadence))

    def mentor(self, person: str, skills: str, capacity: int, manager: str | None = None) -> Envelope:
        return self._wrap(
            MentorEnrolled(**self._person(person, manager), skills=tuple(skills.split()), capacity=capacity)
        )

    def mentee(self, person: str, wants: str, manager: str | None = None) -> Envelope:
        return self._wrap(MenteeEnrolled(**self._person(person, manager), desired_skills=tuple(wants.split())))

    def _person(self, person: str, manager: str | None) -> dict:
        return {
            "program_id": self.program_id,
            "participant_id": str(uuid4()),
            "person_id": person,
            "department": "digital",
            "grade": "g7",
            "manager_id": manager,
            "languages": ("en",),
        }

    def _wrap(self, event) -> Envelope:
        return Envelope.wrap(event, agency_id=self.agency_id, producer="enrolment")


@pytest.fixture
def programme() -> Programme:
    return Programme()


@pytest.fixture
async def runner(settings: MatchingSettings) -> AsyncIterator[MatchRunner]:
    """The service's parts on a real store, not started: tests drive runs and handlers themselves."""
    runtime = ServiceRuntime(SERVICE, settings, TracerProvider())
    runner = build_runner(runtime)
    await runtime.prepare_store()
    yield runner
    await runtime.client.drop_database(runtime.database.name)
    await runtime.client.close()
