"""The committed JSON Schema and AsyncAPI documents are exactly what the models generate."""

import json

import pytest

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


def test_asyncapi_names_every_topic_and_event() -> None:
    doc = json.loads((COMMITTED / "asyncapi.json").read_text())
    addresses = {channel["address"] for channel in doc["channels"].values()}
    assert addresses == {"enrolment.events", "matching.events", "scheduling.events", "evaluation.events"}
    names = {message["name"] for message in doc["components"]["messages"].values()}
    assert names == {"ProgramOpened", "MentorEnrolled", "MenteeEnrolled", "PairMatched", "MeetingLogged"}
