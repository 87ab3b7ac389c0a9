"""A row with exports (analytics as CSV or SVG): the gateway chooses the media type by the client's Accept,
forwards its choice as the Accept header, relays the service's Content-Type and Vary, and answers 406 itself,
without forwarding, when Accept takes nothing the row offers. Other rows forward no Accept of the client's."""

import json
import logging

import pytest
from litestar.testing import AsyncTestClient

from gateway.idempotency import request_digest
from gateway.payloads import Payload
from mentoring_contracts.api import AnalyticsQuery
from mentoring_contracts.routes import CSV, JSON, SVG
from tests.unit.gateway.conftest import FakeServices
from tests.unit.gateway.test_routes import Auth

pytestmark = pytest.mark.unit

PROGRAM_ANALYTICS = "/api/v1/programs/g1/analytics"
AGENCY_ANALYTICS = "/api/v1/agency/analytics"
CSV_BODY = b"scope,program\r\n"
SVG_BODY = b'<svg xmlns="http://www.w3.org/2000/svg"/>'


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("text/csv", CSV),
        ("text/*", CSV),
        ("image/svg+xml;q=0.9, text/csv;q=0.1", SVG),
        ("text/csv, */*", CSV),
        ("application/json;q=0, */*", CSV),
    ],
)
async def test_the_media_type_accept_prefers_is_forwarded_as_the_one_asked(
    client: AsyncTestClient, services: FakeServices, auth: Auth, accept: str | None, chosen: str
) -> None:
    headers = auth("coordinator") if accept is None else {**auth("coordinator"), "accept": accept}
    response = await client.get(PROGRAM_ANALYTICS, params={"from": "2026-01-01"}, headers=headers)
    assert response.status_code == 200
    [forwarded] = services.requests
    assert forwarded.headers["accept"] == chosen
    assert dict(forwarded.url.params) == {"from": "2026-01-01"}


@pytest.mark.parametrize(
    ("accept", "body", "content_type"),
    [("text/csv", CSV_BODY, "text/csv; charset=utf-8"), ("image/svg+xml", SVG_BODY, "image/svg+xml")],
)
async def test_an_export_is_relayed_with_the_services_content_type_and_vary(
    client: AsyncTestClient, services: FakeServices, auth: Auth, accept: str, body: bytes, content_type: str
) -> None:
    services.body, services.headers = body, {"content-type": content_type, "vary": "Accept"}
    response = await client.get(AGENCY_ANALYTICS, headers={**auth("leadership"), "accept": accept})
    assert (response.status_code, response.content) == (200, body)
    assert (response.headers["content-type"], response.headers["vary"]) == (content_type, "Accept")


@pytest.mark.parametrize("accept", ["text/html", "application/xml, text/plain", "text/csv;q=0, application/json;q=0"])
async def test_accept_taking_nothing_offered_is_406_naming_what_is_and_nothing_is_forwarded(
    client: AsyncTestClient, services: FakeServices, auth: Auth, accept: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="mentoring.audit"):
        response = await client.get(PROGRAM_ANALYTICS, headers={**auth("coordinator", sub="c9"), "accept": accept})
    assert response.status_code == 406
    assert f"{JSON}, {CSV}, {SVG}" in response.json()["detail"]
    assert services.requests == []
    [line] = [json.loads(r.getMessage()) for r in caplog.records if r.name == "mentoring.audit"]
    assert (line["sub"], line["path"], line["status"]) == ("c9", PROGRAM_ANALYTICS, 406)
    metrics = (await client.get("/metrics")).text
    assert any('status_code="406"' in row and "/analytics" in row for row in metrics.splitlines())


async def test_a_row_without_exports_forwards_no_accept_of_the_clients(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    response = await client.get("/api/v1/programs/g1", headers={**auth("coordinator"), "accept": "text/csv"})
    assert response.status_code == 200  # as before: a JSON row answers JSON, whatever Accept says
    [forwarded] = services.requests
    assert "text/csv" not in forwarded.headers.get("accept", "")


async def test_the_role_and_the_query_are_checked_before_the_media_type_is_forwarded(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    refused = await client.get(PROGRAM_ANALYTICS, headers={**auth("mentor"), "accept": "text/csv"})
    invalid = await client.get(
        PROGRAM_ANALYTICS, params={"from_": "2026-01-01"}, headers={**auth("coordinator"), "accept": "text/csv"}
    )
    assert (refused.status_code, invalid.status_code) == (403, 422)
    assert invalid.json()["errors"] == [
        {"field": "from_", "message": "not a query parameter of this route, which takes from, to, chart"}
    ]
    assert services.requests == []


def test_the_media_type_asked_counts_in_a_requests_digest_only_where_a_row_negotiates_one() -> None:
    query = AnalyticsQuery()
    assert request_digest(Payload(query=query, accept=CSV)) != request_digest(Payload(query=query, accept=JSON))
    assert request_digest(Payload(query=query)) != request_digest(Payload(query=query, accept=JSON))
    assert request_digest(Payload()) == request_digest(Payload(accept=None))
