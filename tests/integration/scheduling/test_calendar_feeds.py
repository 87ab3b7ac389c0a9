"""Calendar feeds on the real store: the token's digest uniquely indexed, a re-issue or revoke ending the old URL,
and issues racing each other leaving one live feed."""

import asyncio
from urllib.parse import urlsplit
from uuid import uuid4

import httpx
import pytest
from icalendar import Calendar

from mentoring_runtime.web import caller_headers
from tests.integration.scheduling.conftest import Service

pytestmark = pytest.mark.integration

FEED = "/api/v1/me/calendar-feed"


def _as(agency_id: str, person_id: str) -> dict[str, str]:
    return caller_headers(agency_id, person_id, ["mentee"], str(uuid4()))


async def _issue(service: Service, agency_id: str, person_id: str) -> str:
    issued = await service.client.post(FEED, headers=_as(agency_id, person_id))
    assert issued.status_code == 200, issued.text
    return urlsplit(issued.json()["url"]).path


async def _fetch(service: Service, path: str) -> httpx.Response:
    return await service.client.get(path)  # no caller: the feed has none


async def test_a_feed_opens_with_its_path_alone_until_replaced_or_revoked(service: Service) -> None:
    agency = f"a-{uuid4().hex[:8]}"
    first = await _issue(service, agency, "mentee")
    opened = await _fetch(service, first)
    assert opened.status_code == 200, opened.text
    assert opened.headers["content-type"] == "text/calendar; charset=utf-8"
    assert Calendar.from_ical(opened.content)["X-WR-CALNAME"] == "Mentoring meetings"

    second = await _issue(service, agency, "mentee")
    assert (await _fetch(service, first)).status_code == 404
    assert (await _fetch(service, second)).status_code == 200
    revoked = await service.client.delete(FEED, headers=_as(agency, "mentee"))
    assert (revoked.status_code, revoked.content) == (204, b"")
    assert (await _fetch(service, second)).status_code == 404
    documents = await service.database["calendar_feeds"].find({"agency_id": agency}).to_list()
    assert documents == []


async def test_issues_racing_each_other_leave_one_live_feed(service: Service) -> None:
    agency = f"a-{uuid4().hex[:8]}"
    answers = await asyncio.gather(
        *(service.client.post(FEED, headers=_as(agency, "mentor")) for _ in range(6)), return_exceptions=True
    )
    paths = [urlsplit(answer.json()["url"]).path for answer in answers if isinstance(answer, httpx.Response)
             and answer.status_code == 200]  # fmt: skip
    assert paths, answers
    live = [path for path in paths if (await _fetch(service, path)).status_code == 200]
    assert len(live) == 1, (paths, live)
    assert len(await service.database["calendar_feeds"].find({"agency_id": agency}).to_list()) == 1


async def test_a_path_without_the_suffix_or_a_token_never_issued_is_404(service: Service) -> None:
    agency = f"a-{uuid4().hex[:8]}"
    path = await _issue(service, agency, "mentee")
    assert (await _fetch(service, path.removesuffix(".ics"))).status_code == 404
    assert (await _fetch(service, "/calendar/" + "A" * 43 + ".ics")).status_code == 404
