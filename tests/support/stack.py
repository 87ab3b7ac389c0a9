"""The real Kafka broker and document store a test session talks to.

In order of preference: servers named by MENTORING_TEST_KAFKA_BOOTSTRAP and MENTORING_TEST_MONGO_URL;
containers, where a Docker engine answers; otherwise the project's own deploy/local scripts on test ports
(so a running `make run` stack is left alone). Servers already answering on the test ports are reused;
servers the session starts itself get fresh data directories, so every session begins with empty topics and
databases (FerretDB's PostgreSQL cluster included), and are stopped and removed when it ends.
"""

import os
import shutil
import socket
import subprocess
import tempfile
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
    "POSTGRES_PORT": os.environ.get("MENTORING_TEST_POSTGRES_PORT", "15432"),
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


def _answers(port: str) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", int(port))) == 0


def remove_clusters(path: Path) -> None:
    """Remove the PostgreSQL clusters that data directories under `path` link to.

    Run by root, deploy/local/postgres.sh keeps a cluster where the postgres user can reach it, outside the data
    directory, and leaves a `postgresql` symlink to it there; removing the data directory would leave it behind.
    """
    for directory, subdirectories, _ in os.walk(path):
        for name in subdirectories:
            entry = Path(directory, name)
            if name == "postgresql" and entry.is_symlink():
                shutil.rmtree(entry.resolve(), ignore_errors=True)


def _script(name: str, action: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(LOCAL / name), action], env={**os.environ, **TEST_PORTS, **env}, check=False)


@contextmanager
def _local_servers() -> Iterator[Stack]:
    data = Path(tempfile.mkdtemp(prefix="mentoring-test-servers-"))
    env = {"KAFKA_DATA_DIR": str(data / "kafka"), "FERRETDB_DATA_DIR": str(data / "ferretdb")}
    started = []
    try:
        for script, port in (("ferretdb.sh", "FERRETDB_PORT"), ("kafka.sh", "KAFKA_PORT")):
            if not _answers(TEST_PORTS[port]):
                started.append(script)
                if _script(script, "start", env).returncode != 0:
                    raise RuntimeError(f"deploy/local/{script} start failed; its log is named above")
        yield Stack(f"127.0.0.1:{TEST_PORTS['KAFKA_PORT']}", f"mongodb://127.0.0.1:{TEST_PORTS['FERRETDB_PORT']}")
    finally:
        for script in reversed(started):
            _script(script, "stop", env)
        remove_clusters(data)
        shutil.rmtree(data, ignore_errors=True)


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
