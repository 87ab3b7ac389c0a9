"""Query parameters and CSV uploads: checked by the gateway as the document states them, forwarded as checked."""

from collections.abc import Callable

import pytest
from litestar.testing import AsyncTestClient
from litestar.types import Message, Scope

from mentoring_runtime.routing import MAX_UPLOAD_BYTES
from tests.unit.gateway.conftest import FakeServices

pytestmark = pytest.mark.unit

Auth = Callable[..., dict[str, str]]

APPLICATIONS = "/api/v1/programs/g1/applications"
IMPORTS = "/api/v1/programs/g1/imports"
CSV = "name;email;languages\nZoë;zoe@agency.example;en;cy\n".encode()
AS_CSV = {"content-type": "text/csv"}


def _only_error(response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == "the request is invalid; nothing was changed"
    [error] = response.json()["errors"]
    return error


async def test_a_query_is_forwarded_as_its_model_reads_it_and_unset_parameters_are_left_out(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    response = await client.get(f"{APPLICATIONS}?status=pending&cursor=+c-9+", headers=auth("coordinator"))
    assert response.status_code == 200
    [forwarded] = services.requests
    assert forwarded.url.path == APPLICATIONS
    assert dict(forwarded.url.params) == {"status": "pending", "cursor": "c-9"}


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=many", "limit"), ("status=lost", "status"), ("cursor=", "cursor")],
)
async def test_an_invalid_query_parameter_gets_422_naming_it_and_nothing_is_forwarded(
    client: AsyncTestClient, services: FakeServices, auth: Auth, query: str, field: str
) -> None:
    response = await client.get(f"{APPLICATIONS}?{query}", headers=auth("coordinator"))
    assert _only_error(response)["field"] == field
    assert services.requests == []


async def test_an_unknown_query_parameter_gets_422_saying_which_the_route_takes(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    response = await client.get("/api/v1/programs?agency_id=agency-b", headers=auth("mentee"))
    assert _only_error(response) == {
        "field": "agency_id",
        "message": "not a query parameter of this route, which takes limit, cursor, status",
    }
    assert services.requests == []


@pytest.mark.parametrize("content_type", ["text/csv", "text/csv; charset=utf-8", "Text/CSV"])
async def test_a_csv_file_is_forwarded_as_its_bytes_with_its_media_type_and_query(
    client: AsyncTestClient, services: FakeServices, auth: Auth, content_type: str
) -> None:
    services.status, services.body = 202, {"id": "imp-1"}
    response = await client.post(
        f"{IMPORTS}?dry_run=true", content=CSV, headers={**auth("coordinator"), "content-type": content_type}
    )
    assert (response.status_code, response.json()) == (202, {"id": "imp-1"})
    [forwarded] = services.requests
    assert (forwarded.url.path, dict(forwarded.url.params)) == (IMPORTS, {"dry_run": "true"})
    assert (forwarded.headers["content-type"], forwarded.content) == ("text/csv", CSV)


async def test_a_file_of_exactly_the_limit_is_forwarded(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    response = await client.post(IMPORTS, content=b"x" * MAX_UPLOAD_BYTES, headers={**auth("coordinator"), **AS_CSV})
    assert response.status_code == 200
    [forwarded] = services.requests
    assert len(forwarded.content) == MAX_UPLOAD_BYTES


async def test_a_file_over_the_limit_gets_422_saying_to_split_it_and_is_not_forwarded(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    response = await client.post(
        IMPORTS, content=b"x" * (MAX_UPLOAD_BYTES + 1), headers={**auth("coordinator"), **AS_CSV}
    )
    assert _only_error(response) == {"field": "body", "message": "the file is over 20 MB; split it"}
    assert services.requests == []


@pytest.mark.parametrize(
    ("length", "chunks_read"),
    [(MAX_UPLOAD_BYTES + 1, 0), (None, MAX_UPLOAD_BYTES // 2**20 + 1)],
    ids=["a Content-Length over the limit: nothing", "no Content-Length: up to the chunk past the limit"],
)
async def test_a_body_over_the_limit_is_read_no_further(
    client: AsyncTestClient, services: FakeServices, auth: Auth, length: int | None, chunks_read: int
) -> None:
    """Through the ASGI interface, as a server streams a body: 64 MiB offered 1 MiB at a time."""
    offered = iter([b"x" * 2**20] * 64)
    read: list[bytes] = []
    sent: list[Message] = []

    async def receive() -> Message:
        read.append(next(offered))
        return {"type": "http.request", "body": read[-1], "more_body": True}

    async def send(message: Message) -> None:
        sent.append(message)

    headers = {**auth("coordinator"), **AS_CSV} | ({"content-length": str(length)} if length else {})
    await client.app(_scope("POST", IMPORTS, headers), receive, send)
    assert (sent[0]["status"], len(read)) == (422, chunks_read)
    assert services.requests == []


def _scope(method: str, path: str, headers: dict[str, str]) -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }  # type: ignore[typeddict-item]


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "multipart/form-data; boundary=x", None])
async def test_a_file_not_sent_as_csv_gets_422_saying_to_send_text_csv(
    client: AsyncTestClient, services: FakeServices, auth: Auth, content_type: str | None
) -> None:
    headers = auth("coordinator") | ({"content-type": content_type} if content_type else {})
    response = await client.post(IMPORTS, content=CSV, headers=headers)
    error = _only_error(response)
    assert error["field"] == "body"
    assert "send the file with Content-Type: text/csv" in error["message"]
    assert services.requests == []


async def test_an_upload_sent_again_with_its_key_is_answered_from_the_first_and_forwarded_once(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    services.status, services.body = 202, {"id": "imp-1"}
    keyed = {**auth("coordinator"), **AS_CSV, "Idempotency-Key": "import-1"}
    first = await client.post(IMPORTS, content=CSV, headers=keyed)
    again = await client.post(f"{IMPORTS}?dry_run=false", content=CSV, headers=keyed)  # the default, spelt out
    assert (again.status_code, again.json()) == (first.status_code, first.json()) == (202, {"id": "imp-1"})
    assert again.headers["idempotent-replayed"] == "true"
    assert len(services.requests) == 1


@pytest.mark.parametrize(
    ("query", "content"), [("", CSV + b"Ada;ada@agency.example;en\n"), ("?dry_run=true", CSV)], ids=["file", "query"]
)
async def test_the_same_key_with_another_file_or_query_gets_422_naming_the_key(
    client: AsyncTestClient, services: FakeServices, auth: Auth, query: str, content: bytes
) -> None:
    keyed = {**auth("coordinator"), **AS_CSV, "Idempotency-Key": "import-1"}
    await client.post(IMPORTS, content=CSV, headers=keyed)
    other = await client.post(f"{IMPORTS}{query}", content=content, headers=keyed)
    assert _only_error(other)["field"] == "Idempotency-Key"
    assert len(services.requests) == 1
