"""Forwarding: an /api call goes to the service's internal API at the same path, as the token's caller.

What goes is the payload the gateway validated, written anew: the body's model as JSON, an upload's bytes as its
media type, the query's model as a query string, and for a row with exports the media type the gateway chose by
the client's Accept, as the Accept header. Nothing else the client sent reaches the service.

Every forward ends within the upstream timeout: httpx's per-phase timeouts and one deadline around the whole call.
So a caller learns how it went in bounded time, and a live gateway never holds an Idempotency-Key claim longer
(idempotency.py relies on that to take over the claims of a gateway that died).

An anonymous route (a calendar feed) forwards its path and nothing else: no caller, no query, no body.

A service may run as several instances (`Upstream`): calls take them in turn, and one that refuses the connection
is passed over for the next, since nothing was sent to it. A service none of whose instances can be reached
answers 503: nothing was sent, a retry is safe. A service that does not answer in time answers 504: it may have
acted, so a POST is retried with the same Idempotency-Key.
"""

import asyncio
import itertools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ServiceUnavailableException
from litestar.status_codes import HTTP_504_GATEWAY_TIMEOUT
from opentelemetry import propagate

from gateway.audit import correlation_id
from gateway.outbound import OutboundHttp
from gateway.payloads import Payload
from gateway.tokens import Principal
from mentoring_contracts.names import Service
from mentoring_runtime.query_parameters import query_params
from mentoring_runtime.web import CORRELATION_HEADER, caller_headers

log = logging.getLogger(__name__)

# Failures before the request left the gateway: the instance was not reached, and another may be tried.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# A service's own answers that say when to come back (its in-flight limit, its readiness), relayed as they are, and
# what its body is (a calendar's text/calendar, an export's text/csv; charset=utf-8 as it is, where Litestar would add
# a second charset) and what it varies with (an export's Vary: Accept).
_RELAYED_HEADERS = ("retry-after", "content-type", "vary")


class Upstream:
    """A service's instances, as base URLs: each call starts at the next one, so calls spread over them."""

    def __init__(self, urls: str) -> None:
        """`urls`: one base URL, or several instances' separated by commas."""
        self.urls = tuple(url.strip().rstrip("/") for url in urls.split(",") if url.strip())
        if not self.urls:
            raise ValueError("a service needs at least one base URL")
        self._turn = itertools.count()

    def in_turn(self) -> list[str]:
        start = next(self._turn) % len(self.urls)
        return [*self.urls[start:], *self.urls[:start]]


@dataclass(frozen=True)
class Forwarder:
    outbound: OutboundHttp
    upstreams: Mapping[Service, Upstream]

    async def forward(
        self,
        request: Request[Principal, Any, Any],
        to: Service,
        payload: Payload,
        request_key: str | None = None,
    ) -> Response[Any]:
        """Relay the service's status, body and Retry-After as they are; 503 unreachable, 504 no answer in time.
        `request_key` (the digest of the caller's Idempotency-Key) lets the service make a retry find its first write."""
        principal = request.user
        # Only these headers go upstream: nothing the client sent can claim another agency or actor.
        headers = caller_headers(principal.agency, principal.sub, principal.roles, correlation_id(request), request_key)
        content: str | bytes | None = None
        if payload.body is not None:
            headers["content-type"] = MediaType.JSON
            content = payload.body.model_dump_json(exclude_unset=True)
        if payload.upload is not None:
            headers["content-type"] = payload.upload.media_type
            content = payload.upload.content
        if payload.accept is not None:
            headers["accept"] = payload.accept
        params = query_params(payload.query) if payload.query is not None else None
        return await self._relay(request, to, headers, content, params)

    async def forward_anonymous(self, request: Request[Any, Any, Any], to: Service) -> Response[Any]:
        """Relay a route without a caller: the service gets the path and the correlation id, nothing else."""
        return await self._relay(request, to, {CORRELATION_HEADER: correlation_id(request)}, None, None)

    async def _relay(
        self, request: Request[Any, Any, Any], to: Service, headers: dict[str, str], content: str | bytes | None,
        params: Any,
    ) -> Response[Any]:  # fmt: skip
        propagate.inject(headers)  # W3C trace context, so one trace spans gateway and service
        try:
            async with asyncio.timeout(self.outbound.timeout_seconds):
                upstream = await self._first_reached(to, request, headers, content, params)
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise self._timed_out(to, request, exc) from exc
        except httpx.TransportError as exc:
            raise self._unavailable(to, request, exc) from exc
        return Response(
            upstream.content,
            status_code=upstream.status_code,
            media_type=MediaType.JSON,  # when the service named none
            headers={name: upstream.headers[name] for name in _RELAYED_HEADERS if name in upstream.headers},
        )

    async def _first_reached(
        self, to: Service, request: Request[Any, Any, Any], headers: dict[str, str], content: str | bytes | None,
        params: Any,
    ) -> httpx.Response:  # fmt: skip
        """The answer of the first instance that takes the call; the last one's failure when none does."""
        *others, last = self.upstreams[to].in_turn()

        async def send(base_url: str) -> httpx.Response:
            url = base_url + request.scope["path"]
            return await self.outbound.client.request(
                request.method, url, headers=headers, content=content, params=params
            )

        for base_url in others:
            try:
                return await send(base_url)
            except _NOT_SENT as exc:
                log.warning("%s at %s could not be reached (%r); trying its next instance", to, base_url, exc)
        return await send(last)

    def _unavailable(self, to: Service, request: Request[Any, Any, Any], exc: Exception) -> HTTPException:
        log.warning("%s could not be reached for %s %s: %r", to, request.method, request.scope["path"], exc)
        return ServiceUnavailableException(f"{to} is unavailable; retry shortly", headers={"Retry-After": "5"})

    def _timed_out(self, to: Service, request: Request[Any, Any, Any], exc: Exception) -> HTTPException:
        seconds = self.outbound.timeout_seconds
        path = request.scope["path"]
        log.warning("%s did not answer %s %s within %gs: %r", to, request.method, path, seconds, exc)
        detail = f"{to} did not answer within {seconds:g}s; retry shortly"
        if request.method == "POST":
            detail = (
                f"{to} did not answer within {seconds:g}s, so the outcome is unknown: "
                "retry with the same Idempotency-Key"
            )
        return HTTPException(status_code=HTTP_504_GATEWAY_TIMEOUT, detail=detail)
