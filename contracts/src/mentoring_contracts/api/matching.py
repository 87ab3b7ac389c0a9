"""The bodies of matching: match runs and their review, suggestions, pairs, and mentees' requests for a mentor."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from mentoring_contracts.api.common import Body, Identifier, LongText, Page, PageQuery
from mentoring_contracts.names import (
    Criterion,
    MatchMode,
    MatchObjective,
    MatchRunStatus,
    MentorRequestStatus,
    PartnershipStatus,
    UnmatchedReason,
)
from mentoring_contracts.wire import JSON_NUMBER, Integer

Score = Annotated[float, Field(ge=0, le=100), JSON_NUMBER]


class StartMatchRun(Body):
    """A run under the programme's matching policy; `objective` and `min_score` override the policy's for this run."""

    objective: MatchObjective | None = None
    min_score: Score | None = None


class PairChoice(Body):
    """A mentee and a mentor, by person id: a pair to lock, exclude or create."""

    mentee_id: Identifier
    mentor_id: Identifier


class Explanation(BaseModel):
    criterion: Criterion
    weight: int = Field(description="0-10, as the policy weighs the criterion; a must counts 10")
    contribution: float = Field(description="Points of the pair's score (0-100) the criterion gave")
    detail: str = Field(description="What the criterion saw, in words a coordinator can show the pair")


class UnmatchedCounts(BaseModel):
    no_eligible_mentor: int = 0
    mentors_full: int = 0
    below_min_score: int = 0


class MatchRunView(BaseModel):
    id: str
    program_id: str
    status: MatchRunStatus
    parent_run_id: str | None = Field(default=None, description="The run this one re-solved, keeping its review")
    objective: MatchObjective | None = None
    min_score: float | None = None
    locks: list[PairChoice] = []
    exclusions: list[PairChoice] = []
    # Known once the run has been solved.
    inputs_hash: str | None = Field(default=None, description="SHA-256 of the stored inputs: pool, policy, review")
    algorithm_version: str | None = None
    mentors: int | None = None
    mentees: int | None = None
    proposed: int | None = None
    unmatched: UnmatchedCounts | None = None
    total_score: float | None = None
    certified_optimal: bool | None = None
    solver_seconds: float | None = None
    # Known once published.
    published: int | None = Field(default=None, description="Pairs published")
    taken_meanwhile: int | None = Field(
        default=None, description="Proposed pairs not published: another run or a manual pair took the mentee or place"
    )
    failure: str | None = None


class ProposalView(BaseModel):
    mentor_id: str
    mentee_id: str
    score: float
    explanation: list[Explanation]
    locked: bool


class ProposalPage(Page):
    items: list[ProposalView]


class UnmatchedView(BaseModel):
    mentee_id: str
    reason: UnmatchedReason
    detail: str


class UnmatchedPage(Page):
    items: list[UnmatchedView]


class Reproduction(BaseModel):
    identical: bool = Field(description="Solving the stored inputs again gave exactly the stored proposal")
    inputs_hash: str
    proposals_hash: str


class SuggestionsQuery(Body):
    limit: Integer = Field(default=5, ge=1, le=50)


class Suggestion(BaseModel):
    mentor_id: str
    score: float
    free_places: int
    explanation: list[Explanation]


class Suggestions(BaseModel):
    mentee_id: str
    items: list[Suggestion]


class PairView(BaseModel):
    id: str
    mentor_id: str
    mentee_id: str
    score: float
    mode: MatchMode
    run_id: str | None = None
    ended: PartnershipStatus | None = Field(
        default=None,
        description="How the pair's partnership ended, once it did: `dissolved` early (the mentee may be matched "
        "again, as a new pair) or `closed` at term. Absent while it runs",
    )


class PairPage(Page):
    items: list[PairView]


_WHICH_PROGRAM = (
    "The programme, needed only when the caller is a mentee of several programmes that allow self-select; "
    "otherwise the one they are a mentee of"
)


class MySuggestionsQuery(Body):
    program_id: Identifier | None = Field(default=None, description=_WHICH_PROGRAM)
    limit: Integer = Field(default=5, ge=1, le=50)


class MySuggestions(Suggestions):
    """The caller's suggestions in one programme: mentors with a place that requests have not already spoken for."""

    program_id: str


class RequestMentor(Body):
    mentor_id: Identifier
    program_id: Identifier | None = Field(default=None, description=_WHICH_PROGRAM)
    message: LongText | None = Field(
        default=None,
        description="Words for the mentor: shown to them and to the programme's coordinators, never published",
    )


class AnswerRequest(Body):
    reason: LongText | None = Field(default=None, description="Words for the mentee, with the answer")


class MentorRequestView(BaseModel):
    id: str
    program_id: str
    mentee_id: str
    mentor_id: str
    status: MentorRequestStatus
    message: str | None = None
    requested_at: datetime
    expires_at: datetime = Field(description="When the request expires unless the mentor answers it first")
    answered_at: datetime | None = None
    reason: str | None = Field(default=None, description="The mentor's words with their answer")
    closed_because: str | None = Field(default=None, description="Why a closed request could not become a pair")
    pair_id: str | None = Field(default=None, description="The pair an accepted request made")


class MentorRequestPage(Page):
    items: list[MentorRequestView]


class ProgramRequestsQuery(PageQuery):
    status: MentorRequestStatus | None = None


class MyRequestsQuery(ProgramRequestsQuery):
    program_id: Identifier | None = Field(default=None, description="Only this programme's requests")
