import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from httpx import Response
from litestar.testing import AsyncTestClient

from gateway.app import create_app
from gateway.routes import FORWARDED, Forwarded
from gateway.settings import GatewaySettings
from gateway.tokens import issue_dev_token
from mentoring_contracts.api import (
    AgreementsQuery,
    AnalyticsQuery,
    AnswerRequest,
    ApplicationsQuery,
    Apply,
    Approve,
    ChangeScheduledMeeting,
    ClosePartnership,
    CreateProgram,
    DissolvePartnership,
    EnrolParticipant,
    ImportQuery,
    InfoSessionsQuery,
    LogMeeting,
    MyPartnershipsQuery,
    MyRequestsQuery,
    MySuggestionsQuery,
    PageQuery,
    PairChoice,
    PartnershipsQuery,
    ProfilePatch,
    ProgramRequestsQuery,
    ProgramsQuery,
    ProposeAgreement,
    RecordAttendance,
    Reject,
    RequestMentor,
    ScheduleInfoSession,
    ScheduleMeeting,
    SignAgreement,
    StartMatchRun,
    SuggestionsQuery,
    UpdateProgram,
    Withdraw,
)
from mentoring_contracts.api.plans import AgreePlan, AssessProgress, ReportProgress, RevisePlan
from mentoring_contracts.api.surveys import EvaluationPolicy, MySurveysQuery, RespondToSurvey, SurveyResponsesQuery
from mentoring_contracts.names import Role, Service
from tests.support.memory_store import MemoryDatabase
from tests.unit.gateway.conftest import FakeServices

pytestmark = pytest.mark.unit

Auth = Callable[..., dict[str, str]]

PROGRAM = {"name": "Leaders 2026", "kind": "one_to_one", "cadence": {"meetings_per_month": 1, "hours_per_month": 1}}
MENTOR = {
    "role": "mentor",
    "person": {
        "id": "p1",
        "name": "Ada",
        "email": "ada@example.org",
        "department": "Finance",
        "grade": "G7",
        "languages": ["en"],
    },
    "skills": ["budgeting"],
    "capacity": 2,
}
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
FEED_TOKEN = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8"  # the shape secrets.token_urlsafe(32) gives
MEETING = {"held_at": "2026-01-05T10:00:00Z", "duration_minutes": 60, "notes": "private"}
CSV = "name;email\nZoë;zoe@agency.example\n".encode()


