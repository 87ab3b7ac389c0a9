"""The composition root: the only place that knows the concrete adapters and wires them together."""

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from matching.api import matching_api
from matching.candidate_store import CandidateStore
from matching.claims import Claims
from matching.enrolment_events import enrolment_handlers
from matching.run_store import RunStore
from matching.runner import MatchRunner
from matching.settings import MatchingSettings
from mentoring_contracts.topics import ENROLMENT_EVENTS
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider

SERVICE = "matching"


def build_runner(runtime: ServiceRuntime) -> MatchRunner:
    """The service's parts on one runtime: consumers subscribed, start-up steps registered."""
    candidates = CandidateStore(runtime.database)
    runs = RunStore(runtime.database)
    runner = MatchRunner(runtime, candidates, runs, Claims(runtime.database))
    runtime.subscribe(ENROLMENT_EVENTS.name, enrolment_handlers(candidates))
    runtime.on_connected(candidates.create_indexes)
    runtime.on_connected(runs.create_indexes)
    runtime.on_connected(runner.resume)  # last: runs resume once the indexes they rely on exist
    return runner


def create_app(settings: MatchingSettings | None = None, tracer_provider: TracerProvider | None = None) -> Litestar:
    settings = settings or MatchingSettings()
    tracer_provider = tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    runtime = ServiceRuntime(SERVICE, settings, tracer_provider)
    runner = build_runner(runtime)
    app = runtime.app([matching_api(runner)])
    app.state.runtime = runtime
    return app
