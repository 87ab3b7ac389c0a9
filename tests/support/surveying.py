"""Evaluation on in-memory ports with a clock the test moves, having heard of one pair that met: for the unit tests
of surveys."""

from datetime import UTC, datetime, timedelta

from evaluation.bootstrap import Evaluation, wire
from mentoring_contracts.api import MySurveysQuery, SurveyView
from mentoring_runtime.web import Caller
from tests.support.clock import Clock
from tests.support.evaluated import AGENCY, hear, matched, met, opened, signed
from tests.support.factories import caller
from tests.support.ports import MemoryPorts

MET = datetime(2026, 3, 2, 10, tzinfo=UTC)
ANSWERS = {
    "answers": [
        {"question_id": "fit", "rating": 4},
        {"question_id": "rapport", "rating": 5},
        {"question_id": "comments", "text": "Fine so far"},
    ]
}


def member(person: str) -> Caller:
    """A mentor ("mentor…") or mentee (anyone else) of the agency, as the gateway forwards them."""
    return caller(AGENCY, person, "mentor" if person.startswith("mentor") else "mentee")


COORDINATOR = caller(AGENCY, "coord-1", "coordinator")


async def started(now: datetime = MET + timedelta(hours=1)) -> tuple[Evaluation, Clock, MemoryPorts]:
    """Evaluation having heard of pair p1 (mentor and mentee of g1): matched, signed on 1 March, met on 2 March."""
    ports = await MemoryPorts.prepared("evaluation")
    clock = Clock(now)
    evaluation = wire(ports.log, ports.recorder, clock)
    await hear(evaluation, opened(), matched(), signed(), met(held_at=MET.isoformat()))
    return evaluation, clock, ports


async def mine(evaluation: Evaluation, person: str, **query: object) -> list[SurveyView]:
    return (await evaluation.surveys.my_surveys(member(person), MySurveysQuery.model_validate(query))).items