# Sample values for the table's rows: ids for path parameters, a valid body, query and upload for each model.
PATH_SAMPLES = {
    "program_id": "g1",
    "run_id": "r1",
    "pair_id": "pair-1",
    "application_id": "app-1",
    "session_id": "s1",
    "import_id": "imp-1",
    "person_id": "p1",
    "request_id": "req-1",
    "meeting_id": "sm-1",
    "report_id": "rep-1",
    "survey_id": "sv-1",
}
OBJECTIVE = {
    "specific": "Lead the quarterly budget review",
    "measure": "The review is signed off on time",
    "achievable": "The mentor leads it today",
    "relevant": "Budgets are the next grade's work",
    "target_date": "2026-06-30",
}
BODY_SAMPLES = {
    CreateProgram: PROGRAM,
    UpdateProgram: {"name": "Leaders 2027"},
    EnrolParticipant: MENTOR,
    Apply: {"role": "mentee"},
    Approve: {"exception_justification": "the only Welsh speaker"},
    Reject: {"reason": "no places left"},
    Withdraw: {},
    ProfilePatch: {"grade": "G8"},
    ScheduleInfoSession: {"starts_at": "2026-02-01T10:00:00Z", "capacity": 20, "location": "Room 1"},
    RecordAttendance: {"person_ids": ["p1"]},
    LogMeeting: MEETING,
    StartMatchRun: {"objective": "highest_total", "min_score": 40},
    PairChoice: {"mentee_id": "e1", "mentor_id": "m1"},
    RequestMentor: {"mentor_id": "m1", "message": "I would like to learn budgeting from you"},
    AnswerRequest: {"reason": "happy to"},
    ProposeAgreement: {"based_on_version": 0, "schedule": {"frequency": "fortnightly", "mode": "virtual"}},
    SignAgreement: {"version": 1},
    DissolvePartnership: {"reason": "poor_fit", "initiated_by": "mentee"},
    ClosePartnership: {"reason": "term_completed", "goals": [{"goal": "Lead a team", "outcome": "achieved"}]},
    ScheduleMeeting: {"starts_at": "2026-02-01T10:00:00Z", "duration_minutes": 60, "mode": "virtual"},
    ChangeScheduledMeeting: {"checklist_done": ["introductions"]},
    ReportProgress: {"month": "2026-11", "objectives": [{"objective": 1, "status": "on_track", "percent": 40}]},
    AssessProgress: {"assessment": "A good month"},
    RevisePlan: {"based_on_revision": 0, "objectives": [OBJECTIVE]},
    AgreePlan: {"revision": 1},
    EvaluationPolicy: {"report_due_day": 10},
    RespondToSurvey: {"answers": [{"question_id": "fit", "rating": 4}]},
}
QUERY_SAMPLES = {
    ProgramsQuery: {"status": "open"},
    ApplicationsQuery: {"limit": "5", "status": "pending"},
    InfoSessionsQuery: {"cursor": "c-1"},
    ImportQuery: {"dry_run": "true"},
    PageQuery: {"limit": "20"},
    SuggestionsQuery: {"limit": "3"},
    MySuggestionsQuery: {"program_id": "g1", "limit": "3"},
    MyRequestsQuery: {"status": "open", "program_id": "g1"},
    ProgramRequestsQuery: {"status": "declined", "limit": "10"},
    MyPartnershipsQuery: {"program_id": "g1"},
    PartnershipsQuery: {"status": "overdue"},
    AgreementsQuery: {"status": "signed"},
    AnalyticsQuery: {"from": "2026-01-01", "chart": "cadence"},
    MySurveysQuery: {"status": "open"},
    SurveyResponsesQuery: {"kind": "closing"},
}
UPLOAD_SAMPLES = {"text/csv": CSV}
SERVICE_ADDRESSES = {
    Service.ENROLMENT: "127.0.0.1:8101",
    Service.MATCHING: "127.0.0.1:8102",
    Service.SCHEDULING: "127.0.0.1:8103",
    Service.EVALUATION: "127.0.0.1:8104",
}


@dataclass(frozen=True)
class Call:
    """One row of the gateway's route table, made concrete: a path with ids, a body, a role that may call it."""

    row: Forwarded

    def __str__(self) -> str:
        return str(self.row.route)

    @property
    def method(self) -> str:
        return self.row.route.method

    @property
    def path(self) -> str:
        return self.row.route.path.format(**PATH_SAMPLES)

    @property
    def methods_at_its_path(self) -> set[str]:
        return {row.route.method for row in FORWARDED if row.route.path == self.row.route.path}

    @property
    def body(self) -> dict[str, Any] | None:
        return BODY_SAMPLES[self.row.route.body] if self.row.route.body else None

    @property
    def upload(self) -> bytes | None:
        return UPLOAD_SAMPLES[self.row.route.upload] if self.row.route.upload else None

    @property
    def query(self) -> dict[str, str]:
        return QUERY_SAMPLES[self.row.route.query] if self.row.route.query else {}

    @property
    def role(self) -> str:
        return self.row.roles[0]

    @property
    def service(self) -> str:
        return SERVICE_ADDRESSES[self.row.service]

    async def call(self, client: AsyncTestClient, headers: dict[str, str]) -> Response:
        if self.upload is not None:
            headers = {**headers, "content-type": self.row.route.upload}
        return await client.request(
            self.method, self.path, params=self.query, json=self.body, content=self.upload, headers=headers
        )


ROUTES = [Call(row) for row in FORWARDED if not row.route.anonymous]


