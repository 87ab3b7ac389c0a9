"""Leadership (the agency's leaders) may call only the rows that list it: the agency's analytics. Every other route
answers a leadership token 403 before anything is forwarded, so no person's data ever reaches one."""

import re

import pytest
from litestar.testing import AsyncTestClient

from gateway.routes import FORWARDED
from mentoring_contracts import routes
from mentoring_contracts.names import Role
from tests.unit.gateway.conftest import FakeServices
from tests.unit.gateway.test_routes import Auth

pytestmark = pytest.mark.unit

LEADERSHIP_ROWS = [row for row in FORWARDED if Role.LEADERSHIP in row.roles]
OTHER_ROWS = [row for row in FORWARDED if Role.LEADERSHIP not in row.roles and not row.route.anonymous]


def _path(path: str) -> str:
    return re.sub(r"\{[a-z_]+\}", "x1", path)


def test_leadership_may_call_the_agencys_analytics_and_nothing_else() -> None:
    assert [row.route for row in LEADERSHIP_ROWS] == [routes.GET_AGENCY_ANALYTICS]


@pytest.mark.parametrize("row", OTHER_ROWS, ids=lambda row: str(row.route))
async def test_a_leadership_token_gets_403_on_every_other_route(
    client: AsyncTestClient, services: FakeServices, auth: Auth, row
) -> None:
    response = await client.request(row.route.method, _path(row.route.path), headers=auth("leadership"))
    assert response.status_code == 403
    assert response.json()["detail"] == f"this needs the role {' or '.join(row.roles)}"
    assert services.requests == []


async def test_a_leadership_token_is_accepted_and_forwarded_as_its_role(
    client: AsyncTestClient, services: FakeServices, auth: Auth
) -> None:
    response = await client.get("/api/v1/agency/analytics", headers=auth("leadership", sub="lead-1"))
    assert response.status_code == 200
    [forwarded] = services.requests
    assert (forwarded.headers["x-actor-id"], forwarded.headers["x-actor-roles"]) == ("lead-1", "leadership")
