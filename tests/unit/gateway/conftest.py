from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.tokens import issue_dev_token
from tests.support.memory_store import MemoryDatabase


class FakeServices:
    """Stands in for the four services: records what reaches them and answers with a canned reply."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.status = 200
        self.body: Any = {"id": "x1"}
        self.headers: dict[str, str] = {}
        self.down = False
        self.stalled = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        self.requests.append(request)
        if self.stalled:
            raise httpx.ReadTimeout("no answer in time", request=request)
        if isinstance(self.body, bytes):  # a body of another media type than JSON: headers say which
            return httpx.Response(self.status, content=self.body, headers=self.headers)
        return httpx.Response(self.status, json=self.body, headers=self.headers)


@pytest.fixture
def settings(tmp_path: Path) -> GatewaySettings:
    # Everything the tests rely on is spelled out, so MENTORING_* variables in the shell cannot change it.
    return GatewaySettings(
        dev_keys_dir=tmp_path / "dev-keys",
        jwks_url=None,
        jwks_file=None,
        jwt_issuer="mentoring-dev",
        jwt_audience="mentoring-api",
        enrolment_url="http://127.0.0.1:8101",
        matching_url="http://127.0.0.1:8102",
        scheduling_url="http://127.0.0.1:8103",
        evaluation_url="http://127.0.0.1:8104",
    )


@pytest.fixture
def services() -> FakeServices:
    return FakeServices()


@pytest.fixture
def database() -> MemoryDatabase:
    """The gateway's store, in memory."""
    return MemoryDatabase()


@pytest.fixture
async def client(
    settings: GatewaySettings, services: FakeServices, database: MemoryDatabase
) -> AsyncIterator[AsyncTestClient]:
    app = create_app(settings, upstream_transport=httpx.MockTransport(services), database=database)
    async with AsyncTestClient(app) as test_client:
        yield test_client


@pytest.fixture
def token(settings: GatewaySettings) -> Callable[..., str]:
    def make(*roles: str, sub: str = "u1", agency: str = "agency-a") -> str:
        return issue_dev_token(sub, agency, roles, timedelta(minutes=5), settings)

    return make


@pytest.fixture
def auth(token: Callable[..., str]) -> Callable[..., dict[str, str]]:
    def headers(*roles: str, **claims: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token(*roles, **claims)}"}

    return headers
