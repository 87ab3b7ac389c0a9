"""The one route without a token: a calendar feed, whose URL is the secret. The gateway forwards its path and
nothing else, never a caller, refuses a URL that cannot be a feed's without asking, and audits the fetch without
writing the URL down."""

import json
import logging

import pytest
from litestar.testing import AsyncTestClient

from gateway.routes import FORWARDED
from mentoring_contracts import routes
from mentoring_contracts.names import Service
from tests.unit.gateway.conftest import FakeServices
from tests.unit.gateway.test_routes import FEED_TOKEN, ICS, Auth

pytestmark = pytest.mark.unit

FEED = f"/calendar/{FEED_TOKEN}.ics"
CALENDAR = {"content-type": "text/calendar; charset=utf-8"}


def test_the_feed_is_the_tables_only_anonymous_row_and_scheduling_serves_it() -> None:
    [row] = [row for row in FORWARDED if row.route.anonymous]
    assert (row.route, row.service, row.roles) == (routes.CALENDAR_FEED, Service.SCHEDULING, ())


async def test_the_feed_is_forwarded_without_a_token_and_relayed_as_a_calendar(
    client: AsyncTestClient, services: FakeServices
) -> None:
    services.body, services.headers = ICS, CALENDAR
    response = await client.get(FEED)
    assert (response.status_code, response.content) == (200, ICS)
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    [forwarded] = services.requests
    assert (forwarded.method, f"{forwarded.url.host}:{forwarded.url.port}", forwarded.url.path) == (
        "GET",
        "127.0.0.1:8103",
        FEED,
    )
    assert forwarded.headers["x-correlation-id"] == response.headers["x-correlation-id"]
    assert forwarded.content == b""


async def test_nothing_the_client_sends_but_the_path_reaches_the_service(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    # A token, caller headers or a query claim nothing here: the feed is the person the URL was issued to.
    services.body, services.headers = ICS, CALENDAR
    smuggled = {**auth("coordinator"), "X-Agency-Id": "agency-b", "X-Actor-Id": "someone", "X-Actor-Roles": "admin"}
    response = await client.get(FEED, params={"agency_id": "agency-b"}, headers=smuggled)
    assert response.status_code == 200
    [forwarded] = services.requests
    assert not {"authorization", "x-agency-id", "x-actor-id", "x-actor-roles"} & set(forwarded.headers)
    assert forwarded.url.query == b""


@pytest.mark.parametrize(
    "path",
    [
        f"/calendar/{FEED_TOKEN}",  # no suffix
        f"/calendar/{FEED_TOKEN}.ical",
        "/calendar/.ics",
        "/calendar/a%20b.ics",
        f"/calendar/{'a' * 129}.ics",
        "/calendar/a.b.ics",
    ],
)
async def test_a_url_that_cannot_be_a_feed_is_404_and_not_forwarded(
    client: AsyncTestClient, services: FakeServices, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert services.requests == []


async def test_the_services_404_for_a_revoked_feed_is_relayed(client: AsyncTestClient, services: FakeServices) -> None:
    services.status, services.body = 404, {"detail": "no such calendar feed"}
    response = await client.get(FEED)
    assert (response.status_code, response.json()) == (404, {"detail": "no such calendar feed"})


async def test_a_fetch_is_audited_as_the_route_never_the_url(
    client: AsyncTestClient, services: FakeServices, caplog: pytest.LogCaptureFixture
) -> None:
    services.body, services.headers = ICS, CALENDAR
    with caplog.at_level(logging.INFO, logger="mentoring.audit"):
        response = await client.get(FEED)
    [line] = [json.loads(record.getMessage()) for record in caplog.records if record.name == "mentoring.audit"]
    assert line == {
        "sub": None,
        "agency": None,
        "method": "GET",
        "path": "/calendar/{token}.ics",
        "status": 200,
        "correlation_id": response.headers["x-correlation-id"],
    }
    assert FEED_TOKEN not in caplog.text


async def test_the_document_shows_the_feed_as_a_calendar_without_a_token(client: AsyncTestClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    feed = schema["paths"]["/calendar/{token}.ics"]["get"]
    assert "/calendar/{token}" not in schema["paths"]
    assert feed["operationId"] == "getCalendarFeed"
    assert feed.get("security", []) == []
    assert feed["responses"]["200"]["content"] == {"text/calendar": {"schema": {"type": "string"}}}
    assert not {"401", "403"} & set(feed["responses"])
    assert [parameter["name"] for parameter in feed["parameters"]] == ["token"]
    invitation = schema["paths"]["/api/v1/pairs/{pair_id}/scheduled-meetings/{meeting_id}/invite.ics"]["get"]
    assert invitation["responses"]["200"]["content"] == {"text/calendar": {"schema": {"type": "string"}}}
    revoke = schema["paths"]["/api/v1/me/calendar-feed"]["delete"]
    assert "content" not in revoke["responses"]["204"]
