"""The composition root: the only place that knows the concrete adapters and wires them into one app."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from enrolment.domain import applications, imports, people, programs, sessions
from enrolment.domain.facts import KNOWN
from enrolment.handlers.applications import Applications
from enrolment.handlers.imports import Imports, Spawn
from enrolment.handlers.profiles import Profiles
from enrolment.handlers.programs import Programs
from enrolment.handlers.sessions import InfoSessions
from enrolment.routes import ROUTES
from enrolment.settings import SERVICE, EnrolmentSettings
from enrolment.stores import ProgramDirectory, Rosters
from mentoring_runtime.aggregates import Aggregates
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.recording import EventRecorder
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider


def clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Enrolment:
    """Enrolment's application services, sharing one view of each kind of aggregate."""

    programs: Programs
    applications: Applications
    profiles: Profiles
    sessions: InfoSessions
    imports: Imports
    held: tuple[Aggregates[Any], ...]  # every kind of aggregate the services hold in memory

    def services(self) -> tuple[object, ...]:
        return self.programs, self.applications, self.profiles, self.sessions, self.imports


def wire(log: EventLog, recorder: EventRecorder, spawn: Spawn, now: Callable[[], datetime] = clock) -> Enrolment:
    known_programs = Aggregates(log, recorder, programs.mutate, "program", KNOWN)
    known_people = Aggregates(log, recorder, people.mutate, "person", KNOWN)
    known_applications = Aggregates(log, recorder, applications.mutate, "application", KNOWN)
    known_sessions = Aggregates(log, recorder, sessions.mutate, "info-session", KNOWN)
    known_imports = Aggregates(log, recorder, imports.mutate, "import", KNOWN)
    directory = ProgramDirectory(known_programs)
    rosters = Rosters(known_applications)
    applying = Applications(directory, known_people, known_applications, rosters, now)
    return Enrolment(
        programs=Programs(directory),
        applications=applying,
        profiles=Profiles(directory, known_people, applying),
        sessions=InfoSessions(directory, known_sessions, known_people, now),
        imports=Imports(directory, applying, rosters, known_imports, spawn),
        held=(known_programs, known_people, known_applications, known_sessions, known_imports),
    )


def create_app(settings: EnrolmentSettings | None = None, tracer_provider: TracerProvider | None = None) -> Litestar:
    settings = settings or EnrolmentSettings()
    runtime = ServiceRuntime(
        SERVICE, settings, tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    )
    enrolment = wire(runtime.event_log, runtime.recorder, runtime.spawn)
    for event, handler in enrolment.programs.consumed().items():
        runtime.subscribe(event, handler)
    for aggregates in enrolment.held:  # read once before the first request: a request then reads nothing
        runtime.on_connected(aggregates.warm)
    return runtime.app(ROUTES, *enrolment.services())
