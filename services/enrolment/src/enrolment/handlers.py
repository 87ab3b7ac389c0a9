"""Enrolment's application services: load what a decision needs, decide in the domain, record the facts."""

from dataclasses import asdict

from enrolment.domain import Person, PersonalData, Program, enrol, enrolment_stream, open_program, program_from
from mentoring_contracts.api import CreateProgram, EnrolParticipant
from mentoring_contracts.names import Role
from mentoring_runtime.errors import Conflict
from mentoring_runtime.event_log import ConcurrencyConflict, EventLog
from mentoring_runtime.recording import EventRecorder
from mentoring_runtime.web import Caller


class AlreadyEnrolled(Conflict):
    """The person already has an enrolment in this programme."""


class Enrolment:
    def __init__(self, log: EventLog, recorder: EventRecorder) -> None:
        self.log = log
        self.recorder = recorder
        # Programmes do not change once opened (in this slice), so each is folded from its stream once per
        # process: an enrolment then reads nothing but writes its one fact, however large the log grows.
        self._programs: dict[tuple[str, str], Program] = {}

    async def create_program(self, caller: Caller, command: CreateProgram) -> str:
        caller.require(Role.COORDINATOR)
        program_id = caller.new_id("program")
        opened, record = open_program(
            program_id, name=command.name, kind=command.kind, cadence=command.cadence, created_by=caller.actor_id
        )
        try:
            await self.recorder.record(program_id, opened, caller.cause(), expected_version=0, private=record)
        except ConcurrencyConflict:
            if caller.request_key is None:
                raise
            return program_id  # a retry of a request whose first attempt stored the programme
        self._programs[caller.agency_id, program_id] = program_from(program_id, [(opened, asdict(record))])
        return program_id

    async def program(self, caller: Caller, program_id: str) -> Program:
        """The caller's agency's programme, or NotFound: another agency's programme does not exist for them."""
        key = (caller.agency_id, program_id)
        if key not in self._programs:
            stream = await self.log.for_agency(caller.agency_id).stream(program_id)
            self._programs[key] = program_from(program_id, ((fact.event(), fact.private) for fact in stream))
        return self._programs[key]

    async def enrol_participant(self, caller: Caller, program_id: str, command: EnrolParticipant) -> str:
        caller.require(Role.COORDINATOR)
        program = await self.program(caller, program_id)
        participant_id = caller.new_id("participant")
        person = Person(
            person_id=command.person.id,
            department=command.person.department,
            grade=command.person.grade,
            languages=command.person.languages,
            manager_id=command.person.manager_id,
        )
        event = enrol(
            program.program_id,
            participant_id,
            command.role,
            person,
            skills=command.skills,
            desired_skills=command.desired_skills,
            capacity=command.capacity,
        )
        personal = PersonalData(name=command.person.name, email=str(command.person.email))
        stream = enrolment_stream(program_id, person.person_id)
        try:
            await self.recorder.record(stream, event, caller.cause(), expected_version=0, private=personal)
        except ConcurrencyConflict:
            if await self._enrolled_as(caller, stream, participant_id):
                return participant_id  # a retry of a request whose first attempt stored the enrolment
            raise AlreadyEnrolled(f"person {person.person_id} is already enrolled in programme {program_id}") from None
        return participant_id

    async def _enrolled_as(self, caller: Caller, stream: str, participant_id: str) -> bool:
        """Whether the enrolment already stored is this request's own (read only after a conflict, and only for a
        request with an Idempotency-Key, whose retry derives the same participant id)."""
        if caller.request_key is None:
            return False
        [first, *_] = await self.log.for_agency(caller.agency_id).stream(stream)
        return first.payload["participant_id"] == participant_id
