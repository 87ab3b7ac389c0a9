"""Match runs against the real document store: concurrent and resumed runs keep the hard rules."""

import asyncio
from collections import Counter
from uuid import UUID, uuid4, uuid5

import pytest

from matching.enrolment_events import enrolment_handlers
from matching.pairs import pairs_of_program

pytestmark = pytest.mark.integration


async def enrol(runner, envelopes) -> None:
    handlers = enrolment_handlers(runner.candidates)
    for envelope in envelopes:
        await handlers[envelope.event_type](envelope)


async def request(runner, programme) -> str:
    return await runner.runs.create(
        program_id=programme.program_id,
        agency_id=programme.agency_id,
        requested_by="coordinator",
        correlation_id=str(uuid4()),
    )


async def pairs(runner, programme) -> list[dict]:
    return await pairs_of_program(runner.runtime.event_log, programme.agency_id, programme.program_id)


async def test_concurrent_runs_never_exceed_capacity_nor_match_a_mentee_twice(runner, programme) -> None:
    capacities = {"m1": 2, "m2": 1, "m3": 3}
    mentors = [programme.mentor(person, "python sql", capacity) for person, capacity in capacities.items()]
    mentees = [programme.mentee(f"e{i}", "python sql" if i % 2 else "python") for i in range(10)]
    await enrol(runner, [programme.opened(), *mentors, *mentees])

    run_ids = [await request(runner, programme) for _ in range(4)]
    await asyncio.gather(*(runner.execute(run_id) for run_id in run_ids))

    recorded = await pairs(runner, programme)
    per_mentor = Counter(pair["mentor_id"] for pair in recorded)
    assert all(per_mentor[mentor] <= capacity for mentor, capacity in capacities.items())
    assert len({pair["mentee_id"] for pair in recorded}) == len(recorded)
    runs = [await runner.runs.get(run_id) for run_id in run_ids]
    assert {run["status"] for run in runs} == {"completed"}
    assert sum(run["pairs"] for run in runs) == len(recorded)

    # A mentee a losing run let go of is picked up by the next run, until capacity is used up.
    await runner.execute(await request(runner, programme))
    assert len(await pairs(runner, programme)) == sum(capacities.values())


async def test_a_resumed_run_takes_up_its_own_claims_and_records_each_pair_once(runner, programme) -> None:
    await enrol(runner, [programme.opened(), programme.mentor("m1", "python", 1), programme.mentee("e1", "python")])
    run_id = await request(runner, programme)
    # The run died after claiming its pair and before recording it.
    pair_id = str(uuid5(UUID(run_id), "e1"))
    assert await runner.claims.mentee(programme.program_id, "e1", pair_id)
    assert await runner.claims.mentor_slot(programme.program_id, "m1", 1, pair_id)
    await runner.runs.set_status(run_id, "running")

    await runner.execute(run_id)
    await runner.runs.set_status(run_id, "running")  # and died again before marking itself completed
    await runner.execute(run_id)

    assert [(p["pair_id"], p["mentor_id"], p["mentee_id"]) for p in await pairs(runner, programme)] == [
        (pair_id, "m1", "e1")
    ]
    assert (await runner.runs.get(run_id))["pairs"] == 1
    later = await request(runner, programme)
    await runner.execute(later)
    assert (await runner.runs.get(later))["pairs"] == 0


async def test_nobody_is_paired_with_their_manager_or_themself(runner, programme) -> None:
    envelopes = [programme.mentor("boss", "python", 5), programme.mentee("e1", "python", manager="boss")]
    await enrol(runner, [programme.opened(), *envelopes, programme.mentor("e1", "python", 5)])
    run_id = await request(runner, programme)
    await runner.execute(run_id)
    assert await pairs(runner, programme) == []
    assert (await runner.runs.get(run_id))["mentors_considered"] == 2
