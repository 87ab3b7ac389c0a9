"""The composition root: the only place that knows which key source, services, client and store the gateway uses."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from joserfc.jwk import KeySet
from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from opentelemetry.sdk.trace import TracerProvider
from pymongo.asynchronous.database import AsyncDatabase

from gateway.audit import AuditMiddleware
from gateway.authentication import VERIFIER_STATE_KEY, BearerAuthentication
from gateway.forwarded import anonymous_handler, forwarded_handlers
from gateway.forwarding import Forwarder, Upstream
from gateway.idempotency import Idempotency
from gateway.keys import KeyCache, KeysUnavailable, dev_key_set, fetch_key_set, key_set_from_file
from gateway.openapi import complete
from gateway.outbound import OutboundHttp
from gateway.path_ids import reject_malformed_ids
from gateway.routes import FORWARDED
from gateway.settings import GatewaySettings
from gateway.stores import IdempotencyKeys
from gateway.tokens import TokenVerifier
from mentoring_contracts.names import Service
from mentoring_runtime.store import mongo_client, store_problem
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider
from mentoring_runtime.web import http_app

SERVICE = Service.GATEWAY
BEARER = "BearerToken"

log = logging.getLogger(__name__)


def create_app(
    settings: GatewaySettings | None = None,
    tracer_provider: TracerProvider | None = None,
    *,
    upstream_transport: httpx.AsyncBaseTransport | None = None,
    database: AsyncDatabase[dict[str, Any]] | None = None,
) -> Litestar:
    """`upstream_transport` and `database` stand in for the network and the store in tests."""
    settings = settings or GatewaySettings()
    on_shutdown: list[Callable[[], Awaitable[None]]] = []
    if database is None:
        client = mongo_client(settings.mongo_url)
        database = client[settings.database_name(SERVICE)]
        on_shutdown.append(client.close)
    idempotency = Idempotency(IdempotencyKeys(database), settings.upstream_timeout_seconds)
    outbound = OutboundHttp(settings.upstream_timeout_seconds, upstream_transport)
    keys = KeyCache(_key_source(settings, outbound))
    verifier = TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    forwarder = Forwarder(
        outbound,
        {
            Service.ENROLMENT: Upstream(settings.enrolment_url),
            Service.MATCHING: Upstream(settings.matching_url),
            Service.SCHEDULING: Upstream(settings.scheduling_url),
            Service.EVALUATION: Upstream(settings.evaluation_url),
        },
    )
    forwarder_dependency = Provide(lambda: forwarder, use_cache=True, sync_to_thread=False)
    api = Router(
        path="/api/v1",
        route_handlers=forwarded_handlers(tuple(row for row in FORWARDED if not row.route.anonymous)),
        # Audit outermost, so that it records the 401s authentication raises as well.
        middleware=[AuditMiddleware, BearerAuthentication],
        before_request=reject_malformed_ids,
        dependencies={
            "forwarder": forwarder_dependency,
            "idempotency": Provide(lambda: idempotency, use_cache=True, sync_to_thread=False),
        },
        security=[{BEARER: []}],
    )
    # Calendar feeds: fetched by calendar applications, which send no token. Audited, never authenticated.
    anonymous = Router(
        path="/",
        route_handlers=[anonymous_handler(row) for row in FORWARDED if row.route.anonymous],
        middleware=[AuditMiddleware],
        dependencies={"forwarder": forwarder_dependency},
    )

    async def keys_loaded() -> None:
        await keys.current()

    async def store() -> str | None:
        return await store_problem(database)

    async def load_keys_early() -> None:
        # A missing issuer must not stop the gateway from starting: /ready says so until the keys load.
        try:
            await keys.current()
        except KeysUnavailable as exc:
            log.warning("the token keys did not load at start-up (%s); /ready reports it until they do", exc)

    app = http_app(
        service=SERVICE,
        route_handlers=[api, anonymous],
        tracer_provider=tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter),
        max_in_flight=settings.max_in_flight,
        readiness={"token_keys": keys_loaded, "store": store},
        on_startup=[outbound.open, load_keys_early, idempotency.start_sweeping],
        on_shutdown=[idempotency.stop_sweeping, outbound.close, *on_shutdown],
        openapi=_openapi(),
    )
    app.state[VERIFIER_STATE_KEY] = verifier
    complete(app.openapi_schema, FORWARDED)
    return app


def _key_source(settings: GatewaySettings, outbound: OutboundHttp) -> Callable[[], Awaitable[KeySet]]:
    if settings.jwks_url:
        url = settings.jwks_url
        return lambda: fetch_key_set(outbound.client, url)
    if settings.jwks_file:
        path = settings.jwks_file

        async def from_file() -> KeySet:
            return key_set_from_file(path)

        return from_file

    async def development_keys() -> KeySet:
        return dev_key_set(settings.dev_keys_dir)

    return development_keys


def _openapi() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Mentoring platform API",
        version="1.0.0",
        path="/schema",
        description=(
            "Every /api call acts for the agency named in the caller's token, and is audited. A calendar feed "
            "(/calendar/{token}.ics) takes no token: its URL is the secret."
        ),
        components=Components(
            security_schemes={
                BEARER: SecurityScheme(
                    type="http",
                    scheme="bearer",
                    bearer_format="JWT",
                    description="A JWT (ES256 or RS256) with claims sub, agency and roles; locally `make token`.",
                )
            }
        ),
    )
