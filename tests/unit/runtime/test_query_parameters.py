"""Query strings read as their models, no more loosely than documented, and written back so they read the same."""

from datetime import date
from urllib.parse import urlencode

import pytest
from litestar.exceptions import ValidationException
from pydantic import BaseModel

from mentoring_contracts.api import AnalyticsQuery, ApplicationsQuery, ImportQuery, PageQuery
from mentoring_contracts.names import ApplicationStatus, ExportChart
from mentoring_runtime.query_parameters import query_params, read_query

pytestmark = pytest.mark.unit


def _errors(model: type[BaseModel], query_string: bytes) -> dict[str, str]:
    with pytest.raises(ValidationException) as refused:
        read_query(model, query_string)
    return {error["key"]: error["message"] for error in refused.value.extra}


@pytest.mark.parametrize(
    "query",
    [
        ApplicationsQuery(),
        ApplicationsQuery(limit=200, cursor="50", status=ApplicationStatus.WITHDRAWN),  # a cursor spelling a number
        ImportQuery(dry_run=True),
        ImportQuery(dry_run=False),
        AnalyticsQuery.model_validate({"from": "2026-01-01", "to": "2026-03-31", "chart": "cadence"}),
    ],
    ids=repr,
)
def test_a_query_written_reads_back_the_same(query: BaseModel) -> None:
    written = query_params(query)
    again = read_query(type(query), urlencode(written).encode())
    assert (again, again.model_fields_set) == (query, query.model_fields_set)


def test_only_what_was_set_is_written_and_each_value_as_the_document_spells_it() -> None:
    assert query_params(ApplicationsQuery(limit=5, status=ApplicationStatus.PENDING)) == {
        "limit": "5",
        "status": "pending",
    }
    assert query_params(ImportQuery(dry_run=True)) == {"dry_run": "true"}
    assert query_params(ImportQuery()) == {}


@pytest.mark.parametrize(
    ("model", "query_string", "field"),
    [
        (ImportQuery, b"dry_run=yes", "dry_run"),  # true or false, as the document's boolean
        (ImportQuery, b"dry_run=1", "dry_run"),
        (ImportQuery, b"dry_run", "dry_run"),
        (PageQuery, b"limit=5.5", "limit"),
        (PageQuery, b"limit=%2210%22", "limit"),  # "10", a string
        (PageQuery, b"limit=201", "limit"),
        (PageQuery, b"cursor=", "cursor"),  # blank is not absent
        (ApplicationsQuery, b"status=PENDING", "status"),
    ],
)
def test_a_value_the_document_calls_invalid_is_refused_naming_its_parameter(
    model: type[BaseModel], query_string: bytes, field: str
) -> None:
    assert list(_errors(model, query_string)) == [field]


def test_an_unknown_parameter_is_refused_saying_which_the_route_takes() -> None:
    assert _errors(PageQuery, b"limit=5&agency_id=agency-b") == {
        "agency_id": "not a query parameter of this route, which takes limit, cursor"
    }


def test_a_parameter_given_twice_is_refused() -> None:
    assert _errors(PageQuery, b"limit=5&limit=6") == {"limit": "given more than once; give it once"}


def test_a_field_with_an_alias_is_read_and_written_by_its_alias_only() -> None:
    query = read_query(AnalyticsQuery, b"from=2026-01-01&chart=cadence")
    assert (query.from_, query.to, query.chart) == (date(2026, 1, 1), None, ExportChart.CADENCE)
    assert query_params(query) == {"from": "2026-01-01", "chart": "cadence"}
    assert _errors(AnalyticsQuery, b"from_=2026-01-01") == {
        "from_": "not a query parameter of this route, which takes from, to, chart"
    }
    assert set(_errors(AnalyticsQuery, b"from=2026-02-30")) == {"from"}
