"""docker-compose.yml cannot run here; it must at least parse, name every service and wire them alike."""

import pytest
import yaml

from tests.support.stack import REPO_ROOT

pytestmark = pytest.mark.contract
SERVICES = {"enrolment", "matching", "scheduling", "evaluation", "gateway"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


def test_compose_runs_every_service_on_real_kafka_and_mongodb(compose: dict) -> None:
    assert SERVICES | {"kafka", "mongo"} <= set(compose["services"])
    assert compose["services"]["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_each_service_is_built_from_the_one_dockerfile_by_argument(compose: dict, name: str) -> None:
    service = compose["services"][name]
    assert service["build"]["dockerfile"] == "deploy/docker/Dockerfile"
    assert service["build"]["args"]["SERVICE"] == name
    assert (REPO_ROOT / "services" / name / "src" / name / "__main__.py").exists()
    env = service["environment"]
    assert env["MENTORING_KAFKA_BOOTSTRAP"] == "kafka:9092"
    assert env["MENTORING_MONGO_URL"] == "mongodb://mongo:27017"


def test_the_gateway_reaches_each_service_by_the_local_stacks_variable_names(compose: dict) -> None:
    env = compose["services"]["gateway"]["environment"]
    for name in SERVICES - {"gateway"}:
        port = compose["services"][name]["environment"]["MENTORING_HTTP_PORT"]
        assert env[f"MENTORING_{name.upper()}_URL"] == f"http://{name}:{port}"
