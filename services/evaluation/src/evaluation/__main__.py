"""`python -m evaluation`: serve the evaluation service."""

import uvicorn

from evaluation.bootstrap import create_app
from evaluation.settings import SERVICE, EvaluationSettings
from mentoring_runtime.logs import configure_logging
from mentoring_runtime.telemetry import tracer_provider


def main() -> None:
    settings = EvaluationSettings()
    configure_logging(SERVICE, settings.log_level)
    app = create_app(settings, tracer_provider(SERVICE, settings.otel_exporter))
    # log_config=None keeps the shared log format configured above.
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_config=None)


if __name__ == "__main__":
    main()
