"""Match runs against the real document store: concurrent publications, resumed work, and the pool's order."""

import asyncio
from collections import Counter
from datetime import timedelta
from uuid import uuid4

import pytest

from matching.bootstrap import MatchingService
from matching.handlers.ledger import run_pair_id
from matching.stores import RunRef, RunRequest, WantedPair
from mentoring_contracts.api import PairChoice
from mentoring_contracts.names import MatchRunStatus
from mentoring_runtime.errors import Conflict
from tests.support.delivery import deliver
from tests.support.factories import caller
from tests.support.programmes import Programme

pytestmark = pytest.mark.integration


async def enrol(matching: MatchingService, envelopes) -> None:
    await deliver(matching.parts.pool.consumed(), envelopes)


async def solved(matching: MatchingService, programme: Programme) -> RunRef:
    run_id = await matching.parts.runs.runs.create(
        programme.agency_id, str(uuid4()), RunRequest(programme.program_id, "coordinator", str(uuid4()))
    )
    run = RunRef(programme.agency_id, run_id)
    await matching.parts.solving(run)
    return run


async def publishing(matching: MatchingService, run: RunRef) -> RunRef:
    await matching.parts.runs.runs.set_status(run, MatchRunStatus.PUBLISHING)
    return run


async def pairs(matching: MatchingService, programme: Programme) -> list:
    return await matching.parts.ledger.of_program(programme.agency_id, programme.program_id)


async def test_concurrent_publications_and_manual_pairs_never_exceed_capacity_nor_match_a_mentee_twice(
    matching, programme
) -> None:
    capacities = {"m1": 2, "m2": 1, "m3": 3}
    mentors = [programme.mentor(person, "python sql", capacity) for person, capacity in capacities.items()]
    mentees = [programme.mentee(f"e{i}", "python sql" if i % 2 else "python") for i in range(10)]
    await enrol(matching, [programme.opened(), *mentors, *mentees])

    runs = [await publishing(matching, await solved(matching, programme)) for _ in range(4)]
    coordinator = caller(programme.agency_id)
    manual = [
        matching.parts.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id=e, mentor_id="m3"))
        for e in ("e8", "e9")
    ]
    outcomes = await asyncio.gather(*(matching.parts.publishing(run) for run in runs), *manual, return_exceptions=True)
    assert all(outcome is None or isinstance(outcome, str | Conflict) for outcome in outcomes)  # 409: lost the race

    recorded = await pairs(matching, programme)
    per_mentor = Counter(pair.mentor_id for pair in recorded)
    assert all(per_mentor[mentor] <= capacity for mentor, capacity in capacities.items())
    # Not necessarily every place filled: a proposed pair whose mentee or place a manual pair took first is left out.
    assert len({pair.mentee_id for pair in recorded}) == len(recorded)
    documents = [await matching.parts.runs.runs.get(run) for run in runs]
    assert {document["status"] for document in documents} == {MatchRunStatus.PUBLISHED}
    assert sum(document["published"] for document in documents) + sum(
        1 for o in outcomes[len(runs) :] if isinstance(o, str)
    ) == len(recorded)


async def test_a_resumed_publication_takes_up_its_own_claims_and_records_each_pair_once(matching, programme) -> None:
    await enrol(matching, [programme.opened(), programme.mentor("m1", "python", 1), programme.mentee("e1", "python")])
    run = await publishing(matching, await solved(matching, programme))
    # The publication died after claiming its pair and before recording it.
    pair_id = run_pair_id(run.run_id, "e1")
    wanted = [WantedPair(pair_id, "e1", "m1", 1)]
    assert await matching.parts.publishing.claims.claim(programme.agency_id, programme.program_id, wanted) == wanted

    await matching.parts.publishing(run)
    await matching.parts.runs.runs.set_status(run, MatchRunStatus.PUBLISHING)  # and died again before saying so
    await matching.parts.publishing(run)

    assert [(p.pair_id, p.mentor_id, p.mentee_id) for p in await pairs(matching, programme)] == [(pair_id, "m1", "e1")]
    assert (await matching.parts.runs.runs.get(run))["published"] == 1
    later = await solved(matching, programme)
    assert (await matching.parts.runs.runs.get(later))["proposed"] == 0


async def test_a_resumed_run_solves_the_inputs_it_took_not_the_pool_as_it_grew(matching, programme) -> None:
    await enrol(matching, [programme.opened(), programme.mentor("m1", "python", 2), programme.mentee("e1", "python")])
    run = await solved(matching, programme)
    first = await matching.parts.runs.runs.get(run)
    await enrol(matching, [programme.mentee("e2", "python")])
    await matching.parts.runs.runs.set_status(run, MatchRunStatus.RUNNING)  # as if it died before saying proposed
    await matching.parts.solving(run)
    again = await matching.parts.runs.runs.get(run)
    assert (again["inputs_hash"], again["proposals_hash"], again["mentees"]) == (
        first["inputs_hash"],
        first["proposals_hash"],
        1,
    )
    reproduction = await matching.parts.runs.reproduce(caller(programme.agency_id), programme.program_id, run.run_id)
    assert reproduction.identical


async def test_nobody_is_proposed_with_their_manager_or_themself(matching, programme) -> None:
    envelopes = [programme.mentor("boss", "python", 5), programme.mentee("e1", "python", manager="boss")]
    await enrol(matching, [programme.opened(), *envelopes, programme.mentor("e1", "python", 5)])
    run = await matching.parts.runs.runs.get(await solved(matching, programme))
    assert (run["proposed"], run["mentors"], run["unmatched"]["no_eligible_mentor"]) == (0, 2, 1)


async def test_a_withdrawal_and_the_newest_profile_hold_whatever_order_the_facts_come_in(matching, programme) -> None:
    leaving, staying = programme.mentor("m1", "sql", 1), programme.mentor("m2", "python", 1)
    newer = programme.profile_updated(staying, skills=("sql",), capacity=3)
    older = programme.profile_updated(staying, skills=("go",), capacity=2)
    older = older.model_copy(update={"occurred_at": newer.occurred_at - timedelta(seconds=1)})
    mentees = [programme.mentee(f"e{i}", "sql") for i in range(3)]
    late = [programme.withdrawn(leaving), newer, staying, older, leaving]
    await enrol(matching, [programme.opened(), *late, *mentees, *late])

    mentors, _ = await matching.parts.runs.candidates.of_program(programme.agency_id, programme.program_id)
    assert [(m.person_id, m.skills, m.capacity) for m in mentors] == [("m2", {"sql"}, 3)]
    run = await publishing(matching, await solved(matching, programme))
    await matching.parts.publishing(run)
    assert sorted((p.mentor_id, p.mentee_id) for p in await pairs(matching, programme)) == [
        ("m2", "e0"),
        ("m2", "e1"),
        ("m2", "e2"),
    ]
