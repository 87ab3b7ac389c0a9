"""The HTTP side every service shares: health, readiness, metrics, tracing, one error format and backpressure."""

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4, uuid5

from litestar import Litestar, MediaType, Request, Response, get
from litestar.di import Provide
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import OpenAPIConfig
from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
from litestar.plugins.prometheus import PrometheusConfig
from litestar.status_codes import (
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import ControllerRouterHandler, LifespanHook
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest

from mentoring_contracts.names import Role
from mentoring_runtime.backpressure import InFlightLimit
from mentoring_runtime.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, NotReady
from mentoring_runtime.logs import SECRET_PATHS
from mentoring_runtime.recording import Cause
from mentoring_runtime.telemetry import current_trace_id

log = logging.getLogger(__name__)

ReadinessCheck = Callable[[], Awaitable[str | None]]
"""Returns None when the dependency answers, otherwise what is wrong and what to do."""

UNTRACED_PATHS = ["/health", "/ready", "/metrics"]
# A request whose path is a credential (logs.SECRET_PATHS) is not traced: spans carry their URL to wherever traces
# are exported. Metrics label every request by its route's template, never its path.


def _validation_failed(request: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
    errors = exc.extra if isinstance(exc.extra, list) else []
    fields = [{"field": str(e.get("key") or "body"), "message": str(e.get("message"))} for e in errors]
    if not fields:
        fields = [{"field": "body", "message": exc.detail}]
    return Response(
        {"detail": "the request is invalid; nothing was changed", "errors": fields, "trace_id": current_trace_id()},
        status_code=HTTP_422_UNPROCESSABLE_ENTITY,
    )


def invalid(errors: Sequence[tuple[str, str]]) -> ValidationException:
    """A 422 naming each field that is wrong (a body's key, a query parameter, a header) and what is wrong with it,
    answered by `_validation_failed` in the format of the body errors Litestar raises."""
    return ValidationException(
        "; ".join(f"{field}: {message}" for field, message in errors),
        extra=[{"key": field, "message": message} for field, message in errors],
    )


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    return Response(
        {"detail": exc.detail, "trace_id": current_trace_id()}, status_code=exc.status_code, headers=exc.headers
    )


def _not_ready(request: Request[Any, Any, Any], exc: NotReady) -> Response[dict[str, Any]]:
    return Response(
        {"detail": f"{exc}; retry shortly", "trace_id": current_trace_id()},
        status_code=HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": "2"},
    )


# The one mapping of domain refusals to HTTP: domains raise, no route translates.
DOMAIN_STATUS: dict[type[DomainError], int] = {
    NotFound: HTTP_404_NOT_FOUND,
    Forbidden: HTTP_403_FORBIDDEN,
    Conflict: HTTP_409_CONFLICT,
    Invalid: HTTP_422_UNPROCESSABLE_ENTITY,
}


def _refused(request: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    status = next(code for kind, code in DOMAIN_STATUS.items() if isinstance(exc, kind))
    body: dict[str, Any] = {"detail": str(exc), "trace_id": current_trace_id()}
    if isinstance(exc, Invalid):
        body["detail"] = "the request is invalid; nothing was changed"
        body["errors"] = [{"field": exc.field, "message": str(exc)}]
    return Response(body, status_code=status)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return Response(
        {
            "detail": "internal error; retry later, or quote the trace id when reporting it",
            "trace_id": current_trace_id(),
        },
        status_code=500,
    )


@dataclass(frozen=True)
class Readiness:
    checks: Mapping[str, ReadinessCheck]

    async def report(self) -> tuple[bool, dict[str, str]]:
        results: dict[str, str] = {}
        for name, check in self.checks.items():
            try:
                problem = await check()
            except Exception as exc:  # a check that blows up is a dependency that does not answer
                problem = f"{type(exc).__name__}: {exc}"
            results[name] = problem or "ok"
        return all(value == "ok" for value in results.values()), results


def http_app(
    *,
    service: str,
    route_handlers: Sequence[ControllerRouterHandler],
    tracer_provider: TracerProvider,
    max_in_flight: int,
    readiness: Mapping[str, ReadinessCheck] | None = None,
    on_startup: Sequence[LifespanHook] = (),
    on_shutdown: Sequence[LifespanHook] = (),
    registries: Sequence[CollectorRegistry] = (),
    openapi: OpenAPIConfig | None = None,
    provides: Mapping[str, object] | None = None,
) -> Litestar:
    checks = Readiness(readiness or {})

    @get("/health", include_in_schema=False, sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @get("/ready", include_in_schema=False)
    async def ready() -> Response[dict[str, Any]]:
        ok, results = await checks.report()
        body = {"status": "ready" if ok else "not ready", "service": service, "checks": results}
        return Response(body, status_code=200 if ok else HTTP_503_SERVICE_UNAVAILABLE)

    @get("/metrics", include_in_schema=False, media_type=MediaType.TEXT)
    async def metrics() -> bytes:
        return b"".join(generate_latest(registry) for registry in (REGISTRY, *registries))

    prometheus = PrometheusConfig(
        app_name=service, prefix=service.replace("-", "_"), exclude=UNTRACED_PATHS, group_path=True
    )
    telemetry = OpenTelemetryConfig(
        tracer_provider=tracer_provider, exclude=[*UNTRACED_PATHS, *(f"^{path}" for path in SECRET_PATHS)]
    )
    return Litestar(
        route_handlers=[health, ready, metrics, *route_handlers],
        plugins=[OpenTelemetryPlugin(telemetry)],
        # Inside Prometheus, so that the requests the limit refuses are counted as the 503s they are.
        middleware=[prometheus.middleware, InFlightLimit(service, max_in_flight)],
        on_startup=list(on_startup),
        on_shutdown=list(on_shutdown),
        dependencies={
            "caller": Provide(caller, sync_to_thread=False),
            **{name: _constant(value) for name, value in (provides or {}).items()},
        },
        exception_handlers={
            NotReady: _not_ready,
            DomainError: _refused,
            ValidationException: _validation_failed,
            HTTPException: _http_error,
            Exception: _unexpected,
        },
        # The process's logging is configure_logging's (trace ids on every line), not Litestar's default.
        logging_config=None,
        openapi_config=openapi
        or OpenAPIConfig(title=f"mentoring {service} (internal)", version="1.0.0", path="/schema"),
    )


def _constant(value: object) -> Provide:
    def provide() -> object:
        return value

    return Provide(provide, sync_to_thread=False, use_cache=True)


@dataclass(frozen=True)
class Caller:
    """Who is calling, as the gateway established it from the token. Internal APIs are reached only through it."""

    agency_id: str
    actor_id: str
    roles: frozenset[str]
    correlation_id: str | None
    # The gateway's digest of the caller's Idempotency-Key, when the request carries one.
    request_key: str | None = None

    def new_id(self, kind: str) -> str:
        """A new id for a `kind` of thing this request creates. With an Idempotency-Key it is derived from the key,
        so a retry of a request whose outcome the caller never learnt (a 504) creates the same thing again, which
        its stream's unique first version then refuses: the retry finds the first write instead of repeating it."""
        if self.request_key is None:
            return str(uuid4())
        return str(uuid5(REQUEST_KEY_NAMESPACE, f"{self.agency_id}:{kind}:{self.request_key}"))

    def require(self, role: Role) -> None:
        """Forbidden unless the caller has `role`; the gateway checks it too, services do not rely on that alone."""
        if role not in self.roles:
            raise Forbidden(f"this needs the role {role}")

    def cause(self) -> Cause:
        """What facts recorded for this call answer to: the caller's agency and the gateway's correlation."""
        return Cause(self.agency_id, self.correlation_uuid())

    def correlation_uuid(self) -> UUID | None:
        """The gateway's correlation id; a malformed one starts a new correlation rather than failing the call."""
        try:
            return UUID(self.correlation_id) if self.correlation_id else None
        except ValueError:
            return None


AGENCY_HEADER = "x-agency-id"
ACTOR_HEADER = "x-actor-id"
ROLES_HEADER = "x-actor-roles"
CORRELATION_HEADER = "x-correlation-id"
REQUEST_KEY_HEADER = "x-request-key"
REQUEST_KEY_NAMESPACE = UUID("6f1f3c1e-7b1e-4c47-9a6e-2f6d1f0c9b51")


def caller(request: Request[Any, Any, Any]) -> Caller:
    """Dependency for internal routes: the caller the gateway forwarded, or 400 when it is missing."""
    headers = request.headers
    agency, actor = headers.get(AGENCY_HEADER), headers.get(ACTOR_HEADER)
    if not agency or not actor:
        raise HTTPException(
            status_code=400,
            detail=f"missing {AGENCY_HEADER} or {ACTOR_HEADER}: internal APIs are called through the gateway",
        )
    roles = frozenset(role for role in headers.get(ROLES_HEADER, "").split(",") if role)
    return Caller(
        agency_id=agency,
        actor_id=actor,
        roles=roles,
        correlation_id=headers.get(CORRELATION_HEADER),
        request_key=headers.get(REQUEST_KEY_HEADER),
    )


def caller_headers(
    agency_id: str, actor_id: str, roles: Sequence[str], correlation_id: str, request_key: str | None = None
) -> dict[str, str]:
    """What the gateway sends so that `caller` can read it back."""
    headers = {
        AGENCY_HEADER: agency_id,
        ACTOR_HEADER: actor_id,
        ROLES_HEADER: ",".join(roles),
        CORRELATION_HEADER: correlation_id,
    }
    if request_key is not None:
        headers[REQUEST_KEY_HEADER] = request_key
    return headers
