"""Evaluation's partnerships and plans against the real broker and store: a pair heard from Kafka, its plan written
and agreed over HTTP, and all of it read again from FerretDB by a process started anew, which the same events told
again change nothing."""

from typing import Any
from uuid import uuid4

import pytest
from pymongo import AsyncMongoClient

from evaluation.bootstrap import create_app
from evaluation.settings import SERVICE, EvaluationSettings
from mentoring_contracts import AgreementSigned
from mentoring_contracts.topics import ENROLMENT_EVENTS, MATCHING_EVENTS, SCHEDULING_EVENTS
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.web import caller_headers
from tests.support.factories import meeting_logged, pair_matched, program_opened, wrapped
from tests.support.kafka import consumed_to_end, publish
from tests.support.serving import serving
from tests.support.stores import drop_service_database, fresh_settings
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration

PLAN = {
    "based_on_revision": 0,
    "objectives": [
        {
            "specific": "Run the team's budget",
            "measure": "Signed off on time",
            "achievable": "She prepares it already",
            "relevant": "She wants to lead",
            "target_date": "2026-12-01",
        }
    ],
}


async def test_a_pair_heard_on_kafka_keeps_its_plan_across_a_restart_and_redeliveries(stack) -> None:
    settings = fresh_settings(EvaluationSettings, stack)
    agency, program, pair = f"a-{uuid4().hex[:6]}", f"g-{uuid4().hex[:6]}", f"p-{uuid4().hex[:6]}"
    signed = AgreementSigned(
        pair_id=pair, program_id=program, version=1, mentor_id="mentor", mentee_ids=("mentee",),
        signed_at="2026-03-01T09:00:00Z",
    )  # fmt: skip
    history = [
        wrapped(event, agency)
        for event in (
            program_opened(program, duration_months=9),
            pair_matched(pair, program_id=program),
            signed,
            meeting_logged(pair, program_id=program, held_at="2026-03-05T10:00:00Z"),
        )
    ]
    url = f"/api/v1/pairs/{pair}/plan"
    mentor, mentee = (caller_headers(agency, who, [who], str(uuid4())) for who in ("mentor", "mentee"))
    try:
        async with serving(create_app(settings)) as client:
            await publish(stack.kafka_bootstrap, [*history, history[1]])
            heard = await eventually_async(
                lambda: client.get(url, headers=mentee),
                lambda r: r.status_code == 200 and r.json()["term_ends_on"] == "2026-12-01",  # nine months from signing
                what="the pair active in evaluation",
            )
            assert heard.json()["revision"] == 0
            written = await client.put(url, headers=mentor, json=PLAN)
            assert written.status_code == 200, written.text
            for member in (mentor, mentee):
                agreed = await client.post(f"{url}/agree", headers=member, json={"revision": 1})
                assert agreed.status_code == 200, agreed.text
            assert agreed.json()["agreed_revision"] == 1
        async with serving(create_app(settings)) as client:  # started anew: read from the store
            assert (await client.get(url, headers=mentee)).json() == agreed.json()
            await publish(stack.kafka_bootstrap, history)  # told again
            for topic in (ENROLMENT_EVENTS, MATCHING_EVENTS, SCHEDULING_EVENTS):
                await eventually_async(
                    lambda topic=topic: consumed_to_end(stack.kafka_bootstrap, settings.group_id(SERVICE), topic.name),
                    bool,
                    what=f"{topic.name} consumed",
                )
            again = await client.post(f"{url}/agree", headers=mentor, json={"revision": 1})
            assert again.json() == agreed.json()
        # Each fact recorded once, in whatever order the topics were read.
        store: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
        try:
            log = EventLog(store[settings.database_name(SERVICE)]).for_agency(agency)
            partnership = sorted(fact.event_type for fact in await log.stream(f"partnership:{pair}"))
            assert partnership == ["MembersJoined", "PartnershipActivated", "PartnershipMet"]
            plan = [fact.event_type for fact in await log.stream(f"plan:{pair}")]
            assert plan == ["PlanRevised", "PlanAgreedBy", "GoalsAgreed"]
        finally:
            await store.close()
    finally:
        await drop_service_database(settings, SERVICE)
