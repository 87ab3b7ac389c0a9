"""Backpressure: a process serves at most `limit` /api requests (and calendar feeds, which anyone may fetch) at
once and answers any beyond that 503 at once.

Without a bound, a saturated service lets requests queue in its event loop until every one of them waits past the
gateway's upstream timeout: all callers get 504s, retry, and the queue grows (collapse). With it, the requests the
process can serve stay fast and the rest learn at once to come back (`Retry-After: 1`). The gateway relays that
answer as it is. /health, /ready and /metrics are never counted or refused: a saturated process is alive, and its
metrics must stay readable.

The answer is sent from here rather than raised, so that the middleware outside it (Prometheus) counts it as a 503.
"""

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.response.base import ASGIResponse
from litestar.serialization import encode_json
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from litestar.types import ASGIApp, Receive, Scope, Send

from mentoring_runtime.logs import SECRET_PATHS
from mentoring_runtime.telemetry import current_trace_id

API_PREFIX = "/api/"
COUNTED = (API_PREFIX, *SECRET_PATHS)
RETRY_AFTER_SECONDS = 1


class InFlightLimit(ASGIMiddleware):
    """One instance per app: Litestar builds every route's middleware stack from it, so the count is the process's."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, service: str, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"the in-flight limit must be at least 1, not {limit}; check MENTORING_MAX_IN_FLIGHT")
        self.service = service
        self.limit = limit
        self.in_flight = 0

    @staticmethod
    def should_bypass_for_scope(scope: Scope) -> bool:
        return not scope["path"].startswith(COUNTED)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if self.in_flight >= self.limit:
            await self._refuse(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await next_app(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"{self.service} is busy: it serves {self.limit} requests at once; retry after {RETRY_AFTER_SECONDS}s"
        response = ASGIResponse(
            body=encode_json({"detail": detail, "trace_id": current_trace_id()}),
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
            media_type="application/json",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
        await response(scope, receive, send)
