"""Tracing: one TracerProvider per process, and the trace context carried through stored events."""

from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter


def tracer_provider(service: str, exporter: str = "none") -> TracerProvider:
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    if exporter == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    elif exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    elif exporter != "none":
        raise ValueError(f"MENTORING_OTEL_EXPORTER must be none, console or otlp, not {exporter!r}")
    return provider


def current_trace_carrier() -> dict[str, str]:
    """The W3C trace context of the current span, to store beside an event published later."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


@contextmanager
def continued_trace(carrier: dict[str, str] | None) -> Iterator[None]:
    """Run a block inside the trace a stored carrier came from."""
    token = context.attach(propagate.extract(carrier or {}))
    try:
        yield
    finally:
        context.detach(token)


def current_trace_id() -> str | None:
    span_context = trace.get_current_span().get_span_context()
    return format(span_context.trace_id, "032x") if span_context.is_valid else None
