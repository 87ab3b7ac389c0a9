"""`python -m matching`: the service on MENTORING_HTTP_HOST:MENTORING_HTTP_PORT (8102 by default)."""

import uvicorn

from mentoring_runtime.logs import configure_logging
from mentoring_runtime.telemetry import tracer_provider

from matching.bootstrap import SERVICE, create_app
from matching.settings import MatchingSettings

settings = MatchingSettings()
configure_logging(SERVICE, settings.log_level)
app = create_app(settings, tracer_provider(SERVICE, settings.otel_exporter))
uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_config=None)
