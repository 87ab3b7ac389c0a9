"""The one HTTP client for calls out of the gateway (services and JWKS), open while the app runs."""

import httpx


class OutboundHttp:
    def __init__(self, timeout_seconds: float, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.timeout_seconds = timeout_seconds
        self._transport = transport  # tests put fake services here
        self._client: httpx.AsyncClient | None = None

    async def open(self) -> None:
        self._client = httpx.AsyncClient(timeout=self.timeout_seconds, transport=self._transport)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("the outbound HTTP client is used outside the app's lifespan")
        return self._client
