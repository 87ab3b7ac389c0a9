"""A path that is a credential (a calendar feed's URL) reaches no log line, no span and no metric label."""

import logging

import pytest
from litestar.testing import TestClient
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from mentoring_contracts import routes
from mentoring_runtime.logs import SECRET_PATHS, configure_logging
from mentoring_runtime.routing import application_dependency, served_routes
from mentoring_runtime.web import http_app

pytestmark = pytest.mark.unit

TOKEN = "q0Hk3kTqXb7yJ1v2Wn9cR4sP8mLd6fZa5eUo0iGhB3w"


class Feeds:
    async def feed(self, token: str) -> str:
        return "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def test_the_secret_paths_are_the_anonymous_rows() -> None:
    assert SECRET_PATHS == ("/calendar/",)


def test_a_log_line_with_a_secret_path_is_written_without_the_secret(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    handlers, level = root.handlers, root.level
    try:
        configure_logging("test")
        # uvicorn's access line, and a warning naming the path
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", f"/calendar/{TOKEN}.ics", "1.1", 200
        )
        logging.getLogger("gateway").warning("scheduling did not answer GET /calendar/%s.ics?x=1", TOKEN)
        logging.getLogger("gateway").info("an ordinary line about /api/v1/pairs/p1")
    finally:
        root.handlers, root.level = handlers, level
    written = capsys.readouterr().err
    assert TOKEN not in written
    assert '"GET /calendar/… HTTP/1.1" 200' in written
    assert "GET /calendar/…?x=1" in written
    assert "/api/v1/pairs/p1" in written


def test_a_feed_is_not_traced_and_its_metrics_name_the_route_not_the_path() -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    feeds = Feeds()
    app = http_app(
        service="feeds",  # its own metrics: the registry is the process's
        route_handlers=served_routes(Feeds, {routes.CALENDAR_FEED: Feeds.feed}),
        tracer_provider=provider,
        max_in_flight=8,
        provides={application_dependency(Feeds): feeds},
    )
    with TestClient(app) as client:
        assert client.get(f"/calendar/{TOKEN}.ics").status_code == 200
        metrics = client.get("/metrics").text
    assert exporter.get_finished_spans() == ()
    assert TOKEN not in metrics
    assert 'path="/calendar/{token' in metrics  # the template, as Litestar spells it
