"""Analytics against the real broker and store: events published on Kafka, each counted once, also when published
again to a restarted evaluation, whose figures are folded again from the store."""

from uuid import uuid4

import pytest

from evaluation.bootstrap import create_app
from evaluation.handlers.analytics import AnalyticsAnswers
from evaluation.settings import SERVICE, EvaluationSettings
from evaluation.stores.analytics import AnalyticsFacts
from mentoring_contracts.api.analytics import AnalyticsQuery
from mentoring_runtime.web import caller_headers
from tests.support.analytics_events import applied, approved, at, closed, matched, met, signed
from tests.support.factories import caller, program_opened
from tests.support.kafka import publish
from tests.support.serving import serving
from tests.support.stores import drop_service_database, fresh_settings, real_database
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration

YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


def _history(agency: str, program: str):
    events = [
        program_opened(program),
        applied("e1", program_id=program),
        approved("e1", program_id=program),
        matched("p1", "m1", "e1", program_id=program),
        signed("p1", "m1", "e1", day="2026-02-01", program_id=program),
        met("p1", "2026-02-10", 90, program_id=program),
        met("p1", "2026-03-10", 30, program_id=program),
        closed("p1", "m1", "e1", outcomes="achieved not_achieved", program_id=program),
    ]
    days = [
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
        "2026-01-20",
        "2026-02-01",
        "2026-02-10",
        "2026-03-10",
        "2026-04-02",
    ]
    return [at(event, day, agency) for event, day in zip(events, days, strict=True)]


def _figures(body: dict) -> tuple:
    total = body["total"]
    return (
        total["mentee_funnel"]["applied"]["value"],
        total["mentee_funnel"]["matched"]["value"],
        total["partnerships"]["active"]["value"],
        total["meetings"]["value"],
        total["meeting_hours"]["value"],
        total["goals_set"]["value"],
        total["goals_achieved"]["value"],
    )


async def test_a_fact_stored_twice_counts_once_and_a_new_process_folds_the_same_figures(stack) -> None:
    async with real_database(stack.mongo_url) as database:
        analytics = AnalyticsAnswers(AnalyticsFacts(database))
        agency, program = f"a-{uuid4().hex[:6]}", "g1"
        history = _history(agency, program)
        await AnalyticsFacts(database).create_indexes()
        await analytics.record([*history, history[-2]])
        await analytics.record(history[3:])
        query = AnalyticsQuery.model_validate(YEAR)
        answer = await analytics.program_analytics(caller(agency), program, query)
        assert _figures(answer.model_dump()) == (1, 1, 1, 2, 2.0, 2, 1)
        assert await AnalyticsAnswers(AnalyticsFacts(database)).program_analytics(caller(agency), program, query) == (
            answer
        )
        assert agency in await AnalyticsFacts(database).agencies()  # the ledgers a starting process folds first


async def test_events_published_again_to_a_restarted_evaluation_count_once(stack) -> None:
    settings = fresh_settings(EvaluationSettings, stack)
    agency, program = f"a-{uuid4().hex[:6]}", f"g-{uuid4().hex[:6]}"
    url = f"/api/v1/programs/{program}/analytics"
    headers = caller_headers(agency, "coordinator1", ["coordinator"], str(uuid4()))
    history = _history(agency, program)
    expected = (1, 1, 1, 2, 2.0, 2, 1)
    try:
        async with serving(create_app(settings)) as client:
            await publish(stack.kafka_bootstrap, [*history, history[5]])
            await eventually_async(
                lambda: client.get(url, params=YEAR, headers=headers),
                lambda r: r.status_code == 200 and _figures(r.json()) == expected,
                what=url,
            )
        async with serving(create_app(settings)) as client:
            first = await client.get(url, params=YEAR, headers=headers)
            assert _figures(first.json()) == expected  # folded from the store
            late = at(met("p1", "2026-03-20", 60, program_id=program), "2026-03-20", agency)
            await publish(stack.kafka_bootstrap, [*history, late])  # published again, and one new meeting
            after = (1, 1, 1, 3, 3.0, 2, 1)
            await eventually_async(
                lambda: client.get(url, params=YEAR, headers=headers),
                lambda r: _figures(r.json()) == after,
                what=url,
            )
            metrics = (await client.get(f"/api/v1/programs/{program}/metrics", headers=headers)).json()
            assert (metrics["meetings_logged"], metrics["meeting_hours"]) == (3, 3.0)
            wrong = await client.get(url, params={"from": "2026-05-01", "to": "2026-04-01"}, headers=headers)
            assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "from"
    finally:
        await drop_service_database(settings, SERVICE)
