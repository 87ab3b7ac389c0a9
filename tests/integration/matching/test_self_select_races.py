"""Self-select's capacity races on the real store, run by two instances of matching at once, many times over.

A capacity-1 mentor accepts two requests at the same instant, or accepts while a coordinator's run that gives them a
mentee is published: each round must end with exactly one mentee for that mentor, no mentee twice, and every losing
request closed saying why. The two instances share nothing but the store, as replicas do; each round is a fresh
programme, and each side starts after a random pause of a few milliseconds so the interleavings vary (in half the
rounds of the second race the publication waits longer, as an accept has more to read before it claims).
"""

import asyncio
import random
from collections import Counter
from collections.abc import AsyncIterator
from uuid import uuid4

import pytest
from opentelemetry.sdk.trace import TracerProvider

from matching.bootstrap import MatchingService, build
from matching.settings import SERVICE, MatchingSettings
from matching.stores import RunRef, RunRequest
from mentoring_contracts import PairMatched
from mentoring_contracts.api import AnswerRequest, MentorRequestView, ProgramRequestsQuery, RequestMentor
from mentoring_contracts.names import MatchRunStatus, MentorRequestStatus
from mentoring_runtime.errors import Conflict
from mentoring_runtime.service import ServiceRuntime
from tests.support.delivery import deliver
from tests.support.factories import caller
from tests.support.programmes import Programme
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.integration
ROUNDS = 25


@pytest.fixture
async def other(settings: MatchingSettings, matching: MatchingService) -> AsyncIterator[MatchingService]:
    """A second instance of matching on the same store, as a replica: its own process state, nothing else shared."""
    runtime = ServiceRuntime(SERVICE, settings, TracerProvider())
    service = build(runtime)
    await runtime.prepare_store()
    yield service
    await runtime.client.close()


async def jittered(work, up_to: float = 0.005):
    await asyncio.sleep(random.uniform(0, up_to))
    return await work


async def requested(matching: MatchingService, programme: Programme, mentee_id: str) -> str:
    who = caller(programme.agency_id, mentee_id, "mentee")
    return (await matching.parts.requests.request(who, RequestMentor(mentor_id="m1"))).id


async def recorded_pairs(matching: MatchingService, programme: Programme) -> list[PairMatched]:
    """The programme's pairs as the store holds them, read afresh rather than from any instance's memory."""
    streams = await matching.runtime.event_log.for_agency(programme.agency_id).category(f"pairs-{programme.program_id}")
    return [facts[0].event() for facts in streams.values()]  # type: ignore[misc]


async def statuses(matching: MatchingService, programme: Programme) -> dict[str, MentorRequestView]:
    page = await matching.parts.requests.of_program(
        caller(programme.agency_id), programme.program_id, ProgramRequestsQuery(limit=200)
    )
    return {view.id: view for view in page.items}


def one_mentee_for_m1(pairs: list[PairMatched]) -> PairMatched:
    assert [p.mentor_id for p in pairs] == ["m1"], pairs
    return pairs[0]


async def test_a_capacity_one_mentor_accepting_two_requests_at_the_same_instant_ends_with_one_mentee(
    matching: MatchingService, other: MatchingService
) -> None:
    winners: Counter[str] = Counter()
    for _ in range(ROUNDS):
        programme = Programme()
        people = [
            programme.mentor("m1", "python", 1),
            programme.mentee("e1", "python"),
            programme.mentee("e2", "python"),
        ]
        await deliver(matching.parts.pool.consumed(), [programme.self_select(), *people])
        first, second = await requested(matching, programme, "e1"), await requested(other, programme, "e2")
        m1 = caller(programme.agency_id, "m1", "mentor")
        outcomes = await asyncio.gather(
            jittered(matching.parts.requests.accept(m1, first, AnswerRequest())),
            jittered(other.parts.requests.accept(m1, second, AnswerRequest())),
            return_exceptions=True,
        )
        accepted = [o for o in outcomes if isinstance(o, MentorRequestView)]
        refused = [o for o in outcomes if isinstance(o, Conflict)]
        assert (len(accepted), len(refused)) == (1, 1), outcomes
        assert "every place is taken" in str(refused[0]) or "last place was taken" in str(refused[0])
        pair = one_mentee_for_m1(await recorded_pairs(other, programme))
        assert pair.pair_id == accepted[0].pair_id
        views = await statuses(other, programme)
        loser = second if accepted[0].id == first else first
        assert views[accepted[0].id].status is MentorRequestStatus.ACCEPTED
        assert views[loser].status is MentorRequestStatus.CLOSED and "capacity" in views[loser].closed_because
        winners[pair.mentee_id] += 1
    print(f"\nwon by each request over {ROUNDS} rounds: {dict(winners)}")


