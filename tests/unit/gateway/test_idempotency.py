"""Idempotency-Keys on POSTs: one forward per key and caller, the first final answer replayed, failures retried."""

import asyncio
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Response
from litestar.exceptions import HTTPException
from litestar.testing import AsyncTestClient
from pymongo.errors import AutoReconnect

from gateway.idempotency import CLAIM_MARGIN, Idempotency, key_digest, request_digest
from gateway.payloads import Payload
from gateway.stores import COLLECTION, Claim, IdempotencyKeys
from gateway.tokens import Principal
from mentoring_contracts.api import CreateProgram
from tests.support.memory_store import MemoryDatabase
from tests.unit.gateway.conftest import FakeServices

pytestmark = pytest.mark.unit

Auth = Callable[..., dict[str, str]]

PROGRAM = {"name": "Leaders 2026", "kind": "one_to_one", "cadence": {"meetings_per_month": 1, "hours_per_month": 1}}
PROGRAMS = "/api/v1/programs"


def _keyed(auth: Auth, key: str, role: str = "coordinator", **claims: str) -> dict[str, str]:
    return {**auth(role, **claims), "Idempotency-Key": key}


@pytest.mark.parametrize("status", [201, 404, 409, 422])
async def test_the_same_key_and_body_answer_the_first_response_again_without_a_second_forward(
    client: AsyncTestClient, services: FakeServices, auth: Auth, status: int
) -> None:
    services.status, services.body = status, {"id": "p-1"} if status == 201 else {"detail": "from enrolment"}
    first = await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k-1"))
    # the same body spelled otherwise is the same request
    again = await client.post(PROGRAMS, json=dict(reversed(PROGRAM.items())), headers=_keyed(auth, "k-1"))
    assert len(services.requests) == 1
    assert (again.status_code, again.content) == (first.status_code, first.content) == (status, first.content)
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers


async def test_the_same_key_with_another_body_is_refused_422_naming_the_conflict(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k-1"))
    other = await client.post(PROGRAMS, json={**PROGRAM, "name": "Another"}, headers=_keyed(auth, "k-1"))
    assert other.status_code == 422
    [error] = other.json()["errors"]
    assert error["field"] == "Idempotency-Key"
    assert "used with another body" in error["message"]
    assert len(services.requests) == 1


@pytest.mark.parametrize("key", ["", "k" * 256])
async def test_an_empty_or_over_long_key_is_refused_422_naming_the_header(
    client: AsyncTestClient, services: FakeServices, auth: Auth, key: str
) -> None:
    response = await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, key))
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "Idempotency-Key"
    assert "1-255 characters" in error["message"]
    assert services.requests == []


