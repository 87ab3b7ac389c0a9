"""The composition root: the only place that knows the concrete adapters."""

from litestar import Litestar
from litestar.di import Provide
from opentelemetry.sdk.trace import TracerProvider

from enrolment.api import ProgramsController
from enrolment.settings import EnrolmentSettings
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider

SERVICE = "enrolment"


def create_app(settings: EnrolmentSettings | None = None, tracer_provider: TracerProvider | None = None) -> Litestar:
    settings = settings or EnrolmentSettings()
    tracer_provider = tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    runtime = ServiceRuntime(SERVICE, settings, tracer_provider)
    return runtime.app(
        [ProgramsController], {"runtime": Provide(lambda: runtime, sync_to_thread=False, use_cache=True)}
    )
