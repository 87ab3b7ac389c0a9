"""Composition root: wires the runtime, the partnership projection and the HTTP routes into one app."""

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from mentoring_contracts import PairMatched
from mentoring_contracts.topics import MATCHING_EVENTS
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider
from scheduling.api import meeting_routes
from scheduling.meetings import MeetingLog
from scheduling.partnerships import Partnerships
from scheduling.settings import SERVICE, SchedulingSettings


def create_app(settings: SchedulingSettings | None = None, tracer_provider: TracerProvider | None = None) -> Litestar:
    settings = settings or SchedulingSettings()
    tracer_provider = tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    runtime = ServiceRuntime(SERVICE, settings, tracer_provider)
    partnerships = Partnerships(runtime.database)
    runtime.subscribe(MATCHING_EVENTS.name, {PairMatched.event_type: partnerships.on_pair_matched})
    return runtime.app(meeting_routes(MeetingLog(runtime, partnerships)))
