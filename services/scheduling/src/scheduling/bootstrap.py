"""The composition root: the only place that knows the concrete adapters and wires them into one app."""

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider
from scheduling.handlers import Scheduling, consumed
from scheduling.routes import ROUTES
from scheduling.settings import SERVICE, SchedulingSettings
from scheduling.stores import Partnerships


def create_app(settings: SchedulingSettings | None = None, tracer_provider: TracerProvider | None = None) -> Litestar:
    settings = settings or SchedulingSettings()
    runtime = ServiceRuntime(
        SERVICE, settings, tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    )
    partnerships = Partnerships(runtime.database)
    runtime.on_connected(partnerships.create_indexes)
    scheduling = Scheduling(partnerships, runtime.recorder)
    for event, handler in consumed(scheduling).items():
        runtime.subscribe(event, handler)
    return runtime.app(ROUTES, scheduling)
