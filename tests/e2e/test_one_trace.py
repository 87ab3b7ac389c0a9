"""One trace spans gateway → service → Kafka → consumer.

The gateway, enrolment and evaluation run in this process under uvicorn, sharing one TracerProvider whose spans
go to an in-memory exporter; they still talk over real HTTP and the real broker.
"""

import uuid
from datetime import timedelta

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from enrolment.bootstrap import create_app as enrolment_app
from enrolment.settings import EnrolmentSettings
from evaluation.bootstrap import create_app as evaluation_app
from evaluation.settings import EvaluationSettings
from gateway.app import create_app as gateway_app
from gateway.settings import GatewaySettings
from gateway.tokens import issue_dev_token
from tests.support.serving import serving
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.e2e


async def test_one_trace_spans_gateway_service_kafka_and_consumer(stack, tmp_path) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    common = {
        "namespace": "tr" + uuid.uuid4().hex[:8],
        "kafka_bootstrap": stack.kafka_bootstrap,
        "mongo_url": stack.mongo_url,
        "relay_sweep_seconds": 0.2,
    }
    async with (
        serving(enrolment_app(EnrolmentSettings(**common), provider)) as enrolment,
        serving(evaluation_app(EvaluationSettings(**common), provider)) as evaluation,
    ):
        urls = {"enrolment_url": str(enrolment.base_url), "evaluation_url": str(evaluation.base_url)}
        settings = GatewaySettings(**common, **urls, dev_keys_dir=tmp_path)
        async with serving(gateway_app(settings, provider)) as client:
            token = issue_dev_token("c", "agency-trace", ["coordinator"], timedelta(minutes=5), settings)
            client.headers["Authorization"] = f"Bearer {token}"
            created = await client.post(
                "/api/v1/programs",
                json={
                    "name": "Traced",
                    "kind": "one_to_one",
                    "cadence": {"meetings_per_month": 1, "hours_per_month": 1},
                },
            )
            assert created.status_code == 201, created.text
            program = f"/api/v1/programs/{created.json()['id']}"
            opened = await client.post(f"{program}/open")  # the draft is opened: ProgramOpened is published
            assert opened.status_code == 200, opened.text
            metrics_path = f"{program}/metrics"
            await eventually_async(
                lambda: client.get(metrics_path), lambda r: r.status_code == 200, what="ProgramOpened consumed"
            )

    spans = exporter.get_finished_spans()
    # The request that opened the programme, whose trace goes on through Kafka (creating a draft publishes nothing).
    entry = [s for s in spans if s.kind == SpanKind.SERVER and s.parent is None and s.name.endswith("/open")]
    assert len(entry) == 1, [s.name for s in entry]
    trace = [s for s in spans if s.context.trace_id == entry[0].context.trace_id]
    kinds = {(s.kind, s.name) for s in trace}
    assert sum(1 for s in trace if s.kind == SpanKind.SERVER and "POST" in s.name) == 2, "gateway and enrolment"
    assert any(kind == SpanKind.PRODUCER and "enrolment.events" in name for kind, name in kinds), kinds
    assert any(kind == SpanKind.CONSUMER and "enrolment.events" in name for kind, name in kinds), kinds
