"""Match runs against the real document store: concurrent and resumed runs keep the hard rules."""

import asyncio
from collections import Counter
from datetime import timedelta
from uuid import UUID, uuid4, uuid5

import pytest

from matching.bootstrap import MatchingService
from matching.stores import WantedPair
from matching.stores.runs import RunRef
from mentoring_contracts.names import MatchRunStatus
from tests.support.delivery import deliver
from tests.support.programmes import Programme

pytestmark = pytest.mark.integration


async def enrol(matching: MatchingService, envelopes) -> None:
    await deliver(matching.pool.consumed(), envelopes)


async def request(matching: MatchingService, programme: Programme) -> RunRef:
    run_id = await matching.runner.runs.create(
        programme.agency_id,
        run_id=str(uuid4()),
        program_id=programme.program_id,
        requested_by="coordinator",
        correlation_id=str(uuid4()),
    )
    return RunRef(programme.agency_id, run_id)


async def pairs(matching: MatchingService, programme: Programme) -> list[dict]:
    facts = await matching.runtime.event_log.for_agency(programme.agency_id).facts(
        "PairMatched", program_id=programme.program_id
    )
    return [fact.payload for fact in facts]


async def test_concurrent_runs_never_exceed_capacity_nor_match_a_mentee_twice(matching, programme) -> None:
    capacities = {"m1": 2, "m2": 1, "m3": 3}
    mentors = [programme.mentor(person, "python sql", capacity) for person, capacity in capacities.items()]
    mentees = [programme.mentee(f"e{i}", "python sql" if i % 2 else "python") for i in range(10)]
    await enrol(matching, [programme.opened(), *mentors, *mentees])

    runs = [await request(matching, programme) for _ in range(4)]
    await asyncio.gather(*(matching.runner.execute(run) for run in runs))

    recorded = await pairs(matching, programme)
    per_mentor = Counter(pair["mentor_id"] for pair in recorded)
    assert all(per_mentor[mentor] <= capacity for mentor, capacity in capacities.items())
    assert len({pair["mentee_id"] for pair in recorded}) == len(recorded)
    documents = [await matching.runner.runs.get(run) for run in runs]
    assert {document["status"] for document in documents} == {MatchRunStatus.COMPLETED}
    assert sum(document["pairs"] for document in documents) == len(recorded)

    # A mentee a losing run let go of is picked up by the next run, until capacity is used up.
    await matching.runner.execute(await request(matching, programme))
    assert len(await pairs(matching, programme)) == sum(capacities.values())


async def test_a_resumed_run_takes_up_its_own_claims_and_records_each_pair_once(matching, programme) -> None:
    await enrol(matching, [programme.opened(), programme.mentor("m1", "python", 1), programme.mentee("e1", "python")])
    run = await request(matching, programme)
    # The run died after claiming its pair and before recording it.
    pair_id = str(uuid5(UUID(run.run_id), "e1"))
    wanted = [WantedPair(pair_id, "e1", "m1", 1)]
    assert await matching.runner.claims.claim(programme.agency_id, programme.program_id, wanted) == wanted
    await matching.runner.runs.set_status(run, MatchRunStatus.RUNNING)

    await matching.runner.execute(run)
    await matching.runner.runs.set_status(run, MatchRunStatus.RUNNING)  # and died again before marking itself completed
    await matching.runner.execute(run)

    recorded = [(p["pair_id"], p["mentor_id"], p["mentee_id"]) for p in await pairs(matching, programme)]
    assert recorded == [(pair_id, "m1", "e1")]
    assert (await matching.runner.runs.get(run))["pairs"] == 1
    later = await request(matching, programme)
    await matching.runner.execute(later)
    assert (await matching.runner.runs.get(later))["pairs"] == 0


async def test_nobody_is_paired_with_their_manager_or_themself(matching, programme) -> None:
    envelopes = [programme.mentor("boss", "python", 5), programme.mentee("e1", "python", manager="boss")]
    await enrol(matching, [programme.opened(), *envelopes, programme.mentor("e1", "python", 5)])
    run = await request(matching, programme)
    await matching.runner.execute(run)
    assert await pairs(matching, programme) == []
    assert (await matching.runner.runs.get(run))["mentors_considered"] == 2


async def test_a_withdrawal_and_the_newest_profile_hold_whatever_order_the_facts_come_in(matching, programme) -> None:
    leaving, staying = programme.mentor("m1", "sql", 1), programme.mentor("m2", "python", 1)
    newer = programme.profile_updated(staying, skills=("sql",), capacity=3)
    older = programme.profile_updated(staying, skills=("go",), capacity=2)
    older = older.model_copy(update={"occurred_at": newer.occurred_at - timedelta(seconds=1)})
    mentees = [programme.mentee(f"e{i}", "sql") for i in range(3)]
    late = [programme.withdrawn(leaving), newer, staying, older, leaving]
    await enrol(matching, [programme.opened(), *late, *mentees, *late])

    mentors, _ = await matching.pool.candidates.of_program(programme.agency_id, programme.program_id)
    assert [(m.person_id, m.skills, m.capacity) for m in mentors] == [("m2", {"sql"}, 3)]
    await matching.runner.execute(await request(matching, programme))
    assert sorted((p["mentor_id"], p["mentee_id"]) for p in await pairs(matching, programme)) == [
        ("m2", "e0"),
        ("m2", "e1"),
        ("m2", "e2"),
    ]
