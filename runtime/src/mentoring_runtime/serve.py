"""The entry point every service shares: `python -m <service>` serves it with the platform's logging and tracing."""

from collections.abc import Callable
from typing import TypeVar

import uvicorn
from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from mentoring_runtime.logs import configure_logging
from mentoring_runtime.settings import ServiceSettings
from mentoring_runtime.telemetry import tracer_provider

S = TypeVar("S", bound=ServiceSettings)


def serve(service: str, settings: S, create_app: Callable[[S, TracerProvider], Litestar]) -> None:
    configure_logging(service, settings.log_level)
    app = create_app(settings, tracer_provider(service, settings.otel_exporter))
    # log_config=None keeps the platform's log format (service and trace id on every line).
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_config=None)
