import json
from pathlib import Path

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet
from litestar.testing import AsyncTestClient

from gateway.app import create_app
from gateway.settings import GatewaySettings
from tests.support.memory_store import MemoryDatabase

pytestmark = pytest.mark.unit

JWKS_URL = "https://issuer.example/.well-known/jwks.json"


def _issuer_key() -> ECKey:
    return ECKey.generate_key("P-256", parameters={"alg": "ES256"}, auto_kid=True)


def _bearer(key: ECKey) -> dict[str, str]:
    claims = {"iss": "idp", "aud": "mentoring-api", "exp": 4_000_000_000, "sub": "u1", "agency": "a1"}
    token = jwt.encode({"alg": "ES256", "kid": key.kid}, {**claims, "roles": ["coordinator"]}, key)
    return {"Authorization": f"Bearer {token}"}


def _jwks(*keys: ECKey) -> dict[str, object]:
    return dict(KeySet(list(keys)).as_dict(private=False))


async def test_tokens_verify_against_a_remote_jwks_fetched_once(tmp_path: Path) -> None:
    key = _issuer_key()
    fetches: list[str] = []

    def network(request: httpx.Request) -> httpx.Response:
        if str(request.url) == JWKS_URL:
            fetches.append(JWKS_URL)
            return httpx.Response(200, json=_jwks(key))
        return httpx.Response(200, json=[])

    settings = GatewaySettings(jwks_url=JWKS_URL, jwt_issuer="idp", jwt_audience="mentoring-api", dev_keys_dir=tmp_path)
    async with AsyncTestClient(
        create_app(settings, upstream_transport=httpx.MockTransport(network), database=MemoryDatabase())
    ) as client:
        for _ in range(3):
            response = await client.get("/api/v1/programs/g1/pairs", headers=_bearer(key))
            assert response.status_code == 200
        assert (await client.get("/ready")).json()["checks"] == {"token_keys": "ok", "store": "ok"}
    assert fetches == [JWKS_URL]
    assert not list(tmp_path.iterdir()), "no development key is made when an issuer is configured"


async def test_while_the_issuer_is_down_the_gateway_is_not_ready_and_api_calls_get_503(tmp_path: Path) -> None:
    def network(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    settings = GatewaySettings(jwks_url=JWKS_URL, jwt_issuer="idp", jwt_audience="mentoring-api", dev_keys_dir=tmp_path)
    async with AsyncTestClient(
        create_app(settings, upstream_transport=httpx.MockTransport(network), database=MemoryDatabase())
    ) as client:
        ready = await client.get("/ready")
        assert ready.status_code == 503
        assert "ConnectError" in ready.json()["checks"]["token_keys"]
        response = await client.get("/api/v1/programs/g1/pairs", headers=_bearer(_issuer_key()))
        assert response.status_code == 503
        assert "token keys are unavailable" in response.json()["detail"]


async def test_tokens_verify_against_a_jwks_file(tmp_path: Path) -> None:
    key = _issuer_key()
    jwks_file = tmp_path / "jwks.json"
    jwks_file.write_text(json.dumps(_jwks(key)))
    settings = GatewaySettings(
        jwks_file=jwks_file, jwt_issuer="idp", jwt_audience="mentoring-api", dev_keys_dir=tmp_path / "unused"
    )
    network = httpx.MockTransport(lambda request: httpx.Response(200, json=[]))
    async with AsyncTestClient(create_app(settings, upstream_transport=network, database=MemoryDatabase())) as client:
        response = await client.get("/api/v1/programs/g1/pairs", headers=_bearer(key))
        assert response.status_code == 200
