"""Application layer: load what a decision needs, decide in the domain, record the facts."""

from typing import Any
from uuid import uuid4

from litestar.exceptions import ClientException, NotFoundException

from enrolment.domain.participants import enrol, enrolment_stream, personal_data
from enrolment.domain.programs import Program, open_program, program_from
from mentoring_contracts import Envelope, Event, ProgramOpened
from mentoring_contracts.api import CreateProgram, EnrolParticipant
from mentoring_runtime.event_log import ConcurrencyConflict, NewFact
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.web import Caller

PRODUCER = "enrolment"


class AlreadyEnrolled(ClientException):
    status_code = 409


def _wrap(event: Event, caller: Caller) -> Envelope[Any]:
    return Envelope.wrap(event, agency_id=caller.agency_id, producer=PRODUCER, correlation_id=caller.correlation_uuid())


async def create_program(runtime: ServiceRuntime, caller: Caller, command: CreateProgram) -> str:
    program_id = str(uuid4())
    _, opened = open_program(program_id, caller.agency_id, command)
    fact = NewFact(program_id, _wrap(opened, caller), private={"name": command.name, "created_by": caller.actor_id})
    await runtime.record([fact], expected_versions={program_id: 0})
    return program_id


async def load_program(runtime: ServiceRuntime, caller: Caller, program_id: str) -> Program:
    """The caller's agency's programme, or 404: another agency's programme does not exist for them."""
    stream = await runtime.event_log.stream(program_id)
    if (
        not stream
        or stream[0].envelope["agency_id"] != caller.agency_id
        or stream[0].envelope["event_type"] != ProgramOpened.event_type
    ):
        raise NotFoundException(f"no programme {program_id}")
    return program_from(caller.agency_id, ProgramOpened.model_validate(stream[0].payload), stream[0].private["name"])


async def enrol_participant(runtime: ServiceRuntime, caller: Caller, program_id: str, command: EnrolParticipant) -> str:
    program = await load_program(runtime, caller, program_id)
    participant_id = str(uuid4())
    event = enrol(program, participant_id, command)
    fact = NewFact(
        enrolment_stream(program_id, command.person.id), _wrap(event, caller), private=personal_data(command)
    )
    try:
        await runtime.record([fact], expected_versions={fact.stream_id: 0})
    except ConcurrencyConflict:
        raise AlreadyEnrolled(f"person {command.person.id} is already enrolled in programme {program_id}") from None
    return participant_id
