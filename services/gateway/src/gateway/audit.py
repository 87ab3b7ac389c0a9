"""The audit trail: one structured line per /api call or calendar feed fetched, and the correlation id that ties it
to the services. A route whose path is its credential (a calendar feed's) is written as its template, never as the
path: the audit log must not hand out the URLs it records."""

import json
import logging
import uuid
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

audit_log = logging.getLogger("mentoring.audit")

CORRELATION_HEADER = "X-Correlation-Id"
_STATE_KEY = "correlation_id"


def correlation_id(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    return connection.scope["state"][_STATE_KEY]


class AuditMiddleware:
    """Outermost on /api: sees every outcome, including the 401s authentication raises."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation = str(uuid.uuid4())
        scope.setdefault("state", {})[_STATE_KEY] = correlation
        status = 500

        async def send_with_correlation(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message).add(CORRELATION_HEADER, correlation)
            await send(message)

        try:
            await self.app(scope, receive, send_with_correlation)
        except HTTPException as exc:
            # Answered further out, by the app's exception handler: give that response the id too.
            status = exc.status_code
            exc.headers = {**(exc.headers or {}), CORRELATION_HEADER: correlation}
            raise
        finally:
            _write(scope, status, correlation)


def _write(scope: Scope, status: int, correlation: str) -> None:
    principal = scope.get("user")
    handler = scope.get("route_handler")
    entry = {
        "sub": getattr(principal, "sub", None),
        "agency": getattr(principal, "agency", None),
        "method": scope["method"],
        "path": (handler.opt.get("audit_path") if handler is not None else None) or scope["path"],
        "status": status,
        "correlation_id": correlation,
    }
    # JSON in the message keeps the line machine-readable under the plain text format every service logs with.
    audit_log.info("%s", json.dumps(entry, separators=(",", ":")), extra={"audit": entry})
