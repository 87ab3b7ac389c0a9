"""A service started before its servers connects when they come up, and publishes what it stored meanwhile."""

import asyncio
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from opentelemetry.sdk.trace import TracerProvider

from mentoring_runtime.recording import Cause
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.settings import ServiceSettings
from tests.support.factories import pair_matched
from tests.support.kafka import read_topic
from tests.support.processes import free_port
from tests.support.stack import LOCAL, remove_clusters

pytestmark = pytest.mark.integration


def _servers(action: str, env: dict[str, str]) -> None:
    for script in ("ferretdb.sh", "kafka.sh") if action == "start" else ("kafka.sh", "ferretdb.sh"):
        subprocess.run([str(LOCAL / script), action], env={**os.environ, **env}, check=True)


async def test_a_service_connects_when_kafka_and_the_store_come_up_after_it(tmp_path: Path) -> None:
    ports = {
        name: str(free_port())
        for name in ("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "FERRETDB_PORT", "FERRETDB_DEBUG_PORT", "POSTGRES_PORT")
    }
    env = {**ports, "KAFKA_DATA_DIR": str(tmp_path / "kafka"), "FERRETDB_DATA_DIR": str(tmp_path / "ferretdb")}
    bootstrap = f"127.0.0.1:{ports['KAFKA_PORT']}"
    settings = ServiceSettings(
        namespace="rc" + uuid.uuid4().hex[:8],
        kafka_bootstrap=bootstrap,
        mongo_url=f"mongodb://127.0.0.1:{ports['FERRETDB_PORT']}",
        relay_sweep_seconds=0.1,
    )
    runtime = ServiceRuntime("it-recovering", settings, TracerProvider())
    await runtime.start()
    try:
        problems = {name: await check() for name, check in runtime.readiness().items()}
        assert all(problem for problem in problems.values()), problems
        await asyncio.to_thread(_servers, "start", env)
        await asyncio.wait_for(runtime.connected.wait(), timeout=60)
        assert {name: await check() for name, check in runtime.readiness().items()} == {"store": None, "kafka": None}
        await runtime.recorder.record("p-1", pair_matched("p-1"), Cause("a"), expected_version=0)
        for _ in range(100):
            if not await runtime.event_log.outbox():
                break
            await asyncio.sleep(0.1)
        records = await read_topic(bootstrap, "matching.events")
        assert [r.key for r in records] == [b"p-1"]
    finally:
        await runtime.stop()
        await asyncio.to_thread(_servers, "stop", env)
        remove_clusters(tmp_path)
