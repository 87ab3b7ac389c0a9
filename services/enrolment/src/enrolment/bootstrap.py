"""The composition root: the only place that knows the concrete adapters and wires them into one app."""

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from enrolment.handlers import Enrolment
from enrolment.routes import ROUTES
from enrolment.settings import SERVICE, EnrolmentSettings
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider


def create_app(settings: EnrolmentSettings | None = None, tracer_provider: TracerProvider | None = None) -> Litestar:
    settings = settings or EnrolmentSettings()
    runtime = ServiceRuntime(
        SERVICE, settings, tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    )
    enrolment = Enrolment(runtime.event_log, runtime.recorder)
    return runtime.app(ROUTES, application=enrolment)
