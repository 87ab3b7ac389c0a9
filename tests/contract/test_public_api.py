"""The route table is the one declaration of the public API: the gateway, the services and the README follow it."""

import json
import re

import pytest
from litestar import Litestar

from enrolment.bootstrap import create_app as enrolment_app
from evaluation.bootstrap import create_app as evaluation_app
from gateway.app import create_app as gateway_app
from gateway.routes import FORWARDED
from gateway.settings import GatewaySettings
from matching.bootstrap import create_app as matching_app
from mentoring_contracts import routes
from mentoring_contracts.names import Service
from mentoring_contracts.routes import PUBLIC_API, Route
from mentoring_runtime.logs import SECRET_PATHS
from mentoring_runtime.query_parameters import parameter_names
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


# Where the public API's paths are: under /api/, and the anonymous ones (the calendar feed's /calendar/).
PUBLIC_PATHS = ("/api/", *SECRET_PATHS)


def _api_routes(app: Litestar) -> set[tuple[str, str]]:
    return {
        (method, route.path)
        for route in app.routes
        if route.path.startswith(PUBLIC_PATHS)
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
        if path.startswith(PUBLIC_PATHS)
        for method, operation in item.items()
    }
    assert documented == {(r.method, r.path, r.operation_id, r.status) for r in PUBLIC_API}


def test_the_readme_lists_every_public_route_and_no_other() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    prefixes = "|".join(re.escape(prefix) for prefix in PUBLIC_PATHS)
    listed = set(re.findall(rf"^\| `(GET|POST|PUT|PATCH|DELETE) ((?:{prefixes})[^`]+)`", readme, flags=re.MULTILINE))
    assert listed == {(route.method, route.path) for route in PUBLIC_API}


def _refs(node: object) -> set[str]:
    if isinstance(node, dict):
        own = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return own.union(*(_refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node))
    return set()


def test_the_documents_bodies_are_the_json_schema_of_the_models_that_validate(tmp_path) -> None:
    schema = gateway_app(GatewaySettings(dev_keys_dir=tmp_path)).openapi_schema.to_schema()
    components = schema["components"]["schemas"]
    for route in PUBLIC_API:
        if route.body is not None:
            own = route.body.model_json_schema(ref_template="#/components/schemas/{model}")
            own.pop("$defs", None)
            assert components[route.body.__name__] == _without_nulls(own)
    assert components["Cadence"]["additionalProperties"] is False  # extra keys are refused, nested too
    assert components["Person"]["properties"]["languages"]["items"]["type"] == "string"  # no `[null]`
    assert {ref.removeprefix("#/components/schemas/") for ref in _refs(schema)} <= set(components)
    assert not _keys(components) & {"ge", "gt", "le", "lt"}, "constraints under their Python names check nothing"


