"""The composition root: the only place that knows the concrete adapters and wires them into one app."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from mentoring_contracts import (
    Event,
    GroupFormed,
    PairMatched,
    ParticipantWithdrawn,
    ProgramOpened,
    ProgramUpdated,
)
from mentoring_runtime.aggregates import Aggregates
from mentoring_runtime.consumer import Handler
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.recording import EventRecorder
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider
from scheduling.domain import partnership, programs
from scheduling.domain.facts import KNOWN
from scheduling.handlers.agreements import Agreements
from scheduling.handlers.cadence import CadenceChecker
from scheduling.handlers.calendars import Calendars
from scheduling.handlers.endings import Endings
from scheduling.handlers.matches import Matches
from scheduling.handlers.meetings import Meetings
from scheduling.handlers.partnerships import Partnerships
from scheduling.routes import ROUTES
from scheduling.settings import SERVICE, SchedulingSettings
from scheduling.stores import partnerships as partnership_store
from scheduling.stores import programs as program_store
from scheduling.stores.calendar_feeds import CalendarFeeds
from scheduling.stores.partnerships import HeldPartnerships
from scheduling.stores.programs import HeldProgramTerms


def clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Scheduling:
    """Scheduling's application services, sharing one view of the partnerships and programme terms held."""

    matches: Matches
    partnerships: Partnerships
    agreements: Agreements
    meetings: Meetings
    endings: Endings
    held_partnerships: HeldPartnerships
    held_programs: HeldProgramTerms

    def services(self) -> tuple[object, ...]:
        return self.partnerships, self.agreements, self.meetings, self.endings

    def consumed(self) -> dict[type[Event], Handler]:
        """Each consumed event and its handler: adding one is one entry."""
        return {
            PairMatched: self.matches.on_matched,
            GroupFormed: self.matches.on_matched,
            ProgramOpened: self.matches.on_program_terms,
            ProgramUpdated: self.matches.on_program_terms,
            ParticipantWithdrawn: self.endings.on_participant_withdrawn,
        }


def wire(log: EventLog, recorder: EventRecorder, now: Callable[[], datetime] = clock) -> Scheduling:
    held_partnerships = HeldPartnerships(
        Aggregates(log, recorder, partnership.mutate, partnership_store.CATEGORY, KNOWN)
    )
    held_programs = HeldProgramTerms(Aggregates(log, recorder, programs.mutate, program_store.CATEGORY, KNOWN))
    partnerships = Partnerships(held_partnerships, held_programs, now)
    return Scheduling(
        matches=Matches(held_partnerships, held_programs),
        partnerships=partnerships,
        agreements=Agreements(held_partnerships, held_programs, now),
        meetings=Meetings(held_partnerships),
        endings=Endings(partnerships),
        held_partnerships=held_partnerships,
        held_programs=held_programs,
    )


def create_app(
    settings: SchedulingSettings | None = None,
    tracer_provider: TracerProvider | None = None,
    now: Callable[[], datetime] = clock,
) -> Litestar:
    settings = settings or SchedulingSettings()
    runtime = ServiceRuntime(
        SERVICE, settings, tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    )
    scheduling = wire(runtime.event_log, runtime.recorder, now)
    for event, handler in scheduling.consumed().items():
        runtime.subscribe(event, handler)
    feeds = CalendarFeeds(runtime.database)
    runtime.on_connected(feeds.create_indexes)
    calendars = Calendars(feeds, scheduling.held_partnerships, scheduling.held_programs, settings.public_url, now)
    # Read once before the first request: a request then reads nothing.
    runtime.on_connected(scheduling.held_programs.warm)
    runtime.on_connected(scheduling.held_partnerships.warm)
    checker = CadenceChecker(
        scheduling.held_partnerships,
        scheduling.held_programs,
        now,
        tracer=runtime.tracer_provider.get_tracer(SERVICE),
        share=lambda: (runtime.relay.role.rank, runtime.relay.role.instances),
    )

    async def check_cadence() -> None:
        checker.start(runtime.spawn, settings.cadence_check_seconds, settings.cadence_reread_seconds)

    runtime.once_prepared(check_cadence)
    return runtime.app(ROUTES, *scheduling.services(), calendars)