@pytest.mark.parametrize("route", ROUTES, ids=str)
async def test_each_route_forwards_to_its_service_as_the_token_caller(
    client: AsyncTestClient, services: FakeServices, auth: Auth, route: Call
) -> None:
    services.status, services.body = 201, {"id": "new-1"}
    response = await route.call(client, auth(route.role, sub="u7", agency="agency-a"))
    assert (response.status_code, response.json()) == (201, {"id": "new-1"})
    [forwarded] = services.requests
    assert (forwarded.method, f"{forwarded.url.host}:{forwarded.url.port}", forwarded.url.path) == (
        route.method,
        route.service,
        route.path,
    )
    assert forwarded.headers["x-agency-id"] == "agency-a"
    assert forwarded.headers["x-actor-id"] == "u7"
    assert forwarded.headers["x-actor-roles"] == route.role
    assert forwarded.headers["x-correlation-id"] == response.headers["x-correlation-id"]
    assert "authorization" not in forwarded.headers
    assert dict(forwarded.url.params) == route.query
    if route.upload is not None:
        assert (forwarded.headers["content-type"], forwarded.content) == (route.row.route.upload, route.upload)
    else:
        assert (json.loads(forwarded.content) if forwarded.content else None) == route.body


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer not-a-jwt", "Basic dTpw"])
async def test_every_api_route_needs_a_valid_token(
    client: AsyncTestClient, services: FakeServices, route: Call, authorization: str | None
) -> None:
    response = await route.call(client, {"Authorization": authorization} if authorization else {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["detail"]
    assert services.requests == []


async def test_an_expired_token_is_refused_saying_so(client: AsyncTestClient, settings: GatewaySettings) -> None:
    expired = issue_dev_token("u1", "a1", ["coordinator"], timedelta(minutes=-5), settings)
    response = await client.get("/api/v1/programs/g1/pairs", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


@pytest.mark.parametrize("route", ROUTES, ids=str)
async def test_a_caller_without_the_role_gets_403_naming_it(
    client: AsyncTestClient, services: FakeServices, auth: Auth, route: Call
) -> None:
    # A role of the platform the row does not let in, or, for a row open to all of them, a role it does not know.
    refused = next((role for role in Role if role not in route.row.roles), "guest")
    response = await route.call(client, auth(refused))
    assert response.status_code == 403
    assert f"the role {' or '.join(route.row.roles)}" in response.json()["detail"]
    assert services.requests == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/programs", {**PROGRAM, "kind": "triad"}),
        ("/api/v1/programs", {**PROGRAM, "agency_id": "agency-b"}),
        ("/api/v1/programs/g1/participants", {**MENTOR, "capacity": 0}),
        ("/api/v1/pairs/pair-1/meetings", {**MEETING, "held_at": "2026-01-05T10:00:00"}),
        # What the OpenAPI document refuses, validation refuses too (schemathesis found each accepted, or a 500):
        ("/api/v1/programs", {**PROGRAM, "cadence": {**PROGRAM["cadence"], "extra": 1}}),
        ("/api/v1/programs", {**PROGRAM, "cadence": {"meetings_per_month": "1", "hours_per_month": True}}),
        ("/api/v1/programs", {**PROGRAM, "name": "   "}),
        ("/api/v1/programs", {**PROGRAM, "name": "Leaders\u0000"}),
        ("/api/v1/programs/g1/participants", {**MENTOR, "person": {**MENTOR["person"], "languages": [None]}}),
        ("/api/v1/programs/g1/participants", {**MENTOR, "capacity": "2"}),
        ("/api/v1/pairs/pair-1/meetings", {**MEETING, "held_at": 0}),
        ("/api/v1/pairs/pair-1/meetings", {**MEETING, "held_at": "1700000000"}),
        ("/api/v1/pairs/pair-1/meetings", {**MEETING, "duration_minutes": "60"}),
        ("/api/v1/pairs/pair-1/meetings", {**MEETING, "notes": "a\u0000b"}),
    ],
)
async def test_an_invalid_body_gets_422_and_nothing_is_forwarded(
    client: AsyncTestClient, services: FakeServices, auth: Auth, path: str, body: dict[str, Any]
) -> None:
    response = await client.post(path, json=body, headers=auth("coordinator", "mentee"))
    assert response.status_code == 422
    assert response.json()["errors"]
    assert services.requests == []


async def test_the_agency_comes_from_the_token_whatever_the_request_claims(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    smuggled = {"X-Agency-Id": "agency-b", "X-Actor-Id": "someone", "X-Actor-Roles": "admin"}
    response = await client.post(
        "/api/v1/programs?agency_id=agency-b", json=PROGRAM, headers={**auth("coordinator"), **smuggled}
    )
    assert response.status_code == 200
    [forwarded] = services.requests
    assert forwarded.headers.get_list("x-agency-id") == ["agency-a"]
    assert forwarded.headers.get_list("x-actor-id") == ["u1"]
    assert forwarded.headers.get_list("x-actor-roles") == ["coordinator"]
    assert forwarded.url.query == b""


@pytest.mark.parametrize("status", [403, 404, 422])
async def test_the_service_answer_is_relayed_as_it_is(
    client: AsyncTestClient, services: FakeServices, auth: Auth, status: int
) -> None:
    services.status, services.body = status, {"detail": "from the service"}
    response = await client.post("/api/v1/pairs/pair-1/meetings", json=MEETING, headers=auth("mentor"))
    assert (response.status_code, response.json()) == (status, {"detail": "from the service"})


async def test_an_unreachable_service_gets_503_naming_it(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    services.down = True
    response = await client.get("/api/v1/programs/g1/metrics", headers=auth("coordinator"))
    assert response.status_code == 503
    assert response.json()["detail"] == "evaluation is unavailable; retry shortly"
    assert "trace_id" in response.json()


async def test_a_service_that_does_not_answer_in_time_gets_504_saying_to_retry(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    services.stalled = True
    response = await client.get("/api/v1/programs/g1/metrics", headers=auth("coordinator"))
    assert response.status_code == 504
    assert response.json()["detail"] == "evaluation did not answer within 10s; retry shortly"


async def test_a_post_that_times_out_gets_504_saying_the_outcome_is_unknown(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    services.stalled = True
    response = await client.post("/api/v1/programs", json=PROGRAM, headers=auth("coordinator"))
    assert response.status_code == 504
    assert response.json()["detail"] == (
        "enrolment did not answer within 10s, so the outcome is unknown: retry with the same Idempotency-Key"
    )


async def test_the_whole_call_has_one_deadline(settings: GatewaySettings, auth: Auth) -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(201, json={"id": "late"})

    quick = settings.model_copy(update={"upstream_timeout_seconds": 0.05})
    async with AsyncTestClient(
        create_app(quick, upstream_transport=httpx.MockTransport(slow), database=MemoryDatabase())
    ) as client:
        response = await client.post("/api/v1/programs", json=PROGRAM, headers=auth("coordinator"))
    assert response.status_code == 504
    assert "within 0.05s" in response.json()["detail"]


async def test_a_busy_services_503_and_retry_after_are_relayed(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    services.status, services.body, services.headers = 503, {"detail": "enrolment is busy"}, {"Retry-After": "1"}
    response = await client.post("/api/v1/programs", json=PROGRAM, headers=auth("coordinator"))
    assert (response.status_code, response.json()) == (503, {"detail": "enrolment is busy"})
    assert response.headers["retry-after"] == "1"


@pytest.mark.parametrize("bad_id", ["a" * 129, "g1.json", "g%201", "%2E%2E"])
async def test_a_malformed_id_is_404_and_not_forwarded(
    client: AsyncTestClient, services: FakeServices, auth: Auth, bad_id: str
) -> None:
    response = await client.get(f"/api/v1/programs/{bad_id}/pairs", headers=auth("coordinator"))
    assert response.status_code == 404
    assert services.requests == []


async def test_the_trace_context_travels_to_the_service(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    await client.get("/api/v1/programs/g1/pairs", headers=auth("coordinator"))
    [forwarded] = services.requests
    assert forwarded.headers["traceparent"].startswith("00-")


async def test_each_api_call_is_audited_once_without_its_body(
    client: AsyncTestClient, auth: Auth, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="mentoring.audit"):
        ok = await client.post("/api/v1/pairs/pair-1/meetings", json=MEETING, headers=auth("mentor", sub="m1"))
        refused = await client.get("/api/v1/programs/g1/pairs")
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == "mentoring.audit"]
    assert lines == [
        {
            "sub": "m1",
            "agency": "agency-a",
            "method": "POST",
            "path": "/api/v1/pairs/pair-1/meetings",
            "status": 200,
            "correlation_id": ok.headers["x-correlation-id"],
        },
        {
            "sub": None,
            "agency": None,
            "method": "GET",
            "path": "/api/v1/programs/g1/pairs",
            "status": 401,
            "correlation_id": refused.headers["x-correlation-id"],
        },
    ]
    assert "private" not in caplog.text


async def test_a_calendar_is_relayed_as_the_service_sent_it(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    services.body, services.headers = ICS, {"content-type": "text/calendar; charset=utf-8"}
    response = await client.get("/api/v1/pairs/pair-1/scheduled-meetings/sm-1/invite.ics", headers=auth("mentee"))
    assert (response.status_code, response.content) == (200, ICS)
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"


async def test_a_204_is_relayed_without_a_body(client: AsyncTestClient, services: FakeServices, auth: Auth) -> None:
    services.status, services.body = 204, b""
    response = await client.delete("/api/v1/me/calendar-feed", headers=auth("mentor", sub="m1"))
    assert (response.status_code, response.content) == (204, b"")
    [forwarded] = services.requests
    assert (forwarded.method, forwarded.url.path, forwarded.headers["x-actor-id"]) == (
        "DELETE",
        "/api/v1/me/calendar-feed",
        "m1",
    )


async def test_public_endpoints_need_no_token(client: AsyncTestClient) -> None:
    for path in ("/health", "/ready", "/metrics", "/schema/openapi.json"):
        assert (await client.get(path)).status_code == 200, path


async def test_the_schema_documents_the_api_and_its_bearer_scheme(client: AsyncTestClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert schema["info"]["title"] == "Mentoring platform API"
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    create = schema["paths"]["/api/v1/programs"]["post"]
    assert create["operationId"] == "createProgram"
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/CreateProgram")
    assert create["security"] == [{"BearerToken": []}]


@pytest.mark.parametrize("route", ROUTES, ids=str)
async def test_options_answers_which_methods_a_route_takes_without_a_token(
    client: AsyncTestClient, services: FakeServices, auth: Auth, route: Call, caplog: pytest.LogCaptureFixture
) -> None:
    # A browser's preflight carries no token: OPTIONS is answered before authentication, and audited without a caller.
    preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": route.method}
    with caplog.at_level(logging.INFO, logger="mentoring.audit"):
        for headers in ({}, auth(route.role), preflight):
            response = await client.options(route.path, headers=headers)
            assert response.status_code == 204, response.text
            assert set(response.headers["allow"].split(", ")) == {*route.methods_at_its_path, "OPTIONS"}
    assert services.requests == []
    audited = [json.loads(record.getMessage()) for record in caplog.records if record.name == "mentoring.audit"]
    assert [(line["method"], line["status"], line["sub"]) for line in audited] == [("OPTIONS", 204, None)] * 3


async def test_a_body_that_is_not_json_gets_400_in_the_documented_shape(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    response = await client.post(
        "/api/v1/programs", content=b"{not json", headers={**auth("coordinator"), "content-type": "application/json"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "trace_id"}
    assert "malformed" in response.json()["detail"]
    assert services.requests == []


async def test_calls_spread_over_a_services_instances_and_pass_over_one_that_refuses(
    settings: GatewaySettings, auth: Auth
) -> None:
    reached: list[str] = []

    async def instances(request: httpx.Request) -> httpx.Response:
        if request.url.port == 8112:
            raise httpx.ConnectError("connection refused", request=request)
        reached.append(f"{request.url.host}:{request.url.port}")
        return httpx.Response(200, json={"items": [], "next_cursor": None})

    several = settings.model_copy(
        update={"matching_url": "http://127.0.0.1:8102, http://127.0.0.1:8112,http://127.0.0.1:8122"}
    )
    async with AsyncTestClient(
        create_app(several, upstream_transport=httpx.MockTransport(instances), database=MemoryDatabase())
    ) as client:
        answers = [await client.get("/api/v1/programs/g1/pairs", headers=auth("coordinator")) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert reached == ["127.0.0.1:8102", "127.0.0.1:8122", "127.0.0.1:8122"]  # the second call passed 8112 over


async def test_a_service_none_of_whose_instances_answers_is_unavailable(settings: GatewaySettings, auth: Auth) -> None:
    async def refusing(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    several = settings.model_copy(update={"matching_url": "http://127.0.0.1:8102,http://127.0.0.1:8112"})
    async with AsyncTestClient(
        create_app(several, upstream_transport=httpx.MockTransport(refusing), database=MemoryDatabase())
    ) as client:
        response = await client.get("/api/v1/programs/g1/pairs", headers=auth("coordinator"))
    assert (response.status_code, response.json()["detail"]) == (503, "matching is unavailable; retry shortly")