async def proposed_run(matching: MatchingService, programme: Programme) -> RunRef:
    """A run over the programme's pool, solved and being published, as a coordinator's publish request leaves it."""
    request = RunRequest(programme.program_id, "coordinator", str(uuid4()))
    run = RunRef(programme.agency_id, await matching.parts.runs.runs.create(programme.agency_id, str(uuid4()), request))
    await matching.parts.solving(run)
    await matching.parts.runs.runs.set_status(run, MatchRunStatus.PUBLISHING)
    return run


async def test_a_capacity_one_mentor_accepting_while_a_run_giving_them_a_mentee_is_published_ends_with_one(
    matching: MatchingService, other: MatchingService
) -> None:
    """The run proposes m1 for e2 in even rounds (a race for m1's place) and for e1, who requested m1, in odd ones (a
    race for e1 too)."""
    winners: Counter[str] = Counter()
    for round_ in range(ROUNDS):
        programme = Programme()
        e1_wants, e2_wants = ("python", "python go") if round_ % 2 else ("python go", "python")
        people = [
            programme.mentor("m1", "python", 1),
            programme.mentee("e1", e1_wants),
            programme.mentee("e2", e2_wants),
        ]
        await deliver(matching.parts.pool.consumed(), [programme.self_select(), *people])
        request_id = await requested(matching, programme, "e1")
        run = await proposed_run(other, programme)
        [proposal] = await other.parts.runs.outcomes.all(programme.agency_id, run.run_id, "proposals")
        assert proposal["mentee_id"] == ("e1" if round_ % 2 else "e2")

        m1 = caller(programme.agency_id, "m1", "mentor")
        accepting = jittered(matching.parts.requests.accept(m1, request_id, AnswerRequest()))
        publishing = jittered(other.parts.publishing(run), 0.005 if round_ % 4 < 2 else 0.03)
        outcomes = await asyncio.gather(accepting, publishing, return_exceptions=True)

        pair = one_mentee_for_m1(await recorded_pairs(matching, programme))
        view = (await statuses(matching, programme))[request_id]
        published = await other.parts.runs.runs.get(run)
        assert published["status"] == MatchRunStatus.PUBLISHED
        if pair.run_id is None:  # the accept won
            assert isinstance(outcomes[0], MentorRequestView) and pair.pair_id == view.pair_id
            assert view.status is MentorRequestStatus.ACCEPTED
            assert (published["published"], published["taken_meanwhile"]) == (0, 1)
            winners["accept"] += 1
        else:  # the run won: the request closed, saying why
            assert isinstance(outcomes[0], Conflict) and pair.run_id == run.run_id
            assert view.status is MentorRequestStatus.CLOSED
            assert ("already_matched" if round_ % 2 else "capacity") in view.closed_because
            assert (published["published"], published["taken_meanwhile"]) == (1, 0)
            winners["run"] += 1
        assert outcomes[1] is None
    print(f"\nwon by each side over {ROUNDS} rounds: {dict(winners)}")


async def test_an_accept_that_died_after_claiming_is_finished_once_by_the_instance_that_starts_next(
    matching: MatchingService, settings: MatchingSettings
) -> None:
    programme = Programme()
    people = [programme.mentor("m1", "python", 1), programme.mentee("e1", "python")]
    await deliver(matching.parts.pool.consumed(), [programme.self_select(), *people])
    request_id = await requested(matching, programme, "e1")

    async def dies(*_: object) -> None:
        raise ConnectionError("the instance died after claiming the places")

    dying = {"record": staticmethod(dies), "taken": staticmethod(matching.parts.ledger.taken)}
    matching.parts.requests.settlement.ledger = type("Dying", (), dying)()  # type: ignore[assignment]
    with pytest.raises(ConnectionError):
        await matching.parts.requests.accept(caller(programme.agency_id, "m1", "mentor"), request_id, AnswerRequest())
    assert await recorded_pairs(matching, programme) == []

    runtime = ServiceRuntime(SERVICE, settings, TracerProvider())
    restarted = build(runtime)
    try:
        await runtime.prepare_store()  # its start-up steps settle what was accepted
        settling = restarted.parts.requests.requests.settling
        await eventually_async(settling, lambda waiting: waiting == {}, what="the accept settled")
    finally:
        await runtime.client.close()
    pair = one_mentee_for_m1(await recorded_pairs(matching, programme))
    view = (await statuses(matching, programme))[request_id]
    assert (view.status, view.pair_id, pair.mentee_id) == (MentorRequestStatus.ACCEPTED, pair.pair_id, "e1")
