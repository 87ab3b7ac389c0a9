"""The matching service as deployed: enrolment facts in from Kafka, match runs over HTTP, PairMatched out."""

from uuid import uuid4

import pytest

from matching.bootstrap import create_app
from mentoring_runtime.web import caller_headers
from tests.support.kafka import publish, read_topic
from tests.support.serving import serving
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration


async def test_a_published_run_pairs_the_people_enrolment_announced(settings, programme) -> None:
    await publish(
        settings.kafka_bootstrap,
        [
            programme.opened(),
            programme.mentor("m1", "python sql", 1),
            programme.mentor("m2", "python", 1),
            programme.mentee("e1", "python sql"),
            programme.mentee("e2", "python", manager="m2"),
        ],
    )
    app = create_app(settings)
    database = app.state.runtime.database
    headers = caller_headers(programme.agency_id, "coordinator-1", ["coordinator"], str(uuid4()))
    stranger = caller_headers("another-agency", "coordinator-9", ["coordinator"], str(uuid4()))
    base = f"/api/v1/programs/{programme.program_id}"
    async with serving(app) as client:
        await eventually_async(
            lambda: database["candidates"].count_documents({"program_id": programme.program_id}), lambda n: n == 4
        )
        await eventually_async(lambda: client.get(f"{base}/pairs", headers=headers), lambda r: r.status_code == 200)

        requested = await client.post(f"{base}/match-runs", headers=headers, json={})
        assert requested.status_code == 202
        run_url = f"{base}/match-runs/{requested.json()['id']}"
        run = await eventually_async(
            lambda: client.get(run_url, headers=headers), lambda r: r.json()["status"] == "proposed"
        )
        assert (run.json()["mentors"], run.json()["mentees"], run.json()["proposed"]) == (2, 2, 2)
        assert (await client.get(f"{base}/pairs", headers=headers)).json()["items"] == []
        assert (await client.post(f"{run_url}/publish", headers=headers)).status_code == 202
        await eventually_async(lambda: client.get(run_url, headers=headers), lambda r: r.json()["published"] == 2)
        listed = (await client.get(f"{base}/pairs", headers=headers)).json()["items"]
        # Both matched: m2 manages e2, so the optimum gives e2 to m1 and e1 to m2, though m1 suits e1 best.
        assert sorted((p["mentor_id"], p["mentee_id"]) for p in listed) == [("m1", "e2"), ("m2", "e1")]

        # Another agency learns nothing, not even that the programme exists.
        for response in (
            await client.get(f"{base}/pairs", headers=stranger),
            await client.post(f"{base}/match-runs", headers=stranger, json={}),
            await client.get(run_url, headers=stranger),
        ):
            assert response.status_code == 404
        assert (await client.get("/api/v1/programs/nope/pairs", headers=headers)).status_code == 404

        # The relay publishes the stored PairMatched to matching.events, and the outbox empties.
        pair = listed[0]
        records = await eventually_async(
            lambda: read_topic(settings.kafka_bootstrap, "matching.events"),
            lambda found: any(r.key == pair["id"].encode() for r in found),
        )
        assert b"PairMatched" in next(r.value for r in records if r.key == pair["id"].encode())
        await eventually_async(app.state.runtime.event_log.outbox, lambda pending: pending == [])

        # Once enrolment closes the programme, it takes no more runs.
        await publish(settings.kafka_bootstrap, [programme.closed()])
        refused = await eventually_async(
            lambda: client.post(f"{base}/match-runs", headers=headers, json={}), lambda r: r.status_code == 409
        )
        assert "is closed" in refused.json()["detail"]
        await app.state.runtime.client.drop_database(database.name)
