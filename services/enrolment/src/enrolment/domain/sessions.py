"""Information sessions: scheduled for a programme, registered for up to their capacity, attended.

Registration is the person's own act and is idempotent (registering twice is one registration), so a retry never
takes a second seat; a full session refuses more. Attendance is recorded on each attendee's own stream too, where
eligibility for every programme of the agency finds it.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from enrolment.domain.facts import AttendanceRecorded, InfoSessionScheduled, RegisteredForInfoSession
from enrolment.domain.programs import Program
from mentoring_contracts.api import ScheduleInfoSession
from mentoring_contracts.names import ProgramStatus
from mentoring_runtime.errors import Conflict, Invalid
from mentoring_runtime.folding import Fact, unexpected


@dataclass(frozen=True)
class InfoSession:
    plan: InfoSessionScheduled  # when, where, for whom and how many, as scheduled
    registered: frozenset[str] = frozenset()
    attended: frozenset[str] = frozenset()

    @property
    def session_id(self) -> str:
        return self.plan.session_id


def session_stream(session_id: str) -> str:
    return f"info-session:{session_id}"


def mutate(session: InfoSession | None, fact: Fact) -> InfoSession:
    match fact.event:
        case InfoSessionScheduled() as plan:
            return InfoSession(plan)
        case RegisteredForInfoSession(person_id=person_id) if session:
            return replace(session, registered=session.registered | {person_id})
        case AttendanceRecorded(person_ids=person_ids) if session:
            return replace(session, attended=session.attended | set(person_ids))
    raise unexpected("information session", fact)


def schedule(program: Program, session_id: str, plan: ScheduleInfoSession) -> InfoSessionScheduled:
    if program.status is ProgramStatus.CLOSED:
        raise Conflict(f"programme {program.program_id} is closed: it needs no more information sessions")
    if plan.location is None and plan.link is None:
        raise Invalid("say where the session happens: a `location`, a `link`, or both", field="location")
    return InfoSessionScheduled(
        session_id=session_id,
        program_id=program.program_id,
        starts_at=plan.starts_at,
        duration_minutes=plan.duration_minutes,
        location=plan.location,
        link=str(plan.link) if plan.link else None,
        capacity=plan.capacity,
    )


def register(session: InfoSession, person_id: str) -> RegisteredForInfoSession | None:
    """The registration, None when the person is registered already, or Conflict when the session is full."""
    if person_id in session.registered:
        return None
    if len(session.registered) >= session.plan.capacity:
        raise Conflict(
            f"information session {session.session_id} is full ({session.plan.capacity} places); choose another"
        )
    return RegisteredForInfoSession(session_id=session.session_id, person_id=person_id)


def record_attendance(session: InfoSession, person_ids: tuple[str, ...], now: datetime) -> AttendanceRecorded | None:
    """The attendance not yet recorded, or None when every one of them is recorded already."""
    if session.plan.starts_at > now:
        raise Conflict(f"information session {session.session_id} has not started yet: record attendance after it")
    new = tuple(dict.fromkeys(person for person in person_ids if person not in session.attended))
    return AttendanceRecorded(session_id=session.session_id, person_ids=new) if new else None
