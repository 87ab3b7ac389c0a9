"""Scheduling's endings on the real broker and store: matching consumes `PairDissolved` and `PartnershipClosed` from
scheduling.events, and the next run pairs a dissolved pair's mentee again with the place it gave back, on every
instance; a closed partnership gives the place back and keeps its mentee; a fact delivered twice ends nothing twice."""

from collections.abc import AsyncIterator
from typing import Any
from uuid import uuid4

import httpx
import pytest
from opentelemetry.sdk.trace import TracerProvider

from matching.bootstrap import MatchingService, build, create_app
from matching.settings import SERVICE, MatchingSettings
from mentoring_contracts.api import SuggestionsQuery
from mentoring_contracts.topics import SCHEDULING_EVENTS
from mentoring_runtime.errors import Conflict
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.web import caller_headers
from tests.support.endings import closed, dissolved
from tests.support.factories import caller
from tests.support.kafka import consumed_to_end, publish
from tests.support.programmes import Programme
from tests.support.serving import serving
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration


@pytest.fixture
async def other(settings: MatchingSettings) -> AsyncIterator[MatchingService]:
    """A second instance of matching on the same store, holding its own view of the pairs; it consumes nothing."""
    runtime = ServiceRuntime(SERVICE, settings, TracerProvider())
    service = build(runtime)
    await runtime.prepare_store()
    yield service
    await runtime.client.close()


class Coordinator:
    def __init__(self, client: httpx.AsyncClient, programme: Programme) -> None:
        self.client = client
        self.base = f"/api/v1/programs/{programme.program_id}"
        self.headers = caller_headers(programme.agency_id, "coordinator-1", ["coordinator"], str(uuid4()))

    async def proposed(self) -> tuple[str, set[tuple[str, str]]]:
        """A run over the pool as it is now, once proposed: its id and its pairs (mentee, mentor)."""
        # The programme's facts and its people's travel under different keys: matching may know the pool first.
        started = await eventually_async(
            lambda: self.client.post(f"{self.base}/match-runs", headers=self.headers, json={}),
            lambda r: r.status_code != 404,
            what="matching knows the programme",
        )
        assert started.status_code == 202, started.text
        run_url = f"{self.base}/match-runs/{started.json()['id']}"
        run = await eventually_async(
            lambda: self.client.get(run_url, headers=self.headers), lambda r: r.json()["status"] == "proposed"
        )
        proposals = (await self.client.get(f"{run_url}/proposals", headers=self.headers)).json()["items"]
        return run.json()["id"], {(p["mentee_id"], p["mentor_id"]) for p in proposals}

    async def publish(self, run_id: str) -> None:
        run_url = f"{self.base}/match-runs/{run_id}"
        assert (await self.client.post(f"{run_url}/publish", headers=self.headers)).status_code == 202
        await eventually_async(
            lambda: self.client.get(run_url, headers=self.headers), lambda r: r.json()["status"] == "published"
        )

    async def pairs(self) -> list[dict[str, Any]]:
        return (await self.client.get(f"{self.base}/pairs", headers=self.headers)).json()["items"]


async def test_a_dissolved_pairs_mentee_and_place_return_to_the_next_run_and_a_closed_ones_place_alone(
    settings: MatchingSettings, programme: Programme, other: MatchingService
) -> None:
    bootstrap, agency, program = settings.kafka_bootstrap, programme.agency_id, programme.program_id
    await publish(
        bootstrap, [programme.opened(), programme.mentor("m1", "python", 1), programme.mentee("e1", "python")]
    )
    app = create_app(settings)
    database = app.state.runtime.database
    async with serving(app) as client:
        coordinator = Coordinator(client, programme)
        await eventually_async(
            lambda: database["candidates"].count_documents({"program_id": program}), lambda n: n == 2
        )
        run_id, proposed = await coordinator.proposed()
        assert proposed == {("e1", "m1")}
        await coordinator.publish(run_id)
        [first] = await coordinator.pairs()
        suggestions = other.parts.manual.suggestions
        with pytest.raises(Conflict, match="already in a pair"):  # the other instance now holds e1 as matched
            await suggestions(caller(agency), program, "e1", SuggestionsQuery())
        assert (await coordinator.proposed())[1] == set()

        # Scheduling dissolves the pair; the relay happens to publish the fact twice.
        fact = dissolved(agency, program, first["id"], "m1", ["e1"])
        await publish(bootstrap, [fact, fact])
        await eventually_async(coordinator.pairs, lambda pairs: pairs[0].get("ended") == "dissolved", what="the ending")
        found = await suggestions(caller(agency), program, "e1", SuggestionsQuery())
        assert [(s.mentor_id, s.free_places) for s in found.items] == [("m1", 1)]  # the other instance too
        run_id, proposed = await coordinator.proposed()
        assert proposed == {("e1", "m1")}  # the mentee is in the pool again, and m1 has the place back
        await coordinator.publish(run_id)
        [again] = [pair for pair in await coordinator.pairs() if pair["id"] != first["id"]]
        assert (again["mentee_id"], again["mentor_id"], again.get("ended")) == ("e1", "m1", None)

        # The new pair runs its course: m1's place comes back, e1 is not matched again; e2 takes the place.
        await publish(bootstrap, [closed(agency, program, again["id"], "m1", ["e1"]), programme.mentee("e2", "python")])
        await eventually_async(
            coordinator.pairs, lambda pairs: {p["id"]: p.get("ended") for p in pairs}[again["id"]] == "closed"
        )
        await eventually_async(
            lambda: database["candidates"].count_documents({"program_id": program}), lambda n: n == 3
        )
        assert (await coordinator.proposed())[1] == {("e2", "m1")}

        group = settings.group_id(SERVICE)
        await eventually_async(lambda: consumed_to_end(bootstrap, group, SCHEDULING_EVENTS.name), bool)
        endings = await database["event_log"].count_documents({"event_type": "PairEnded", "agency_id": agency})
        assert endings == 2  # the first pair dissolved once, though told twice; the second closed
        assert {(p["id"], p.get("ended")) for p in await coordinator.pairs()} == {
            (first["id"], "dissolved"),
            (again["id"], "closed"),
        }
        await app.state.runtime.client.drop_database(database.name)
