"""deploy/local/ferretdb.sh starts PostgreSQL and FerretDB from nothing, and again on the data it left."""

import os
import subprocess
import time
from pathlib import Path

import pytest
from pymongo import MongoClient

from tests.support.processes import free_port
from tests.support.stack import LOCAL, remove_clusters

pytestmark = pytest.mark.integration


def _ferretdb(action: str, env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run([str(LOCAL / "ferretdb.sh"), action], env={**os.environ, **env}, check=True, timeout=120)
    return time.monotonic() - started


def test_ferretdb_on_postgresql_starts_cold_then_warm_with_its_data(tmp_path: Path) -> None:
    env = {name: str(free_port()) for name in ("FERRETDB_PORT", "FERRETDB_DEBUG_PORT", "POSTGRES_PORT")}
    env["FERRETDB_DATA_DIR"] = str(tmp_path / "ferretdb")
    url = f"mongodb://127.0.0.1:{env['FERRETDB_PORT']}"
    try:
        cold = _ferretdb("start", env)
        assert (tmp_path / "ferretdb" / "postgresql" / "PG_VERSION").is_file()  # the cluster, or a link to it
        with MongoClient(url) as client:
            log = client.it_scripts.log
            log.create_index("stream_id", unique=True)
            log.insert_many([{"stream_id": f"s-{n}", "n": n} for n in range(1000)])
        _ferretdb("stop", env)
        assert subprocess.run([str(LOCAL / "ferretdb.sh"), "status"], env={**os.environ, **env}).returncode == 1

        warm = _ferretdb("start", env)
        with MongoClient(url) as client:
            log = client.it_scripts.log
            assert log.count_documents({}) == 1000
            assert log.find_one({"stream_id": "s-500"})["n"] == 500
            explain = client.it_scripts.command("explain", {"find": "log", "filter": {"stream_id": "s-500"}})
        plan = explain["queryPlanner"]["Plan"]
        print(f"start: cold {cold:.1f} s, warm {warm:.1f} s")
        print(f"explain: filterPushdown={explain['filterPushdown']}, {plan['Node Type']}, filter {plan.get('Filter')}")
        # PostgreSQL applies the filter (FerretDB sends it as SQL) instead of FerretDB decoding every document;
        # FerretDB v1 still does not use the unique index for it, so the plan is a sequential scan.
        assert explain["ok"] == 1 and explain["filterPushdown"] is True
        assert "stream_id" in plan["Filter"]
    finally:
        _ferretdb("stop", env)
        remove_clusters(tmp_path)
