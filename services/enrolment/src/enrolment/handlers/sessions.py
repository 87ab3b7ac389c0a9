"""Information sessions: coordinators schedule them and record who came; people register themselves.

Attendance is recorded on the session, then on each attendee's own stream, where every programme's eligibility
check finds it. Recording the same attendance again records only what is missing, so a retry completes a
recording that was cut short.
"""

from collections.abc import Callable
from datetime import datetime

from enrolment.domain import sessions as rules
from enrolment.domain.facts import InfoSessionAttended
from enrolment.domain.people import Person, person_stream
from enrolment.domain.sessions import InfoSession, session_stream
from enrolment.stores import ProgramDirectory
from enrolment.views import session_view
from mentoring_contracts.api import (
    AttendanceRecorded,
    InfoSessionPage,
    InfoSessionsQuery,
    RecordAttendance,
    ScheduleInfoSession,
)
from mentoring_contracts.names import Role
from mentoring_runtime.aggregates import Aggregates
from mentoring_runtime.errors import NotFound
from mentoring_runtime.paging import page
from mentoring_runtime.recording import StreamBusy
from mentoring_runtime.web import Caller

MAX_ATTENDANCE_ROUNDS = 5


class InfoSessions:
    def __init__(
        self,
        directory: ProgramDirectory,
        sessions: Aggregates[InfoSession],
        people: Aggregates[Person],
        clock: Callable[[], datetime],
    ) -> None:
        self.directory = directory
        self.sessions = sessions
        self.people = people
        self.clock = clock

    async def schedule_info_session(self, caller: Caller, program_id: str, plan: ScheduleInfoSession) -> str:
        caller.require(Role.COORDINATOR)
        program = await self.directory.program(caller, program_id)
        session_id = caller.new_id("info-session")
        stream = session_stream(session_id)
        if await self.sessions.get(caller.agency_id, stream) is None:  # else a retry whose first attempt stored it
            await self.sessions.record(caller.cause(), stream, None, rules.schedule(program, session_id, plan))
        return session_id

    async def list_info_sessions(self, caller: Caller, program_id: str, query: InfoSessionsQuery) -> InfoSessionPage:
        await self.directory.program(caller, program_id)
        everything = (versioned.state for versioned in (await self.sessions.all(caller.agency_id)).values())
        of_program = (session for session in everything if session.plan.program_id == program_id)
        soonest = sorted(of_program, key=lambda session: (session.plan.starts_at, session.session_id))
        items, cursor = page(soonest, query, key=lambda session: session.session_id)
        return InfoSessionPage(items=[session_view(session) for session in items], next_cursor=cursor)

    async def register_for_info_session(self, caller: Caller, session_id: str) -> str:
        session = await self._session(caller, session_id)
        await self.directory.program(
            caller, session.plan.program_id
        )  # a session of a programme they cannot see is none
        stream = session_stream(session_id)
        await self.sessions.change(
            caller.cause(),
            stream,
            lambda current: _recorded(rules.register(current, caller.actor_id)),
            _missing(session_id),
        )
        return session_id

    async def record_attendance(self, caller: Caller, session_id: str, body: RecordAttendance) -> AttendanceRecorded:
        caller.require(Role.COORDINATOR)
        await self._session(caller, session_id)
        now = self.clock()
        session = await self.sessions.change(
            caller.cause(),
            session_stream(session_id),
            lambda current: _recorded(rules.record_attendance(current, body.person_ids, now)),
            _missing(session_id),
        )
        await self._on_people(caller, session, body.person_ids)
        return AttendanceRecorded(attended=len(session.attended.intersection(body.person_ids)))

    async def _on_people(self, caller: Caller, session: InfoSession, person_ids: tuple[str, ...]) -> None:
        """Each attendee's own stream gets the attendance it lacks, all of them in a few round trips."""
        agency = caller.agency_id
        for _ in range(MAX_ATTENDANCE_ROUNDS):
            streams = {person_stream(agency, person_id): person_id for person_id in dict.fromkeys(person_ids)}
            known = await self.people.get_many(agency, list(streams))
            lacking = [
                (stream, known.get(stream), _attended(person_id, session), None)
                for stream, person_id in streams.items()
                if stream not in known or session.session_id not in known[stream].state.attended
            ]
            if not lacking or not await self.people.record_many(caller.cause(), lacking):
                return
        raise StreamBusy("attendees' records kept changing while attendance was recorded; retry the same call")

    async def _session(self, caller: Caller, session_id: str) -> InfoSession:
        found = await self.sessions.get(caller.agency_id, session_stream(session_id))
        if found is None:
            raise _missing(session_id)
        return found.state


def _attended(person_id: str, session: InfoSession) -> InfoSessionAttended:
    return InfoSessionAttended(person_id=person_id, session_id=session.session_id, held_at=session.plan.starts_at)


def _recorded(event: object) -> tuple[object, None] | None:
    return (event, None) if event is not None else None


def _missing(session_id: str) -> NotFound:
    return NotFound(f"no information session {session_id}")
