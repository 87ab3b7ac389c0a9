"""Evaluation's application services on in-memory ports."""

import asyncio

import pytest

from evaluation.handlers import Evaluation, consumed
from evaluation.stores import ProgramFacts
from mentoring_runtime.consumer import Batched
from mentoring_runtime.errors import NotFound
from tests.support.factories import caller, meeting_logged, mentor_enrolled, program_opened, wrapped
from tests.support.memory_store import MemoryDatabase

pytestmark = pytest.mark.unit


async def test_each_event_counts_once_for_its_own_agency() -> None:
    evaluation = Evaluation(ProgramFacts(MemoryDatabase()))  # type: ignore[arg-type]
    history = [
        wrapped(e, "agency-a") for e in (program_opened("g1"), mentor_enrolled("m1"), meeting_logged(minutes=90))
    ]
    counting = consumed(evaluation)[type(history[0].payload)]
    assert isinstance(counting, Batched)
    await counting.handle([*history, history[-1], wrapped(mentor_enrolled("m2"), "agency-b")])
    await counting.handle(history[1:])  # redelivered
    metrics = await evaluation.metrics(caller("agency-a"), "g1")
    assert (metrics.mentors, metrics.meetings_logged, metrics.meeting_hours) == (1, 1, 1.5)
    with pytest.raises(NotFound):
        await evaluation.metrics(caller("agency-b"), "g1")


async def test_totals_read_once_follow_the_facts_counted_after() -> None:
    evaluation = Evaluation(ProgramFacts(MemoryDatabase()))  # type: ignore[arg-type]
    opened = wrapped(program_opened("g1"), "agency-a")
    await evaluation.count([opened, wrapped(mentor_enrolled("m1"), "agency-a")])
    assert (await evaluation.metrics(caller("agency-a"), "g1")).mentors == 1
    await evaluation.count([wrapped(mentor_enrolled("m2"), "agency-a"), opened])  # one new, one redelivered
    metrics = await evaluation.metrics(caller("agency-a"), "g1")
    assert (metrics.mentors, metrics.mentees) == (2, 0)


async def test_a_read_that_raced_with_a_count_is_not_kept() -> None:
    facts = ProgramFacts(MemoryDatabase())  # type: ignore[arg-type]
    evaluation = Evaluation(facts)
    await evaluation.count([wrapped(program_opened("g1"), "agency-a")])
    reading, counted = asyncio.Event(), asyncio.Event()
    read = facts.totals

    async def slow_read(agency_id: str, program_id: str):
        totals = await read(agency_id, program_id)  # read before the count below...
        reading.set()
        await counted.wait()  # ...and answered after it
        return totals

    facts.totals = slow_read  # type: ignore[method-assign]
    metrics = asyncio.create_task(evaluation.metrics(caller("agency-a"), "g1"))
    await reading.wait()
    await evaluation.count([wrapped(mentor_enrolled("m1"), "agency-a")])
    counted.set()
    assert (await metrics).mentors == 0  # the racing read's answer, which is not kept
    facts.totals = read  # type: ignore[method-assign]
    assert (await evaluation.metrics(caller("agency-a"), "g1")).mentors == 1
