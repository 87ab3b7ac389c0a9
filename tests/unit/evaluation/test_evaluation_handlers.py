"""Evaluation's application services on in-memory ports."""

import asyncio

import pytest

from evaluation.handlers.metrics import Metrics, consumed
from evaluation.stores.facts import ProgramFacts
from mentoring_contracts import EVENTS, parse_envelope
from mentoring_runtime.consumer import Batched
from mentoring_runtime.errors import NotFound
from tests.support.factories import (
    caller,
    meeting_logged,
    mentee_enrolled,
    mentor_enrolled,
    participant_withdrawn,
    program_opened,
    wrapped,
)
from tests.support.memory_store import MemoryDatabase

pytestmark = pytest.mark.unit


async def test_each_event_counts_once_for_its_own_agency() -> None:
    evaluation = Metrics(ProgramFacts(MemoryDatabase()))  # type: ignore[arg-type]
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
    evaluation = Metrics(ProgramFacts(MemoryDatabase()))  # type: ignore[arg-type]
    opened = wrapped(program_opened("g1"), "agency-a")
    await evaluation.count([opened, wrapped(mentor_enrolled("m1"), "agency-a")])
    assert (await evaluation.metrics(caller("agency-a"), "g1")).mentors == 1
    await evaluation.count([wrapped(mentor_enrolled("m2"), "agency-a"), opened])  # one new, one redelivered
    metrics = await evaluation.metrics(caller("agency-a"), "g1")
    assert (metrics.mentors, metrics.mentees) == (2, 0)


async def test_a_read_that_raced_with_a_count_is_not_kept() -> None:
    facts = ProgramFacts(MemoryDatabase())  # type: ignore[arg-type]
    evaluation = Metrics(facts)
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


async def test_a_withdrawal_takes_an_enrolled_participant_off_once_however_often_it_comes() -> None:
    evaluation = Metrics(ProgramFacts(MemoryDatabase()))  # type: ignore[arg-type]
    mentor, mentee = mentor_enrolled("m1"), mentee_enrolled("e1")
    await evaluation.count([wrapped(e, "agency-a") for e in (program_opened("g1"), mentor, mentor_enrolled("m2"))])
    await evaluation.count([wrapped(mentee, "agency-a")])
    withdrawn = wrapped(participant_withdrawn(mentor), "agency-a")
    await evaluation.count([withdrawn, withdrawn])
    await evaluation.count([withdrawn, wrapped(participant_withdrawn(mentor, by_coordinator=True), "agency-a")])
    await evaluation.count([wrapped(participant_withdrawn(mentee), "agency-a")])
    metrics = await evaluation.metrics(caller("agency-a"), "g1")
    assert (metrics.mentors, metrics.mentees) == (1, 0)


async def test_an_enrolment_counted_after_its_withdrawal_is_taken_off_too() -> None:
    facts = ProgramFacts(MemoryDatabase())  # type: ignore[arg-type]
    evaluation = Metrics(facts)
    mentor = mentor_enrolled("m1")
    await evaluation.count([wrapped(program_opened("g1"), "agency-a")])
    assert (await evaluation.metrics(caller("agency-a"), "g1")).mentors == 0  # totals now kept in memory
    await evaluation.count([wrapped(participant_withdrawn(mentor), "agency-a")])
    await evaluation.count([wrapped(mentor, "agency-a")])  # published again late, after its withdrawal
    assert (await evaluation.metrics(caller("agency-a"), "g1")).mentors == 0
    assert (await Metrics(facts).metrics(caller("agency-a"), "g1")).mentors == 0  # and so says the store


async def test_a_withdrawal_and_its_enrolment_in_one_batch_cancel_out() -> None:
    evaluation = Metrics(ProgramFacts(MemoryDatabase()))  # type: ignore[arg-type]
    mentee = mentee_enrolled("e1")
    withdrawn = wrapped(participant_withdrawn(mentee), "agency-a")
    await evaluation.count([withdrawn, wrapped(program_opened("g1"), "agency-a"), wrapped(mentee, "agency-a")])
    assert (await evaluation.metrics(caller("agency-a"), "g1")).mentees == 0


async def test_a_withdrawn_application_never_enrolled_takes_nobody_off() -> None:
    evaluation = Metrics(ProgramFacts(MemoryDatabase()))  # type: ignore[arg-type]
    await evaluation.count([wrapped(e, "agency-a") for e in (program_opened("g1"), mentee_enrolled("e1"))])
    await evaluation.count([wrapped(participant_withdrawn(mentee_enrolled("pending")), "agency-a")])
    assert (await evaluation.metrics(caller("agency-a"), "g1")).mentees == 1


async def test_a_withdrawal_in_another_agency_takes_nobody_off_here() -> None:
    evaluation = Metrics(ProgramFacts(MemoryDatabase()))  # type: ignore[arg-type]
    mentor = mentor_enrolled("m1")
    await evaluation.count([wrapped(e, "agency-a") for e in (program_opened("g1"), mentor)])
    await evaluation.count([wrapped(participant_withdrawn(mentor), "agency-b")])
    assert (await evaluation.metrics(caller("agency-a"), "g1")).mentors == 1


async def test_a_groups_meeting_counts_once_with_its_minutes_however_many_attended() -> None:
    evaluation = Metrics(ProgramFacts(MemoryDatabase()))  # type: ignore[arg-type]
    group_meeting = meeting_logged("grp1", minutes=60, group_id="grp1", attendee_ids=("e1", "e2", "e3"))
    # A fact logged before attendance was recorded has neither field, and still reads and counts.
    before_attendance = wrapped(meeting_logged("p1", minutes=30), "agency-a").model_dump(mode="json")
    del before_attendance["payload"]["group_id"], before_attendance["payload"]["attendee_ids"]
    history = [
        wrapped(program_opened("g1"), "agency-a"),
        wrapped(group_meeting, "agency-a"),
        parse_envelope(before_attendance, EVENTS),
    ]
    await Batched(evaluation.count).handle(history)
    metrics = await evaluation.metrics(caller("agency-a"), "g1")
    assert (metrics.meetings_logged, metrics.meeting_hours) == (2, 1.5)
