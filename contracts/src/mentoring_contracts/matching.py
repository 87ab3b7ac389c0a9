"""Facts published by matching on `matching.events`."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from mentoring_contracts.envelope import Command, Event
from mentoring_contracts.names import Criterion, MatchMode
from mentoring_contracts.topics import MATCHING_COMMANDS, MATCHING_EVENTS


class CriterionScore(BaseModel):
    """One criterion's part of a pair's score: its weight (0-10) and the points (of 100) it gave the pair."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    criterion: Criterion
    weight: int = Field(ge=0, le=10)
    contribution: float = Field(ge=0, le=100)


class PairMatched(Event):
    """A mentee and a mentor were paired. `mentor_id` and `mentee_id` are person ids; `score` is 0-100, the sum of
    the criteria's contributions under the programme's policy; `run_id` names the published run, when there was one."""

    event_type: ClassVar[str] = "PairMatched"
    event_version: ClassVar[int] = 2
    topic: ClassVar[str] = MATCHING_EVENTS.name

    pair_id: str
    program_id: str
    mode: MatchMode
    run_id: str | None = None
    mentor_id: str
    mentee_id: str
    score: float = Field(ge=0, le=100)
    contributions: tuple[CriterionScore, ...] = ()
    group_id: str | None = Field(
        default=None,
        description="In a group programme, the mentor's group the mentee joined: one group per mentor and programme, "
        "told whole by GroupFormed",
    )

    def aggregate_id(self) -> str:
        return self.pair_id


class GroupFormed(Event):
    """A mentor's group in a group programme, as a publication left it: every member so far. Published after the
    members' own `PairMatched`; a later publication that adds members publishes the whole group again."""

    event_type: ClassVar[str] = "GroupFormed"
    topic: ClassVar[str] = MATCHING_EVENTS.name

    group_id: str
    program_id: str
    mentor_id: str
    mentee_ids: tuple[str, ...] = Field(min_length=1)

    def aggregate_id(self) -> str:
        return self.group_id


class PairMatchedV1(Event):
    """A pair of a match run: version 1, scored 0-1 by skill overlap alone, before runs were reviewed."""

    event_type: ClassVar[str] = "PairMatched"
    topic: ClassVar[str] = MATCHING_EVENTS.name

    pair_id: str
    program_id: str
    run_id: str
    mentor_id: str
    mentee_id: str
    score: float = Field(ge=0, le=1)

    def aggregate_id(self) -> str:
        return self.pair_id

    def upcast(self) -> PairMatched:
        return PairMatched(
            pair_id=self.pair_id,
            program_id=self.program_id,
            mode=MatchMode.RUN,
            run_id=self.run_id,
            mentor_id=self.mentor_id,
            mentee_id=self.mentee_id,
            score=round(self.score * 100, 3),
        )


class _RunCommand(Command):
    topic: ClassVar[str] = MATCHING_COMMANDS.name

    run_id: str
    program_id: str

    def aggregate_id(self) -> str:
        return self.program_id


class SolveMatchRun(_RunCommand):
    """Solve a requested run: take its inputs and store its proposal. Sent when a coordinator asks for a run."""

    event_type: ClassVar[str] = "SolveMatchRun"


class PublishMatchRun(_RunCommand):
    """Publish a proposed run a coordinator chose: claim its pairs and record them. Sent when one is published."""

    event_type: ClassVar[str] = "PublishMatchRun"
