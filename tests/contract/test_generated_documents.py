"""The committed JSON Schema and AsyncAPI documents are exactly what the models generate."""

import json

import pytest

from mentoring_contracts import EVENTS
from mentoring_contracts.export import documents
from tests.support.stack import REPO_ROOT

pytestmark = pytest.mark.contract
COMMITTED = REPO_ROOT / "contracts" / "schemas"


def test_committed_documents_match_the_models() -> None:
    generated = documents()
    committed = {path.name: path.read_text() for path in COMMITTED.glob("*.json")}
    assert sorted(committed) == sorted(generated), "run `make schemas` and commit contracts/schemas"
    drifted = [name for name, text in generated.items() if committed[name] != text]
    assert not drifted, f"{drifted} drifted from the models; run `make schemas` and commit contracts/schemas"


def test_asyncapi_names_every_topic_and_every_version_of_every_event() -> None:
    doc = json.loads((COMMITTED / "asyncapi.json").read_text())
    addresses = {channel["address"] for channel in doc["channels"].values()}
    assert addresses == {
        "enrolment.events", "matching.events", "scheduling.events", "evaluation.events", "matching.commands",
    }  # fmt: skip
    [commands] = [channel for channel in doc["channels"].values() if channel["address"] == "matching.commands"]
    assert set(commands["messages"]) == {"SolveMatchRun_v1", "PublishMatchRun_v1"}
    assert "not for integrators" in commands["description"]
    titles = {message["title"] for message in doc["components"]["messages"].values()}
    assert titles == {f"{event_type} v{version}" for event_type, version in EVENTS}
    # A reader of what was published before a payload changed shape finds the old version beside the new one.
    changed = {"ProgramOpened", "MentorEnrolled", "MenteeEnrolled"}
    assert {f"{name} v{version}" for name in changed for version in (1, 2)} <= titles
    [enrolment] = [channel for channel in doc["channels"].values() if channel["address"] == "enrolment.events"]
    assert {"ProgramOpened_v1", "ProgramOpened_v2", "ParticipantWithdrawn_v1", "ProgramClosed_v1"} <= set(
        enrolment["messages"]
    )
