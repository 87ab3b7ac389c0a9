"""Each agency's k, from evaluation's settings, on the real broker and store: the same 4 applicants are shown to one
agency's leadership, whose k is 3, and withheld from another's, on the default 5."""

from uuid import uuid4

import pytest

from evaluation.bootstrap import create_app
from evaluation.settings import SERVICE, EvaluationSettings
from mentoring_runtime.web import caller_headers
from tests.support.analytics_events import applied, approved, at
from tests.support.factories import program_opened
from tests.support.kafka import publish
from tests.support.serving import serving
from tests.support.stores import drop_service_database, fresh_settings
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration

YEAR = {"from": "2026-01-01", "to": "2026-12-31"}
URL = "/api/v1/agency/analytics"


def four_applicants(agency: str):
    program = f"g-{uuid4().hex[:6]}"
    events = [at(program_opened(program), "2026-01-01", agency)]
    for person in ("e1", "e2", "e3", "e4"):
        events += [
            at(applied(person, program_id=program), "2026-01-02", agency),
            at(approved(person, program_id=program), "2026-01-03", agency),
        ]
    return events


async def test_leadership_sees_what_its_agency_s_k_allows(stack) -> None:
    low, default = f"a-{uuid4().hex[:6]}", f"a-{uuid4().hex[:6]}"
    settings = fresh_settings(EvaluationSettings, stack, min_people_by_agency={low: 3})
    coordinator = caller_headers(default, "coordinator1", ["coordinator"], str(uuid4()))
    try:
        async with serving(create_app(settings)) as client:
            await publish(stack.kafka_bootstrap, [*four_applicants(low), *four_applicants(default)])
            await eventually_async(
                lambda: client.get(URL, params=YEAR, headers=coordinator),
                lambda r: r.status_code == 200 and r.json()["total"]["mentee_funnel"]["approved"]["value"] == 4,
                what="the second agency's four applicants counted",
            )

            def leadership(agency: str) -> dict:
                return {"headers": caller_headers(agency, "leader1", ["leadership"], str(uuid4())), "params": YEAR}

            shown = await eventually_async(
                lambda: client.get(URL, **leadership(low)),
                lambda r: r.json()["total"]["mentee_funnel"]["applied"] == {"value": 4, "withheld": None},
                what="the first agency's four applicants shown to its leadership",
            )
            withheld = (await client.get(URL, **leadership(default))).json()
    finally:
        await drop_service_database(settings, SERVICE)

    assert shown.json()["min_people"] == 3
    assert withheld["min_people"] == 5
    assert withheld["total"]["mentee_funnel"]["applied"] == {"value": None, "withheld": "few_people"}