async def test_a_key_of_255_characters_of_any_kind_is_accepted(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    response = await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k:/ ?" * 51))
    assert response.status_code == 200
    assert len(services.requests) == 1


@pytest.mark.parametrize("failure", ["status 500", "status 502", "status 429", "stalled", "down"])
async def test_an_answer_that_is_not_final_is_not_kept_and_the_retry_goes_through(
    client: AsyncTestClient, services: FakeServices, auth: Auth, failure: str
) -> None:
    if failure == "stalled":
        services.stalled = True
    elif failure == "down":
        services.down = True
    else:
        services.status = int(failure.removeprefix("status "))
    failed = await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k-1"))
    assert failed.status_code >= 429

    services.stalled = services.down = False
    services.status, services.body = 201, {"id": "p-1"}
    retried = await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k-1"))
    assert (retried.status_code, retried.json()) == (201, {"id": "p-1"})
    replayed = await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k-1"))
    assert (replayed.status_code, replayed.headers["idempotent-replayed"]) == (201, "true")
    assert len([r for r in services.requests if r.url.path == PROGRAMS]) == (1 if failure == "down" else 2)


async def test_a_timeout_answers_504_saying_to_retry_with_the_same_key(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    services.stalled = True
    response = await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k-1"))
    assert response.status_code == 504
    assert "outcome is unknown: retry with the same Idempotency-Key" in response.json()["detail"]


async def test_a_service_that_cannot_be_reached_answers_503(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    services.down = True
    response = await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k-1"))
    assert response.status_code == 503
    assert response.json()["detail"] == "enrolment is unavailable; retry shortly"


@pytest.mark.parametrize("other", [{"sub": "u2"}, {"agency": "agency-b"}])
async def test_a_key_belongs_to_one_caller(
    client: AsyncTestClient, services: FakeServices, auth: Auth, other: dict[str, str]
) -> None:
    await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k-1"))
    response = await client.post(PROGRAMS, json={**PROGRAM, "name": "Theirs"}, headers=_keyed(auth, "k-1", **other))
    assert response.status_code == 200
    assert "idempotent-replayed" not in response.headers
    assert len(services.requests) == 2


async def test_a_post_without_a_body_or_without_a_key_works_as_before(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    run = "/api/v1/programs/g1/match-runs/r1/publish"
    for _ in range(2):
        assert (await client.post(run, headers=_keyed(auth, "run-1"))).status_code == 200
    assert len(services.requests) == 1
    for _ in range(2):
        assert (await client.post(run, headers=auth("coordinator"))).status_code == 200
    assert len(services.requests) == 3


CALLER = Principal(sub="u1", agency="agency-a", roles=("coordinator",))
NOTHING = Payload()


def _answer(status: int = 201) -> Callable[[], Any]:
    async def forward() -> Response[Any]:
        return Response(b'{"id":"p-1"}', status_code=status, media_type="application/json")

    return forward


async def test_a_request_arriving_while_the_first_is_in_flight_gets_409_with_retry_after() -> None:
    idempotency = Idempotency(IdempotencyKeys(MemoryDatabase()), upstream_timeout_seconds=10)
    release = asyncio.Event()

    async def slow() -> Response[Any]:
        await release.wait()
        return await _answer()()

    first = asyncio.create_task(idempotency.once(CALLER, "k-1", NOTHING, slow))
    await asyncio.sleep(0)
    with pytest.raises(HTTPException) as refused:
        await idempotency.once(CALLER, "k-1", NOTHING, _answer(500))
    assert refused.value.status_code == 409
    assert refused.value.headers == {"Retry-After": "1"}
    assert "still in progress" in refused.value.detail
    release.set()
    assert (await first).status_code == 201


async def test_a_claim_abandoned_by_a_gateway_that_died_is_taken_over_after_the_timeout_and_a_margin() -> None:
    keys = IdempotencyKeys(MemoryDatabase())
    idempotency = Idempotency(keys, upstream_timeout_seconds=10)
    digest = key_digest(CALLER, "k-1")
    long_ago = datetime.now(UTC) - timedelta(seconds=10) - CLAIM_MARGIN - timedelta(seconds=1)
    await keys.claim(CALLER.agency, Claim(digest, 0, request_digest(NOTHING), long_ago, long_ago))

    response = await idempotency.once(CALLER, "k-1", NOTHING, _answer(201))
    assert response.status_code == 201
    replayed = await idempotency.once(CALLER, "k-1", NOTHING, _answer(500))
    assert (replayed.status_code, replayed.headers) == (201, {"Idempotent-Replayed": "true"})
    taken_over = await keys.find(CALLER.agency, digest, 1)
    assert taken_over is not None and taken_over.since == long_ago, "the key keeps the age of its first use"


def test_a_json_body_alone_is_hashed_as_keys_stored_before_queries_and_uploads_were() -> None:
    body = CreateProgram.model_validate(PROGRAM)
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    assert request_digest(Payload(body=body)) == hashlib.sha256(canonical.encode()).hexdigest()


async def test_the_sweep_purges_keys_first_used_more_than_a_day_ago() -> None:
    keys = IdempotencyKeys(MemoryDatabase())
    idempotency = Idempotency(keys, upstream_timeout_seconds=10)
    now = datetime.now(UTC)
    for key, age in (("old", timedelta(hours=25)), ("recent", timedelta(hours=23))):
        digest = key_digest(CALLER, key)
        await keys.claim(CALLER.agency, Claim(digest, 0, request_digest(NOTHING), now - age, now - age))
        await keys.claim(CALLER.agency, Claim(digest, 1, request_digest(NOTHING), now - age, now))
    await idempotency.sweep()
    assert await keys.find(CALLER.agency, key_digest(CALLER, "old"), 1) is None
    assert await keys.find(CALLER.agency, key_digest(CALLER, "recent"), 0) is not None


async def test_while_the_store_is_away_a_keyed_post_gets_503_and_is_not_forwarded(
    client: AsyncTestClient, services: FakeServices, auth: Auth, database: MemoryDatabase, monkeypatch: Any
) -> None:
    async def unreachable(*args: Any, **kwargs: Any) -> None:
        raise AutoReconnect("connection refused")

    monkeypatch.setattr(database[COLLECTION], "insert_one", unreachable)
    response = await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k-1"))
    assert response.status_code == 503
    assert "cannot reach the store that keeps Idempotency-Keys" in response.json()["detail"]
    assert services.requests == []


async def test_a_first_request_with_a_key_only_inserts(
    client: AsyncTestClient, auth: Auth, database: MemoryDatabase, monkeypatch: Any
) -> None:
    """Lookups and updates scan the whole collection on FerretDB; inserts do not."""

    def not_on_the_first_request(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a first request with a key read or updated the store")

    for operation in ("find", "find_one", "update_one", "update_many"):
        monkeypatch.setattr(database[COLLECTION], operation, not_on_the_first_request)
    for key in ("k-1", "k-2"):
        assert (await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, key))).status_code == 200


async def test_the_schema_documents_the_key_on_every_post_and_the_answers_that_concern_retries(
    client: AsyncTestClient,
) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    for path, item in schema["paths"].items():
        assert path.startswith(("/api/v1/", "/calendar/")), path
        for method, operation in item.items():
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            responses = set(operation["responses"])
            assert {"503", "504"} <= responses, (method, path)
            if method == "post":
                assert "Idempotency-Key" in headers, path
                assert {"409", "422"} <= responses, path
                assert "retry with the same Idempotency-Key" in operation["responses"]["504"]["description"]
                success = operation["responses"][next(iter(operation["responses"]))]
                assert "Idempotent-Replayed" in success.get("headers", {}), path
            else:
                assert "Idempotency-Key" not in headers, path


async def test_the_service_is_told_the_keys_digest_so_a_retry_after_a_timeout_finds_its_first_write(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    services.status = 201
    await client.post(PROGRAMS, json=PROGRAM, headers=_keyed(auth, "k-9", sub="u1", agency="agency-a"))
    await client.post(PROGRAMS, json=PROGRAM, headers=auth("coordinator"))
    keyed, unkeyed = services.requests
    assert keyed.headers["x-request-key"] == key_digest(Principal("u1", "agency-a", ("coordinator",)), "k-9")
    assert "x-request-key" not in unkeyed.headers
