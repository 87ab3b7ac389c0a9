"""Forwarding: an /api call goes to the service's internal API at the same path, as the token's caller."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from litestar import MediaType, Request, Response
from litestar.exceptions import ServiceUnavailableException
from opentelemetry import propagate
from pydantic import BaseModel

from gateway.audit import correlation_id
from gateway.outbound import OutboundHttp
from gateway.tokens import Principal
from mentoring_contracts.names import Service
from mentoring_runtime.web import caller_headers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Forwarder:
    outbound: OutboundHttp
    base_urls: Mapping[Service, str]

    async def forward(
        self, request: Request[Principal, Any, Any], to: Service, body: BaseModel | None = None
    ) -> Response[Any]:
        """Relay the service's status and body as they are; 503 when the service cannot be reached."""
        principal = request.user
        # Only these headers go upstream: nothing the client sent can claim another agency or actor.
        headers = caller_headers(principal.agency, principal.sub, principal.roles, correlation_id(request))
        propagate.inject(headers)  # W3C trace context, so one trace spans gateway and service
        content = None
        if body is not None:
            headers["content-type"] = MediaType.JSON
            content = body.model_dump_json(exclude_unset=True)  # the validated body, not the raw bytes
        url = self.base_urls[to].rstrip("/") + request.scope["path"]
        try:
            upstream = await self.outbound.client.request(request.method, url, headers=headers, content=content)
        except httpx.TransportError as exc:
            log.warning("%s did not answer %s %s: %r", to, request.method, url, exc)
            raise ServiceUnavailableException(
                f"{to} is unavailable; retry shortly", headers={"Retry-After": "5"}
            ) from exc
        return Response(
            upstream.content,
            status_code=upstream.status_code,
            media_type=upstream.headers.get("content-type", MediaType.JSON),
        )
