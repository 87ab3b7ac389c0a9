"""Composition root: wires the runtime, the fact projection and the HTTP routes into one app."""

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from evaluation.api import metrics_routes
from evaluation.facts import ProgramFacts
from evaluation.settings import SERVICE, EvaluationSettings
from mentoring_contracts import MeetingLogged, MenteeEnrolled, MentorEnrolled, PairMatched, ProgramOpened
from mentoring_contracts.topics import ENROLMENT_EVENTS, MATCHING_EVENTS, SCHEDULING_EVENTS
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider


def create_app(settings: EvaluationSettings | None = None, tracer_provider: TracerProvider | None = None) -> Litestar:
    settings = settings or EvaluationSettings()
    tracer_provider = tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    runtime = ServiceRuntime(SERVICE, settings, tracer_provider)
    facts = ProgramFacts(runtime.database)
    runtime.on_connected(facts.create_indexes)
    subscriptions = {
        ENROLMENT_EVENTS.name: (ProgramOpened, MentorEnrolled, MenteeEnrolled),
        MATCHING_EVENTS.name: (PairMatched,),
        SCHEDULING_EVENTS.name: (MeetingLogged,),
    }
    for topic, events in subscriptions.items():
        runtime.subscribe(topic, {event.event_type: facts.record for event in events})
    return runtime.app(metrics_routes(facts))
