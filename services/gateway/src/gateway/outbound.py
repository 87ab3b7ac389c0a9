"""The one HTTP client for calls out of the gateway (services and JWKS), open while the app runs.

httpx's interface over aiohttp's connection pool: measured under 32 concurrent clients, httpx's own pool spent
about half of the gateway's CPU choosing and checking connections, which aiohttp's does for a fraction.
"""

import httpx
from httpx_aiohttp import AiohttpTransport

# Enough connections for every request the in-flight limit lets through, kept alive between requests.
POOL = httpx.Limits(max_connections=256, max_keepalive_connections=256, keepalive_expiry=30)


class OutboundHttp:
    def __init__(self, timeout_seconds: float, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.timeout_seconds = timeout_seconds
        self._transport = transport  # tests put fake services here
        self._client: httpx.AsyncClient | None = None

    async def open(self) -> None:
        transport = self._transport or AiohttpTransport(limits=POOL)
        self._client = httpx.AsyncClient(timeout=self.timeout_seconds, transport=transport)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("the outbound HTTP client is used outside the app's lifespan")
        return self._client
