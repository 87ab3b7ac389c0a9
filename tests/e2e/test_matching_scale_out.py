"""Matching as two instances behind one gateway: several programmes' runs at once, one instance killed with SIGKILL
while it solves, and every run still carried out and published once, no mentee matched twice, no mentor over
capacity, each fact of the pairs on the wire once."""

import asyncio
import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient

from mentoring_contracts import Envelope
from tests.e2e.conftest import Platform, fresh_namespace
from tests.support.kafka import publish, read_topic
from tests.support.matching import pairs, settled_run
from tests.support.processes import ServiceProcess, free_port
from tests.support.programmes import Programme
from tests.support.stack import Stack
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

PROGRAMMES = 6
MENTORS, MENTEES = 150, 700
SKILLS = ("python", "sql", "design", "policy", "finance", "law")
CAPACITY = {0: 1, 1: 2, 2: 3}


@dataclass
class Scaled:
    platform: Platform
    instances: list[ServiceProcess]

    def runs(self) -> Any:
        return MongoClient(self.platform.stack.mongo_url)[f"{self.platform.namespace}_matching"]["match_runs"]


@pytest.fixture(scope="module")
def scaled(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scaled]:
    logs = tmp_path_factory.mktemp("scale-out-logs")
    keys_dir = tmp_path_factory.mktemp("scale-out-keys")
    namespace, common = fresh_namespace(stack, "scale")
    instances = [ServiceProcess("matching", free_port(), common, logs / f"matching-{n}.log") for n in (1, 2)]
    gateway_env = {
        **common,
        "MENTORING_DEV_KEYS_DIR": str(keys_dir),
        "MENTORING_MATCHING_URL": ",".join(instance.url for instance in instances),
    }
    gateway = ServiceProcess("gateway", free_port(), gateway_env, logs / "gateway.log")
    everything = [*instances, gateway]
    try:
        for process in everything:
            process.start()
        for process in everything:
            process.wait_ready()
        yield Scaled(Platform(gateway, {}, namespace, stack, Path(keys_dir)), instances)
    finally:
        for process in everything:
            process.stop()


def _cohort(programme: Programme) -> list[Envelope[Any]]:
    mentors = [
        programme.mentor(f"m{i}", f"{SKILLS[i % 6]} {SKILLS[(i + 1) % 6]}", CAPACITY[i % 3], department=f"d{i % 7}")
        for i in range(MENTORS)
    ]
    mentees = [
        programme.mentee(f"e{i}", f"{SKILLS[i % 6]} {SKILLS[(i * 5) % 6]}", department=f"d{i % 5}")
        for i in range(MENTEES)
    ]
    return [programme.opened(), *mentors, *mentees]


def _pid(executed_by: str) -> str:
    return executed_by.split(":")[1]  # an instance is named host:pid:random


def _kill_an_instance_while_it_solves(scaled: Scaled, run_ids: set[str]) -> tuple[ServiceProcess, str]:
    """SIGKILL whichever instance is seen solving one of the runs; returns it and that run's id."""
    by_pid = {str(instance.process.pid): instance for instance in scaled.instances if instance.process}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for run in scaled.runs().find({"_id": {"$in": sorted(run_ids)}, "status": "running"}):
            if "executed_by" in run and _pid(run["executed_by"]) in by_pid:
                victim = by_pid[_pid(run["executed_by"])]
                victim.kill()
                return victim, run["_id"]
        time.sleep(0.02)
    raise AssertionError("no instance was seen solving a run within 60 s")


def test_runs_finish_once_when_the_instance_solving_them_is_killed(scaled: Scaled) -> None:
    agency = f"agency-{uuid.uuid4().hex[:8]}"
    programmes = [Programme(agency_id=agency) for _ in range(PROGRAMMES)]
    asyncio.run(publish(scaled.platform.stack.kafka_bootstrap, [e for p in programmes for e in _cohort(p)]))
    coordinator = scaled.platform.client("coord", agency, "coordinator")

    def pool_read(programme: Programme) -> bool:
        last = f"/api/v1/programs/{programme.program_id}/mentees/e{MENTEES - 1}/suggestions"
        return coordinator.get(last).status_code == 200

    for programme in programmes:
        eventually(lambda p=programme: pool_read(p), bool, timeout=90, what="matching to read the cohort")

    started = [
        coordinator.post(f"/api/v1/programs/{p.program_id}/match-runs", json={}) for p in programmes
    ]  # several programmes' runs at once, spread by programme over both instances
    assert [answer.status_code for answer in started] == [202] * PROGRAMMES, [a.text for a in started]
    run_ids = {p.program_id: answer.json()["id"] for p, answer in zip(programmes, started, strict=True)}

    killed, interrupted = _kill_an_instance_while_it_solves(scaled, set(run_ids.values()))
    survivor = next(instance for instance in scaled.instances if instance is not killed)

    proposed = {
        program_id: settled_run(coordinator, program_id, run_id, "proposed") for program_id, run_id in run_ids.items()
    }
    assert {run["status"] for run in proposed.values()} == {"proposed"}, proposed
    taken_over = scaled.runs().find_one({"_id": interrupted})
    assert _pid(taken_over["executed_by"]) == str(survivor.process.pid)  # the survivor finished the killed one's run

    for program_id, run_id in run_ids.items():
        answer = coordinator.post(f"/api/v1/programs/{program_id}/match-runs/{run_id}/publish")
        assert answer.status_code == 202, answer.text
    published = {
        program_id: settled_run(coordinator, program_id, run_id, "published") for program_id, run_id in run_ids.items()
    }
    for program_id, run in published.items():
        assert run["status"] == "published", run
        made = pairs(coordinator, program_id)
        assert len(made) == run["published"] == proposed[program_id]["proposed"] > 0
        assert len({pair["mentee_id"] for pair in made}) == len(made)  # no mentee matched twice
        load = Counter(pair["mentor_id"] for pair in made)
        assert all(load[f"m{i}"] <= CAPACITY[i % 3] for i in range(MENTORS))  # no mentor over capacity

    _every_pair_on_the_wire_once(scaled, published)


def _every_pair_on_the_wire_once(scaled: Scaled, published: dict[str, dict[str, Any]]) -> None:
    def on_the_wire() -> Counter[str]:
        records = asyncio.run(read_topic(scaled.platform.stack.kafka_bootstrap, "matching.events"))
        envelopes = [json.loads(record.value) for record in records]
        return Counter(
            envelope["payload"]["pair_id"]
            for envelope in envelopes
            if envelope["event_type"] == "PairMatched" and envelope["payload"]["program_id"] in published
        )

    expected = sum(run["published"] for run in published.values())
    sent = eventually(on_the_wire, lambda counted: sum(counted.values()) >= expected, timeout=60, what="every pair")
    assert len(sent) == expected
    assert set(sent.values()) == {1}, "a PairMatched went out twice"
