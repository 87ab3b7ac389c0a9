"""One trace spans gateway → service → Kafka → consumer.

The gateway, enrolment and evaluation run in this process under uvicorn, sharing one TracerProvider whose spans
go to an in-memory exporter; they still talk over real HTTP and the real broker.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
import pytest
import uvicorn
from litestar import Litestar
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
from tests.support.processes import free_port

pytestmark = pytest.mark.e2e


@asynccontextmanager
async def serving(app: Litestar, port: int) -> AsyncIterator[str]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_one_trace_spans_gateway_service_kafka_and_consumer(stack, tmp_path) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    common = {
        "namespace": "tr" + uuid.uuid4().hex[:8],
        "kafka_bootstrap": stack.kafka_bootstrap,
        "mongo_url": stack.mongo_url,
        "relay_poll_seconds": 0.2,
    }
    enrolment_port, evaluation_port, gateway_port = free_port(), free_port(), free_port()
    async with (
        serving(enrolment_app(EnrolmentSettings(**common), provider), enrolment_port) as enrolment_url,
        serving(evaluation_app(EvaluationSettings(**common), provider), evaluation_port) as evaluation_url,
    ):
        settings = GatewaySettings(enrolment_url=enrolment_url, evaluation_url=evaluation_url, dev_keys_dir=tmp_path)
        async with serving(gateway_app(settings, provider), gateway_port) as gateway_url:
            token = issue_dev_token("c", "agency-trace", ["coordinator"], timedelta(minutes=5), settings)
            headers = {"Authorization": f"Bearer {token}"}
            async with httpx.AsyncClient(base_url=gateway_url, headers=headers, timeout=30) as client:
                await _wait_ready(client, enrolment_url, evaluation_url)
                created = await client.post(
                    "/api/v1/programs",
                    json={
                        "name": "Traced",
                        "kind": "one_to_one",
                        "cadence": {"meetings_per_month": 1, "hours_per_month": 1},
                    },
                )
                assert created.status_code == 201, created.text
                metrics_path = f"/api/v1/programs/{created.json()['id']}/metrics"
                for _ in range(120):
                    if (await client.get(metrics_path)).status_code == 200:
                        break
                    await asyncio.sleep(0.25)
                else:
                    pytest.fail("evaluation never consumed ProgramOpened")

    spans = exporter.get_finished_spans()
    entry = [s for s in spans if s.kind == SpanKind.SERVER and s.parent is None and "POST" in s.name]
    assert len(entry) == 1, [s.name for s in entry]
    trace = [s for s in spans if s.context.trace_id == entry[0].context.trace_id]
    kinds = {(s.kind, s.name) for s in trace}
    assert sum(1 for s in trace if s.kind == SpanKind.SERVER and "POST" in s.name) == 2, "gateway and enrolment"
    assert any(kind == SpanKind.PRODUCER and "enrolment.events" in name for kind, name in kinds), kinds
    assert any(kind == SpanKind.CONSUMER and "enrolment.events" in name for kind, name in kinds), kinds


async def _wait_ready(client: httpx.AsyncClient, *urls: str) -> None:
    for url in urls:
        for _ in range(200):
            if (await client.get(f"{url}/ready")).status_code == 200:
                break
            await asyncio.sleep(0.1)
        else:
            pytest.fail(f"{url} never became ready")