def _keys(node: object) -> set[str]:
    if isinstance(node, dict):
        return set(node).union(*(_keys(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_keys(value) for value in node))
    return set()


def _without_nulls(node: object) -> object:
    """As Litestar serialises the document: without `"default": null`, which no validator checks."""
    if isinstance(node, dict):
        return {key: _without_nulls(value) for key, value in node.items() if value is not None}
    if isinstance(node, list):
        return [_without_nulls(value) for value in node]
    return node


@pytest.mark.parametrize("route", PUBLIC_API, ids=str)
def test_every_error_a_route_gives_is_documented_with_the_body_it_has(route, tmp_path) -> None:
    schema = gateway_app(GatewaySettings(dev_keys_dir=tmp_path)).openapi_schema.to_schema()
    responses = schema["paths"][route.path][route.method.lower()]["responses"]
    errors = {
        int(status): response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        for status, response in responses.items()
        if int(status) >= 400
    }
    expected = {400: "Problem", 401: "Problem", 403: "Problem", 404: "Problem", 503: "Problem", 504: "Problem"}
    if route.anonymous:  # no token to refuse, no role to lack
        expected = {status: body for status, body in expected.items() if status not in (401, 403)}
    # conflicts with the resource's state or another write
    if route.method in ("POST", "PUT", "PATCH") or route.conflict:
        expected |= {409: "Problem"}
    if route.method == "POST" or route.body or route.upload or route.query:  # what is validated may be invalid
        expected |= {422: "InvalidBody"}
    if route.exports:  # Accept may ask for none of its media types
        expected |= {406: "Problem"}
    assert errors == expected


@pytest.mark.parametrize("route", [route for route in PUBLIC_API if route.exports], ids=str)
def test_a_route_with_exports_documents_each_media_type_of_its_answer(route, tmp_path) -> None:
    schema = gateway_app(GatewaySettings(dev_keys_dir=tmp_path)).openapi_schema.to_schema()
    content = schema["paths"][route.path][route.method.lower()]["responses"][str(route.status)]["content"]
    assert list(content) == [routes.JSON, *route.exports]
    assert content[routes.JSON]["schema"] == {"$ref": f"#/components/schemas/{route.response.__name__}"}
    assert all(content[media_type]["schema"] == {"type": "string"} for media_type in route.exports)


@pytest.mark.parametrize("route", [route for route in PUBLIC_API if route.query], ids=str)
def test_a_routes_query_parameters_are_documented_as_their_model_validates_them(route, tmp_path) -> None:
    schema = gateway_app(GatewaySettings(dev_keys_dir=tmp_path)).openapi_schema.to_schema()
    parameters = schema["paths"][route.path][route.method.lower()]["parameters"]
    query = {parameter["name"]: parameter for parameter in parameters if parameter["in"] == "query"}
    assert list(query) == parameter_names(route.query)  # by alias, as read_query reads them: ?from=
    for name, field in zip(query, route.query.model_fields.values(), strict=True):
        assert query[name]["required"] is field.is_required()
        assert query[name].get("description") == field.description
        assert "null" not in json.dumps(query[name]["schema"]), "a query string cannot spell null"


def test_query_parameters_keep_their_constraints_and_descriptions(tmp_path) -> None:
    paths = gateway_app(GatewaySettings(dev_keys_dir=tmp_path)).openapi_schema.to_schema()["paths"]
    listing = {p["name"]: p for p in paths["/api/v1/programs/{program_id}/applications"]["get"]["parameters"]}
    assert (listing["limit"]["schema"]["minimum"], listing["limit"]["schema"]["maximum"]) == (1, 200)
    assert listing["cursor"]["schema"]["minLength"] == 1
    assert listing["status"]["schema"] == {"$ref": "#/components/schemas/ApplicationStatus"}
    importing = {p["name"]: p for p in paths["/api/v1/programs/{program_id}/imports"]["post"]["parameters"]}
    assert importing["dry_run"]["schema"]["type"] == "boolean"
    assert "without writing anything" in importing["dry_run"]["description"]


def test_an_upload_is_documented_as_a_binary_body_of_its_media_type(tmp_path) -> None:
    paths = gateway_app(GatewaySettings(dev_keys_dir=tmp_path)).openapi_schema.to_schema()["paths"]
    for route in (route for route in PUBLIC_API if route.upload):
        body = paths[route.path][route.method.lower()]["requestBody"]
        assert body["content"] == {route.upload: {"schema": {"type": "string", "format": "binary"}}}
        assert body["required"] is True
        assert "at most 20 MB" in body["description"]


def _links(paths: dict, route: Route) -> dict:
    return paths[route.path][route.method.lower()]["responses"][str(route.status)]["links"]


def test_a_created_id_is_linked_to_the_routes_that_take_it(tmp_path) -> None:
    paths = gateway_app(GatewaySettings(dev_keys_dir=tmp_path)).openapi_schema.to_schema()["paths"]
    program_links = _links(paths, routes.CREATE_PROGRAM)
    assert set(program_links) == {
        "getProgram",
        "updateProgram",
        "openProgram",
        "closeProgram",
        "enrolParticipant",
        "apply",
        "listApplications",
        "scheduleInfoSession",
        "listInfoSessions",
        "startImport",
        "startMatchRun",
        "createPair",
        "listPairs",
        "listMentorRequests",
        "listPartnerships",
        "listAgreements",
        "getProgramMetrics",
        "listMissingProgressReports",
        "getEvaluationPolicy",
        "setEvaluationPolicy",
        "listSurveyResponses",
        "getProgramAnalytics",
    }
    assert {link["parameters"]["program_id"] for link in program_links.values()} == {"$response.body#/id"}
    assert set(_links(paths, routes.APPLY)) == {
        "getApplication",
        "approveApplication",
        "rejectApplication",
        "withdrawApplication",
    }
    assert set(_links(paths, routes.SCHEDULE_INFO_SESSION)) == {"registerForInfoSession", "recordAttendance"}
    assert _links(paths, routes.START_IMPORT)["getImport"] == {
        "operationId": "getImport",
        "parameters": {"program_id": "$request.path.program_id", "import_id": "$response.body#/id"},
    }
    assert set(_links(paths, routes.START_IMPORT)) == {"getImport", "approveEligible"}
    run_links = _links(paths, routes.START_MATCH_RUN)
    assert run_links["getMatchRun"] == {
        "operationId": "getMatchRun",
        "parameters": {"program_id": "$request.path.program_id", "run_id": "$response.body#/id"},
    }
    assert set(run_links) == {
        "getMatchRun", "listProposals", "listUnmatched", "lockPair", "excludePair", "resolveRun", "publishRun",
        "reproduceRun",
    }  # fmt: skip
    request_links = _links(paths, routes.REQUEST_MENTOR)
    assert set(request_links) == {"acceptMentorRequest", "declineMentorRequest"}
    assert request_links["acceptMentorRequest"]["parameters"] == {"request_id": "$response.body#/id"}
