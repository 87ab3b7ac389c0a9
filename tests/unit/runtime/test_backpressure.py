"""The in-flight limit every service's app has: beyond it, /api requests are answered 503 at once, others never."""

import asyncio
from collections.abc import Callable

import pytest
from litestar import get
from litestar.handlers import HTTPRouteHandler
from opentelemetry.sdk.trace import TracerProvider

from mentoring_runtime.web import http_app
from tests.support.serving import serving

pytestmark = pytest.mark.unit


class Gate:
    """A route that holds each request until the test opens the gate, so requests stay in flight."""

    def __init__(self) -> None:
        self.open = asyncio.Event()
        self.waiting = 0

    def handler(self, path: str = "/api/v1/held") -> HTTPRouteHandler:
        @get(path)
        async def held() -> dict[str, str]:
            self.waiting += 1
            await self.open.wait()
            return {"status": "done"}

        return held


async def _until(condition: Callable[[], bool], what: str) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"not within 5s: {what}")


async def test_requests_beyond_the_limit_get_503_with_retry_after_at_once_and_others_go_through() -> None:
    gate = Gate()
    app = http_app(service="tiny", route_handlers=[gate.handler()], tracer_provider=TracerProvider(), max_in_flight=2)
    async with serving(app) as client:
        held = [asyncio.create_task(client.get("/api/v1/held")) for _ in range(2)]
        await _until(lambda: gate.waiting == 2, "two requests in flight")

        refused = await asyncio.wait_for(client.get("/api/v1/held"), timeout=2)
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "1"
        assert "tiny is busy" in refused.json()["detail"]
        for path in ("/health", "/ready", "/metrics"):
            assert (await client.get(path)).status_code == 200, f"{path} is never limited"

        gate.open.set()
        assert [response.status_code for response in await asyncio.gather(*held)] == [200, 200]
        assert (await client.get("/api/v1/held")).status_code == 200, "a slot is free again once a request ends"
        metrics = (await client.get("/metrics")).text
        assert 'status_code="503"' in metrics, "the refusals are counted as 503s"


def test_the_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="MENTORING_MAX_IN_FLIGHT"):
        http_app(service="tiny", route_handlers=[], tracer_provider=TracerProvider(), max_in_flight=0)


async def test_calendar_feeds_which_anyone_may_fetch_count_against_the_limit_too() -> None:
    gate = Gate()
    app = http_app(
        service="tiny", route_handlers=[gate.handler("/calendar/{feed:str}")], tracer_provider=TracerProvider(),
        max_in_flight=1,
    )  # fmt: skip
    async with serving(app) as client:
        held = asyncio.create_task(client.get("/calendar/a.ics"))
        await _until(lambda: gate.waiting == 1, "a feed in flight")
        assert (await asyncio.wait_for(client.get("/calendar/b.ics"), timeout=2)).status_code == 503
        gate.open.set()
        assert (await held).status_code == 200
