"""The Kafka broker every service uses: durable publishing, redelivery on failure, traces and metrics."""

import logging

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry


def make_broker(
    bootstrap: str, *, service: str, tracer_provider: TracerProvider, registry: CollectorRegistry
) -> KafkaBroker:
    return KafkaBroker(
        bootstrap,
        client_id=service,
        # A publish counts only once every in-sync replica has it, and retries do not duplicate it.
        acks="all",
        enable_idempotence=True,
        allow_auto_create_topics=False,
        # Never the at-most-once default: a handler that fails leaves its message to be read again.
        ack_policy=AckPolicy.NACK_ON_ERROR,
        middlewares=[
            KafkaTelemetryMiddleware(tracer_provider=tracer_provider),
            KafkaPrometheusMiddleware(registry=registry, app_name=service),
        ],
        logger=logging.getLogger(f"{service}.kafka"),
        # FastStream's line per batch received and processed is debugging detail, not the service's log.
        log_level=logging.DEBUG,
        graceful_timeout=10,
    )
