"""Enrolment's application services wired as in production, on in-memory ports, with a clock the test moves."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from enrolment.bootstrap import Enrolment, wire
from mentoring_contracts.api import Apply, CreateProgram
from tests.support.factories import caller
from tests.support.people import design, profile
from tests.support.ports import MemoryPorts


@dataclass
class Clock:
    now: datetime = datetime(2027, 3, 1, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Service:
    """The wired services, their ports, and shortcuts for the steps most tests take first."""

    ports: MemoryPorts
    clock: Clock
    enrolment: Enrolment

    async def open_program(self, agency: str = "agency-a", program: CreateProgram | None = None) -> str:
        programs = self.enrolment.programs
        program_id = await programs.create_program(caller(agency), program or design())
        await programs.open_program(caller(agency), program_id)
        return program_id

    async def apply_self(self, program_id: str, person_id: str, role: str = "mentee", **fields: object) -> str:
        body = Apply(role=role, profile=profile(person_id, role, **fields))
        return await self.enrolment.applications.apply(caller("agency-a", person_id, role), program_id, body)

    async def published(self, event_type: str) -> list[dict]:
        return [
            entry["envelope"]["payload"]
            for entry in await self.ports.log.outbox()
            if entry["envelope"]["event_type"] == event_type
        ]


@pytest.fixture
async def service() -> Service:
    ports = await MemoryPorts.prepared("enrolment")
    clock = Clock()
    return Service(ports, clock, wire(ports.log, ports.recorder, ports.spawn, clock))
