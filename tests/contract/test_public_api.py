"""The route table is the one declaration of the public API: the gateway, the services and the README follow it."""

import re

import pytest
from litestar import Litestar

from enrolment.bootstrap import create_app as enrolment_app
from evaluation.bootstrap import create_app as evaluation_app
from gateway.app import create_app as gateway_app
from gateway.routes import FORWARDED
from gateway.settings import GatewaySettings
from matching.bootstrap import create_app as matching_app
from mentoring_contracts.names import Service
from mentoring_contracts.routes import PUBLIC_API
from mentoring_runtime.routing import litestar_path
from scheduling.bootstrap import create_app as scheduling_app
from tests.support.stack import REPO_ROOT

pytestmark = pytest.mark.contract

SERVICE_APPS = {
    Service.ENROLMENT: enrolment_app,
    Service.MATCHING: matching_app,
    Service.SCHEDULING: scheduling_app,
    Service.EVALUATION: evaluation_app,
}


def _api_routes(app: Litestar) -> set[tuple[str, str]]:
    return {
        (method, route.path)
        for route in app.routes
        if route.path.startswith("/api/")
        for method in route.methods - {"OPTIONS", "HEAD"}
    }


def test_the_gateway_forwards_every_public_route_once() -> None:
    assert sorted(str(row.route) for row in FORWARDED) == sorted(str(route) for route in PUBLIC_API)
    assert len({row.route.operation_id for row in FORWARDED}) == len(PUBLIC_API)


@pytest.mark.parametrize("service", list(SERVICE_APPS), ids=str)
def test_each_service_serves_exactly_the_routes_the_gateway_sends_it(service: Service) -> None:
    wanted = {(row.route.method, litestar_path(row.route.path)) for row in FORWARDED if row.service == service}
    assert _api_routes(SERVICE_APPS[service]()) == wanted


def test_the_gateways_openapi_document_is_the_table(tmp_path) -> None:
    schema = gateway_app(GatewaySettings(dev_keys_dir=tmp_path)).openapi_schema.to_schema()
    documented = {
        (method.upper(), path, operation["operationId"], int(next(iter(operation["responses"]))))
        for path, item in schema["paths"].items()
        if path.startswith("/api/")
        for method, operation in item.items()
    }
    assert documented == {(r.method, r.path, r.operation_id, r.status) for r in PUBLIC_API}


def test_the_readme_lists_every_public_route_and_no_other() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    listed = set(re.findall(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/api/[^`]+)`", readme, flags=re.MULTILINE))
    assert listed == {(route.method, route.path) for route in PUBLIC_API}
