"""The whole platform as separate processes on the test servers, reached only through the gateway."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from gateway.settings import GatewaySettings
from gateway.tokens import issue_dev_token
from tests.support.processes import SERVICES, ServiceProcess, free_port
from tests.support.stack import Stack


@dataclass
class Platform:
    gateway: ServiceProcess
    services: dict[str, ServiceProcess]
    namespace: str
    stack: Stack
    keys_dir: Path

    def token(self, sub: str, agency: str, *roles: str) -> str:
        return issue_dev_token(sub, agency, roles, timedelta(minutes=30), GatewaySettings(dev_keys_dir=self.keys_dir))

    def client(self, sub: str, agency: str, *roles: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.gateway.url,
            headers={"Authorization": f"Bearer {self.token(sub, agency, *roles)}"},
            timeout=30,
        )


def fresh_namespace(stack: Stack, prefix: str) -> tuple[str, dict[str, str]]:
    """A namespace of its own (databases, consumer groups) on the test servers, and every service's settings for it."""
    namespace = prefix + uuid.uuid4().hex[:8]
    common = {
        "MENTORING_NAMESPACE": namespace,
        "MENTORING_KAFKA_BOOTSTRAP": stack.kafka_bootstrap,
        "MENTORING_MONGO_URL": stack.mongo_url,
        "MENTORING_RELAY_SWEEP_SECONDS": "0.2",
    }
    return namespace, common


@pytest.fixture(scope="session")
def platform(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    logs = tmp_path_factory.mktemp("service-logs")
    keys_dir = tmp_path_factory.mktemp("dev-keys")
    namespace, common = fresh_namespace(stack, "e2e")
    gateway_port = free_port()
    common["MENTORING_PUBLIC_URL"] = f"http://127.0.0.1:{gateway_port}"  # where calendar feeds' URLs point
    services = {name: ServiceProcess(name, free_port(), common, logs / f"{name}.log") for name in SERVICES}
    gateway_env = {
        **common,
        "MENTORING_DEV_KEYS_DIR": str(keys_dir),
        **{f"MENTORING_{name.upper()}_URL": process.url for name, process in services.items()},
    }
    gateway = ServiceProcess("gateway", gateway_port, gateway_env, logs / "gateway.log")
    everything = [*services.values(), gateway]
    try:
        for process in everything:
            process.start()
        for process in everything:
            process.wait_ready()
        yield Platform(gateway, services, namespace, stack, keys_dir)
    finally:
        for process in everything:
            process.stop()
