"""Evaluation's application services on in-memory ports."""

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
