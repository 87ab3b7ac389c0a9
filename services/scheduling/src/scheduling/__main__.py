"""`python -m scheduling`: serve the scheduling service."""

import uvicorn

from mentoring_runtime.logs import configure_logging
from mentoring_runtime.telemetry import tracer_provider
from scheduling.bootstrap import create_app
from scheduling.settings import SERVICE, SchedulingSettings


def main() -> None:
    settings = SchedulingSettings()
    configure_logging(SERVICE, settings.log_level)
    app = create_app(settings, tracer_provider(SERVICE, settings.otel_exporter))
    # log_config=None keeps the shared log format configured above.
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_config=None)


if __name__ == "__main__":
    main()
