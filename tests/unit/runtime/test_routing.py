"""A service's handlers, built from rows: the method gets the path ids, the body or the upload's bytes, then the query;
a row of another media type answers the method's text as it, a 204 row nothing, an anonymous row has no caller."""

from typing import Any

import pytest
from litestar.testing import TestClient
from opentelemetry.sdk.trace import TracerProvider

from mentoring_contracts import routes
from mentoring_contracts.api import (
    AnalyticsQuery,
    ApplicationPage,
    ApplicationsQuery,
    ImportQuery,
    ProgramPage,
    ProgramsQuery,
)
from mentoring_contracts.names import ApplicationStatus
from mentoring_runtime.routing import (
    MAX_UPLOAD_BYTES,
    application_dependency,
    litestar_path,
    path_suffixes,
    served_routes,
)
from mentoring_runtime.web import Caller, http_app
from tests.support.analytics import analytics_answer

pytestmark = pytest.mark.unit

ANSWER = analytics_answer()
ANALYTICS = "/api/v1/programs/prog-1/analytics"
CALLER = {"x-agency-id": "agency-a", "x-actor-id": "coord-1", "x-actor-roles": "coordinator"}


class Recorder:
    """An application service that records the arguments each method is called with."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    async def list_programs(self, caller: Caller, query: ProgramsQuery) -> ProgramPage:
        self.calls.append(("list_programs", (query,)))
        return ProgramPage(items=[])

    async def list_applications(self, caller: Caller, program_id: str, query: ApplicationsQuery) -> ApplicationPage:
        self.calls.append(("list_applications", (program_id, query)))
        return ApplicationPage(items=[])

    async def start_import(self, caller: Caller, program_id: str, file: bytes, query: ImportQuery) -> str:
        self.calls.append(("start_import", (program_id, file, query)))
        return "import-1"

    async def invitation(self, caller: Caller, pair_id: str, meeting_id: str) -> str:
        self.calls.append(("invitation", (caller.actor_id, pair_id, meeting_id)))
        return "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"

    async def revoke_feed(self, caller: Caller) -> None:
        self.calls.append(("revoke_feed", (caller.actor_id,)))

    async def feed(self, token: str) -> bytes:
        self.calls.append(("feed", (token,)))
        return b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"

    async def analytics(self, caller: Caller, program_id: str, query: AnalyticsQuery, media_type: str) -> Any:
        self.calls.append(("analytics", (program_id, query, media_type)))
        if media_type == routes.JSON:
            return ANSWER
        return "period,figure\r\n" if media_type == routes.CSV else b"<svg/>"


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def client(recorder: Recorder) -> TestClient:
    table = {
        routes.LIST_PROGRAMS: Recorder.list_programs,
        routes.LIST_APPLICATIONS: Recorder.list_applications,
        routes.START_IMPORT: Recorder.start_import,
        routes.MEETING_INVITATION: Recorder.invitation,
        routes.REVOKE_CALENDAR_FEED: Recorder.revoke_feed,
        routes.CALENDAR_FEED: Recorder.feed,
        routes.GET_PROGRAM_ANALYTICS: Recorder.analytics,
    }
    app = http_app(
        service="test",
        route_handlers=served_routes(Recorder, table),
        tracer_provider=TracerProvider(),
        max_in_flight=8,
        provides={application_dependency(type(recorder)): recorder},
    )
    with TestClient(app) as test_client:
        yield test_client


def test_a_method_gets_its_path_ids_then_the_query_model(client: TestClient, recorder: Recorder) -> None:
    response = client.get("/api/v1/programs/g1/applications?limit=5&status=pending&cursor=c-9", headers=CALLER)
    assert response.status_code == 200, response.text
    assert recorder.calls == [
        ("list_applications", ("g1", ApplicationsQuery(limit=5, status=ApplicationStatus.PENDING, cursor="c-9")))
    ]


def test_a_query_left_out_is_the_models_defaults(client: TestClient, recorder: Recorder) -> None:
    assert client.get("/api/v1/programs", headers=CALLER).status_code == 200
    [(_, (query,))] = recorder.calls
    assert (query, query.model_fields_set) == (ProgramsQuery(), set())


def test_an_upload_arrives_as_its_raw_bytes_before_the_query(client: TestClient, recorder: Recorder) -> None:
    csv = "name;email\nZoë;zoe@agency.example\n".encode() + b"\xff"  # not UTF-8 throughout: the service checks that
    response = client.post(
        "/api/v1/programs/g1/imports?dry_run=true", content=csv, headers={**CALLER, "content-type": "text/csv"}
    )
    assert (response.status_code, response.json()) == (202, {"id": "import-1"})
    assert recorder.calls == [("start_import", ("g1", csv, ImportQuery(dry_run=True)))]


def test_an_upload_up_to_the_limit_is_read_past_litestars_default_limit(client: TestClient, recorder: Recorder) -> None:
    csv = b"x" * MAX_UPLOAD_BYTES
    response = client.post("/api/v1/programs/g1/imports", content=csv, headers={**CALLER, "content-type": "text/csv"})
    assert response.status_code == 202, response.text
    [(_, (_, received, _))] = recorder.calls
    assert received == csv


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("status=lost", "status"),
        ("cursor=", "cursor"),
        ("page=2", "page"),
    ],
)
def test_an_invalid_query_is_refused_422_naming_the_parameter_and_the_method_is_not_called(
    client: TestClient, recorder: Recorder, query: str, field: str
) -> None:
    response = client.get(f"/api/v1/programs/g1/applications?{query}", headers=CALLER)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert recorder.calls == []


def test_a_row_of_another_media_type_answers_the_methods_text_as_it(client: TestClient, recorder: Recorder) -> None:
    response = client.get("/api/v1/pairs/pair-1/scheduled-meetings/sm-1/invite.ics", headers=CALLER)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.content == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert recorder.calls == [("invitation", ("coord-1", "pair-1", "sm-1"))]


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "text/csv;q=0.5, application/json"])
def test_a_row_with_exports_answers_json_unless_accept_asks_otherwise(
    client: TestClient, recorder: Recorder, accept: str | None
) -> None:
    headers = CALLER if accept is None else {**CALLER, "accept": accept}
    response = client.get(ANALYTICS, params={"from": "2026-01-01"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["vary"] == "Accept"
    assert response.json() == ANSWER.model_dump(mode="json")
    assert recorder.calls == [
        ("analytics", ("prog-1", AnalyticsQuery.model_validate({"from": "2026-01-01"}), routes.JSON))
    ]


@pytest.mark.parametrize(
    ("accept", "media_type", "body", "content_type"),
    [
        ("text/csv", routes.CSV, b"period,figure\r\n", "text/csv; charset=utf-8"),
        ("image/svg+xml;q=0.9, text/csv;q=0.1", routes.SVG, b"<svg/>", "image/svg+xml"),
    ],
)
def test_a_row_with_exports_gives_the_method_the_chosen_media_type_and_answers_its_text_as_it(
    client: TestClient, recorder: Recorder, accept: str, media_type: str, body: bytes, content_type: str
) -> None:
    response = client.get(ANALYTICS, headers={**CALLER, "accept": accept})
    assert (response.status_code, response.content) == (200, body)
    assert response.headers["content-type"] == content_type
    assert response.headers["vary"] == "Accept"
    assert recorder.calls == [("analytics", ("prog-1", AnalyticsQuery(), media_type))]


def test_a_row_with_exports_answers_406_when_accept_takes_none_and_the_method_is_not_called(
    client: TestClient, recorder: Recorder
) -> None:
    response = client.get(ANALYTICS, headers={**CALLER, "accept": "text/html"})
    assert response.status_code == 406
    assert "application/json, text/csv, image/svg+xml" in response.json()["detail"]
    assert recorder.calls == []


def test_a_204_row_answers_no_body(client: TestClient, recorder: Recorder) -> None:
    response = client.delete("/api/v1/me/calendar-feed", headers=CALLER)
    assert (response.status_code, response.content) == (204, b"")
    assert recorder.calls == [("revoke_feed", ("coord-1",))]


def test_an_anonymous_row_needs_no_caller_and_its_method_gets_the_path_without_the_suffix(
    client: TestClient, recorder: Recorder
) -> None:
    response = client.get("/calendar/s3cret-token.ics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert recorder.calls == [("feed", ("s3cret-token",))]


@pytest.mark.parametrize("path", ["/calendar/s3cret-token", "/calendar/s3cret-token.ical", "/calendar/.ics"])
def test_a_segment_without_its_suffix_is_404_and_the_method_is_not_called(
    client: TestClient, recorder: Recorder, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert ".ics" in response.json()["detail"]
    assert recorder.calls == []


def test_a_routed_row_without_its_caller_is_400(client: TestClient, recorder: Recorder) -> None:
    response = client.get("/api/v1/pairs/pair-1/scheduled-meetings/sm-1/invite.ics")
    assert response.status_code == 400
    assert recorder.calls == []


def test_a_suffixed_parameter_is_routed_as_its_whole_segment() -> None:
    assert litestar_path("/calendar/{token}.ics") == "/calendar/{token:str}"
    assert path_suffixes("/calendar/{token}.ics") == {"token": ".ics"}
    assert litestar_path("/api/v1/pairs/{pair_id}/x/invite.ics") == "/api/v1/pairs/{pair_id:str}/x/invite.ics"
    assert path_suffixes("/api/v1/pairs/{pair_id}/x/invite.ics") == {}
