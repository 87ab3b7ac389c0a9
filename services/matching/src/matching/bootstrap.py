"""The composition root: the only place that knows the concrete adapters, and which algorithm proposes pairs."""

from dataclasses import dataclass

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from matching.domain import Proposer, greedy
from matching.handlers import Matching, MatchRunner, Pool
from matching.routes import ROUTES
from matching.settings import SERVICE, MatchingSettings
from matching.stores import CandidateStore, Claims, RunStore
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider

PROPOSER: Proposer = greedy


@dataclass(frozen=True)
class MatchingService:
    """The service's parts on one runtime, for the app and for tests that drive runs themselves."""

    runtime: ServiceRuntime
    matching: Matching
    runner: MatchRunner
    pool: Pool


def build(runtime: ServiceRuntime, propose: Proposer = PROPOSER) -> MatchingService:
    """Consumers subscribed and start-up steps registered; nothing runs until the runtime starts."""
    candidates, runs = CandidateStore(runtime.database), RunStore(runtime.database)
    runner = MatchRunner(
        candidates=candidates,
        runs=runs,
        claims=Claims(runtime.database),
        log=runtime.event_log,
        recorder=runtime.recorder,
        propose=propose,
        spawn=runtime.spawn,
    )
    pool = Pool(candidates)
    for event, handler in pool.consumed().items():
        runtime.subscribe(event, handler)
    runtime.on_connected(candidates.create_indexes)
    runtime.on_connected(runs.create_indexes)
    runtime.on_connected(runner.resume)  # last: runs resume once the indexes they rely on exist
    return MatchingService(runtime, Matching(candidates, runs, runtime.event_log, runner), runner, pool)


def create_app(settings: MatchingSettings | None = None, tracer_provider: TracerProvider | None = None) -> Litestar:
    settings = settings or MatchingSettings()
    runtime = ServiceRuntime(
        SERVICE, settings, tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    )
    service = build(runtime)
    app = runtime.app(ROUTES, service.matching)
    app.state.runtime = runtime
    return app
