"""Schemathesis against the running platform, through the gateway, as each role: no 5xx, every response documented.

The document is the one the gateway serves, as a client reads it. Every operation is tried as a coordinator, a
mentor and a mentee of one real programme: the path parameters are the programme, a published match run, a pair
the mentor and mentee belong to and its mentee, the mentee's application, an information session, an import and a
mentee's request for another mentor, so requests reach the services' rules instead of stopping at 404. Every check
runs, with the settings of the repository's schemathesis.toml, which the CLI reads too and which says where a check
is told to expect something else, and why; generation is derandomized, so a failure reproduces on the next run.

The stateful phase (sequences following the document's links) is left to the CLI: Hypothesis's state machine
reports "inconsistent data generation" when a live service answers the same call differently over time, as
matching does while it has not yet consumed a new programme (404, then 202).
"""

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from schemathesis import BaseSchema, Case

from tests.e2e.conftest import Platform
from tests.support.import_files import import_file, mentee_row
from tests.support.matching import matched
from tests.support.stack import REPO_ROOT
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

ROLES = ("coordinator", "mentor", "mentee")
# 100 cases per operation and role (max-examples), plus the coverage phase's own: about 75 s here.
SETTINGS = REPO_ROOT / "schemathesis.toml"
CADENCE = {"meetings_per_month": 1, "hours_per_month": 2}


@dataclass(frozen=True)
class Programme:
    agency: str
    coordinator: str
    program_id: str
    run_id: str
    pair: dict[str, Any]
    application_id: str
    session_id: str
    import_id: str
    request_id: str

    def caller(self, role: str) -> str:
        return self.coordinator if role == "coordinator" else self.pair[f"{role}_id"]


def _person(person_id: str) -> dict[str, Any]:
    return {
        "id": person_id,
        "name": f"Person {person_id}",
        "email": f"{person_id}@agency.example",
        "department": "finance",
        "grade": "g7",
        "languages": ["en"],
    }


@pytest.fixture(scope="module")
def programme(platform: Platform) -> Programme:
    """A programme that lets mentees choose, with one matched pair, made through the gateway as a coordinator would,
    and then a request another mentee made for another mentor."""
    tag = uuid.uuid4().hex[:6]
    agency, coordinator = f"agency-{tag}", f"coord-{tag}"
    client = platform.client(coordinator, agency, "coordinator")
    design = {"name": "Fuzzed", "kind": "one_to_one", "cadence": CADENCE, "matching_policy": {"self_select": True}}
    program_id = client.post("/api/v1/programs", json=design)
    program_id.raise_for_status()
    program = f"/api/v1/programs/{program_id.json()['id']}"
    client.post(f"{program}/open").raise_for_status()  # a new programme is a draft until opened
    mentor = {"role": "mentor", "person": _person(f"mentor-{tag}"), "skills": ["budgeting"], "capacity": 1}
    mentee = {"role": "mentee", "person": _person(f"mentee-{tag}"), "desired_skills": ["budgeting"]}
    for body in (mentor, mentee):
        enrolled = client.post(f"{program}/participants", json=body)
        enrolled.raise_for_status()
    session = {"starts_at": "2026-01-05T10:00:00Z", "location": "Room 4", "capacity": 50}
    session_id = client.post(f"{program}/info-sessions", json=session).json()["id"]
    upload = import_file([mentee_row(f"imported-{tag}")])
    import_id = client.post(f"{program}/imports", content=upload, headers={"content-type": "text/csv"}).json()["id"]

    run, [pair] = matched(client, program_id.json()["id"], lambda found: found["proposed"] == 1)
    later = {"role": "mentor", "person": _person(f"later-mentor-{tag}"), "skills": ["budgeting"], "capacity": 1}
    chooser = {"role": "mentee", "person": _person(f"chooser-{tag}"), "desired_skills": ["budgeting"]}
    for body in (later, chooser):
        client.post(f"{program}/participants", json=body).raise_for_status()
    choosing = platform.client(f"chooser-{tag}", agency, "mentee")
    request = eventually(
        lambda: choosing.post("/api/v1/me/mentor-requests", json={"mentor_id": f"later-mentor-{tag}"}),
        lambda response: response.status_code == 201,
        what="matching to have the chooser and the later mentor",
    )
    ids = (enrolled.json()["id"], session_id, import_id, request.json()["id"])
    return Programme(agency, coordinator, program_id.json()["id"], run["id"], pair, *ids)


@pytest.fixture(params=ROLES)
def gateway_api(request: pytest.FixtureRequest, platform: Platform, programme: Programme) -> BaseSchema:
    """The document the gateway serves, called as `role` with the programme's ids."""
    role = request.param
    ids = {
        "program_id": programme.program_id,
        "run_id": programme.run_id,
        "pair_id": programme.pair["id"],
        "person_id": programme.pair["mentee_id"],
        "application_id": programme.application_id,
        "session_id": programme.session_id,
        "import_id": programme.import_id,
        "request_id": programme.request_id,
    }
    token = platform.token(programme.caller(role), programme.agency, role)
    # Through the document's own security scheme, so that schemathesis knows the credentials are real ones it was
    # given (a header set by hand reads to it as generated once an operation declares headers of its own).
    auth = f'\n[auth.openapi.BearerToken]\nbearer = "{token}"\n'
    config = schemathesis.Config.from_str(SETTINGS.read_text() + auth)
    config.projects.default.update(parameters={f"path.{name}": value for name, value in ids.items()})
    return schemathesis.openapi.from_url(f"{platform.gateway.url}/schema/openapi.json", config=config)


schema = schemathesis.pytest.from_fixture("gateway_api")


@schema.parametrize()
def test_every_operation_answers_as_documented_for_every_role(case: Case) -> None:
    case.call_and_validate()
