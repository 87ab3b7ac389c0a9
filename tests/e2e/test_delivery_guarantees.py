"""No event lost, none applied twice, and a poisoned message parked without blocking its partition."""

import asyncio
import json
import time
import uuid

import pytest

from mentoring_contracts import Envelope
from tests.e2e.conftest import Platform
from tests.support.factories import mentor_enrolled, program_opened, wrapped
from tests.support.kafka import publish, publish_raw, read_topic
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

TOPIC = "enrolment.events"


def _opened(agency: str) -> Envelope:
    return wrapped(program_opened(str(uuid.uuid4())), agency, "enrolment")


def _metrics(platform: Platform, agency: str, program_id: str):
    return platform.client("coord", agency, "coordinator").get(f"/api/v1/programs/{program_id}/metrics")


def test_a_malformed_event_is_dead_lettered_and_its_partition_goes_on(platform: Platform) -> None:
    agency = "agency-" + uuid.uuid4().hex[:6]
    opened = _opened(agency)
    key = opened.aggregate_id.encode()
    marker = uuid.uuid4().hex
    broken = opened.model_dump(mode="json")
    broken["payload"]["cadence"] = f"monthly {marker}"
    messages = [f"not json at all {marker}".encode(), json.dumps(broken).encode(), opened.model_dump_json().encode()]
    asyncio.run(publish_raw(platform.stack.kafka_bootstrap, [(TOPIC, key, value) for value in messages]))
    # the valid event behind the two bad ones, on the same partition, is applied
    eventually(
        lambda: _metrics(platform, agency, opened.aggregate_id).status_code,
        lambda s: s == 200,
        what="valid event applied",
    )

    def parked():
        records = asyncio.run(read_topic(platform.stack.kafka_bootstrap, f"{TOPIC}.dlq"))
        return [dict(r.headers) for r in records if marker.encode() in r.value]

    dead = eventually(
        parked, lambda h: len(h) >= 6, what="both bad messages dead-lettered by evaluation, matching and scheduling"
    )
    reasons = {h["x-dead-letter-reason"].decode() for h in dead}
    assert any(reason.startswith("invalid event") for reason in reasons)
    assert {h["x-failed-consumer-group"].decode() for h in dead} == {
        f"{platform.namespace}.evaluation",
        f"{platform.namespace}.matching",
        f"{platform.namespace}.scheduling",
    }


def test_a_duplicated_event_is_applied_once(platform: Platform) -> None:
    agency = "agency-" + uuid.uuid4().hex[:6]
    opened = _opened(agency)
    enrolled = wrapped(mentor_enrolled("m-1", "budgeting", 2, program_id=opened.aggregate_id), agency, "enrolment")
    asyncio.run(publish(platform.stack.kafka_bootstrap, [opened, enrolled, enrolled, enrolled]))
    eventually(lambda: _metrics(platform, agency, opened.aggregate_id), lambda r: r.status_code == 200, what="applied")
    time.sleep(2)  # give any second application the chance to show
    assert _metrics(platform, agency, opened.aggregate_id).json()["mentors"] == 1


def test_a_service_killed_between_storing_and_publishing_publishes_after_restart(platform: Platform) -> None:
    enrolment = platform.services["enrolment"]
    enrolment.stop()
    # With the relay off the service stores events and publishes nothing: the window a crash can fall into.
    enrolment.start(MENTORING_RELAY_ENABLED="false")
    enrolment.wait_ready()
    agency = "agency-" + uuid.uuid4().hex[:6]
    coordinator = platform.client("coord", agency, "coordinator")
    created = coordinator.post(
        "/api/v1/programs",
        json={"name": "Stored only", "kind": "one_to_one", "cadence": {"meetings_per_month": 1, "hours_per_month": 1}},
    )
    assert created.status_code == 201
    program_id = created.json()["id"]
    assert coordinator.post(f"/api/v1/programs/{program_id}/open").status_code == 200  # ProgramOpened, stored only
    time.sleep(2)
    assert _metrics(platform, agency, program_id).status_code == 404, "nothing was published while the relay was off"
    enrolment.kill()
    enrolment.start()
    enrolment.wait_ready()
    eventually(
        lambda: _metrics(platform, agency, program_id).status_code, lambda s: s == 200, what="published after restart"
    )
    records = asyncio.run(read_topic(platform.stack.kafka_bootstrap, TOPIC))
    assert sum(1 for r in records if r.key == program_id.encode()) == 1
