"""A POST retried with its Idempotency-Key is applied once, through real processes and the real store."""

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pymongo import MongoClient

from gateway.idempotency import key_digest
from gateway.tokens import Principal
from mentoring_runtime.web import caller_headers
from tests.e2e.conftest import Platform
from tests.support.processes import ServiceProcess, free_port

pytestmark = pytest.mark.e2e

PROGRAM = {"name": "Resilience 2027", "kind": "one_to_one", "cadence": {"meetings_per_month": 1, "hours_per_month": 2}}


def _facts_of(platform: Platform, agency: str) -> int:
    with MongoClient(platform.stack.mongo_url) as client:
        return client[f"{platform.namespace}_enrolment"]["event_log"].count_documents({"agency_id": agency})


def _keyed(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


def test_a_post_retried_with_the_same_key_is_written_once_and_answered_alike(platform: Platform) -> None:
    agency = "agency-" + uuid.uuid4().hex[:6]
    coordinator = platform.client("coord-1", agency, "coordinator")
    key = str(uuid.uuid4())
    first = coordinator.post("/api/v1/programs", json=PROGRAM, headers=_keyed(key))
    again = coordinator.post("/api/v1/programs", json=PROGRAM, headers=_keyed(key))
    assert first.status_code == 201, first.text
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["idempotent-replayed"] == "true"
    assert _facts_of(platform, agency) == 1

    other = coordinator.post("/api/v1/programs", json={**PROGRAM, "name": "Another"}, headers=_keyed(key))
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert _facts_of(platform, agency) == 1


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers: a service that stalls."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # the kernel completes the handshakes; nothing ever reads or answers
        yield listener.getsockname()[1]


@pytest.fixture
def stalled_gateway(platform: Platform, silent_port: int, tmp_path: Path) -> Iterator[ServiceProcess]:
    """A second gateway on the same store and keys, whose enrolment never answers within its 0.5 s timeout."""
    env = {
        **platform.gateway.env,
        "MENTORING_ENROLMENT_URL": f"http://127.0.0.1:{silent_port}",
        "MENTORING_UPSTREAM_TIMEOUT_SECONDS": "0.5",
    }
    gateway = ServiceProcess("gateway", free_port(), env, tmp_path / "stalled-gateway.log")
    try:
        gateway.start()
        gateway.wait_ready()
        yield gateway
    finally:
        gateway.stop()


def test_a_post_whose_service_stalls_gets_504_and_its_retry_is_written_once(
    platform: Platform, stalled_gateway: ServiceProcess
) -> None:
    agency = "agency-" + uuid.uuid4().hex[:6]
    token = {"Authorization": f"Bearer {platform.token('coord-1', agency, 'coordinator')}"}
    key = str(uuid.uuid4())
    stalled = httpx.post(
        f"{stalled_gateway.url}/api/v1/programs", json=PROGRAM, headers={**token, **_keyed(key)}, timeout=30
    )
    assert stalled.status_code == 504, stalled.text
    assert "the outcome is unknown: retry with the same Idempotency-Key" in stalled.json()["detail"]
    assert _facts_of(platform, agency) == 0

    coordinator = platform.client("coord-1", agency, "coordinator")
    retried = coordinator.post("/api/v1/programs", json=PROGRAM, headers=_keyed(key))
    assert retried.status_code == 201, retried.text
    again = coordinator.post("/api/v1/programs", json=PROGRAM, headers=_keyed(key))
    assert (again.status_code, again.json(), again.headers["idempotent-replayed"]) == (201, retried.json(), "true")
    assert _facts_of(platform, agency) == 1


def test_a_retry_after_a_lost_answer_finds_the_write_the_service_made(platform: Platform) -> None:
    """The gateway's forward reached enrolment, which stored the programme, but the answer never came back (the
    gateway answered 504 and released the key). The retry with the same key is forwarded again; enrolment derives
    the same programme id from the key and finds its first write instead of making a second programme."""
    agency = "agency-" + uuid.uuid4().hex[:6]
    key = str(uuid.uuid4())
    digest = key_digest(Principal("coord-1", agency, ("coordinator",)), key)
    headers = caller_headers(agency, "coord-1", ["coordinator"], str(uuid.uuid4()), request_key=digest)
    lost = httpx.post(f"{platform.services['enrolment'].url}/api/v1/programs", json=PROGRAM, headers=headers)
    assert lost.status_code == 201, lost.text

    coordinator = platform.client("coord-1", agency, "coordinator")
    retried = coordinator.post("/api/v1/programs", json=PROGRAM, headers=_keyed(key))
    assert (retried.status_code, retried.json()) == (201, lost.json())
    assert _facts_of(platform, agency) == 1
