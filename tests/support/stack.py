"""The real Kafka broker and document store a test session talks to.

In order of preference: servers named by MENTORING_TEST_KAFKA_BOOTSTRAP and MENTORING_TEST_MONGO_URL;
containers, where a Docker engine answers; otherwise the project's own deploy/local scripts on test ports
(so a running `make run` stack is left alone). Servers the session started are stopped when it ends.
"""

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCAL = REPO_ROOT / "deploy" / "local"
TEST_PORTS = {
    "KAFKA_PORT": os.environ.get("MENTORING_TEST_KAFKA_PORT", "19092"),
    "KAFKA_CONTROLLER_PORT": os.environ.get("MENTORING_TEST_KAFKA_CONTROLLER_PORT", "19093"),
    "FERRETDB_PORT": os.environ.get("MENTORING_TEST_FERRETDB_PORT", "27117"),
    "FERRETDB_DEBUG_PORT": os.environ.get("MENTORING_TEST_FERRETDB_DEBUG_PORT", "18088"),
}


@dataclass(frozen=True)
class Stack:
    kafka_bootstrap: str
    mongo_url: str


def _docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0


@contextmanager
def _containers() -> Iterator[Stack]:
    from testcontainers.kafka import KafkaContainer
    from testcontainers.mongodb import MongoDbContainer

    with KafkaContainer().with_kraft() as kafka, MongoDbContainer("mongo:7") as mongo:
        yield Stack(kafka.get_bootstrap_server(), mongo.get_connection_url())


def _script(name: str, action: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(LOCAL / name), action], env={**os.environ, **TEST_PORTS}, check=False)


@contextmanager
def _local_servers() -> Iterator[Stack]:
    started = []
    try:
        for script in ("ferretdb.sh", "kafka.sh"):
            if _script(script, "status").returncode != 0:
                started.append(script)
                if _script(script, "start").returncode != 0:
                    raise RuntimeError(f"deploy/local/{script} start failed; its log is named above")
        yield Stack(f"127.0.0.1:{TEST_PORTS['KAFKA_PORT']}", f"mongodb://127.0.0.1:{TEST_PORTS['FERRETDB_PORT']}")
    finally:
        for script in reversed(started):
            _script(script, "stop")


@contextmanager
def real_stack() -> Iterator[Stack]:
    kafka, mongo = os.environ.get("MENTORING_TEST_KAFKA_BOOTSTRAP"), os.environ.get("MENTORING_TEST_MONGO_URL")
    if kafka and mongo:
        yield Stack(kafka, mongo)
    elif _docker_answers():
        with _containers() as stack:
            yield stack
    else:
        with _local_servers() as stack:
            yield stack
