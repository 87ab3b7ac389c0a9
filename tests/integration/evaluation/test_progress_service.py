"""Evaluation's progress reports against the real broker and store: a pair heard from Kafka reports and is assessed
over HTTP; a process started anew reads it all again from FerretDB, lists the same missing months, finds a retried
report where the first left it and refuses a second report of the month."""

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from pymongo import AsyncMongoClient

from evaluation.bootstrap import create_app
from evaluation.settings import SERVICE, EvaluationSettings
from mentoring_contracts import AgreementSigned
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.web import caller_headers
from tests.support.factories import pair_matched, program_opened, wrapped
from tests.support.kafka import publish
from tests.support.serving import serving
from tests.support.stores import drop_service_database, fresh_settings
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration

NOW = datetime(2026, 5, 20, 12, tzinfo=UTC)  # March's and April's reports are past due (the 5th), May's is not
REPORT = {"month": "2026-03", "objectives": [{"objective": 1, "status": "at_risk", "percent": 15}], "summary": "Slow"}


async def test_reports_and_missing_months_survive_a_restart_and_a_retry_finds_the_first(stack: Any) -> None:
    settings = fresh_settings(EvaluationSettings, stack)
    agency, program, pair = f"a-{uuid4().hex[:6]}", f"g-{uuid4().hex[:6]}", f"p-{uuid4().hex[:6]}"
    signed = AgreementSigned(
        pair_id=pair, program_id=program, version=1, mentor_id="mentor", mentee_ids=("mentee",),
        signed_at="2026-03-01T09:00:00Z",
    )  # fmt: skip
    history = [
        wrapped(event, agency) for event in (program_opened(program), pair_matched(pair, program_id=program), signed)
    ]
    reports, missing = f"/api/v1/pairs/{pair}/progress-reports", f"/api/v1/programs/{program}/missing-progress-reports"
    mentee = caller_headers(agency, "mentee", ["mentee"], str(uuid4()), request_key="key-1")
    mentor = caller_headers(agency, "mentor", ["mentor"], str(uuid4()))
    coordinator = caller_headers(agency, "coord", ["coordinator"], str(uuid4()))
    try:
        async with serving(create_app(settings, now=lambda: NOW)) as client:
            await publish(stack.kafka_bootstrap, history)
            before = await eventually_async(
                lambda: client.get(missing, headers=coordinator),
                lambda r: r.status_code == 200 and len(r.json()["items"]) == 2,
                what="the pair active in evaluation",
            )
            assert [item["month"] for item in before.json()["items"]] == ["2026-03", "2026-04"]
            created = await client.post(reports, headers=mentee, json=REPORT)
            assert created.status_code == 201, created.text
            report_id = created.json()["id"]
            assessed = await client.post(f"{reports}/{report_id}/assessment", headers=mentor, json={"assessment": "Ok"})
            assert assessed.status_code == 200, assessed.text
            listed = (await client.get(reports, headers=coordinator)).json()
        async with serving(create_app(settings, now=lambda: NOW)) as client:  # started anew: read from the store
            assert (await client.get(reports, headers=coordinator)).json() == listed
            after = (await client.get(missing, headers=coordinator)).json()["items"]
            assert [(item["month"], item["due_on"]) for item in after] == [("2026-04", "2026-05-05")]
            retried = await client.post(reports, headers=mentee, json=REPORT)  # the same Idempotency-Key
            assert (retried.status_code, retried.json()["id"]) == (201, report_id)
            other = {**mentee, "x-request-key": "key-2"}
            assert (await client.post(reports, headers=other, json=REPORT)).status_code == 409
        store: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
        try:
            log = EventLog(store[settings.database_name(SERVICE)]).for_agency(agency)
            stream = await log.stream(f"progress:{pair}")
            assert [fact.event_type for fact in stream] == ["ProgressReported", "ProgressAssessed"]
            assert (stream[0].private, stream[1].private) == ({"summary": "Slow"}, {"assessment": "Ok"})
            assert "Slow" not in str(stream[0].payload) and "Ok" not in str(stream[1].payload)
        finally:
            await store.close()
    finally:
        await drop_service_database(settings, SERVICE)
