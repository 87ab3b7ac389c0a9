"""A mentee's requests for a mentor in one programme: the facts recorded about them, and what may happen next.

A mentee's requests in a programme form one sequence of facts, each stored at the next position under the unique
key (programme, mentee, position): of two writers deciding at the same position exactly one stores its fact, and
the other decides again on what it then finds. Every decision is taken on the whole sequence — a new request only
when none is open, an answer only to the open request — so a mentee has at most one open request per programme and
a request one answer, across any number of instances, resting on unique-key inserts alone.

Expiry is read off the clock: a request not answered by its `expires_at` (fixed when it was made, from the policy
of that moment) is expired, on every read and before every decision, so nothing has to run when it expires. A
request followed by another in the sequence had expired by then, whatever this instance's clock says.

Accepting takes two facts: the mentor's answer, carrying the pair it decided on (`AcceptedPair`: its id, derived
from the request's, its score and the mentor's places), then the outcome — paired once the places are claimed and
the pair recorded, or closed naming why not (the mentor's last place or the mentee was taken meanwhile). A request
accepted and not yet settled (`settling`) is finished from its answer alone by whoever touches it next; the answer
stands meanwhile, so nothing else can happen to it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import NAMESPACE_URL, uuid5

from matching.domain.candidates import Mentee, Mentor
from matching.domain.criteria import SCORE_UNITS, explain, score_units
from matching.domain.problem import Problem
from matching.domain.rules import refusal
from matching.domain.suggestions import free_places
from mentoring_contracts.names import HardRule, MentorRequestStatus
from mentoring_runtime.errors import Conflict, Forbidden

SELF_SELECTED_PAIRS = uuid5(NAMESPACE_URL, "mentoring:matching:self-selected-pairs")


class Step(StrEnum):
    """What a fact of a mentee's sequence says happened. Matching's own bookkeeping, never published."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    PAIRED = "paired"
    CLOSED = "closed"


@dataclass(frozen=True)
class AcceptedPair:
    """The pair an accept decided on, kept with the answer, so that settling it needs nothing else."""

    pair_id: str
    capacity: int  # the mentor's places when accepted (at most the group size): the slots their claims may take
    score: float
    contributions: tuple[tuple[str, int, float], ...]  # (criterion, weight, points) in criterion order
    group_id: str | None = None


def request_pair_id(request_id: str) -> str:
    """The pair an accepted request makes: derived, so that settling it again finds what it already did."""
    return str(uuid5(SELF_SELECTED_PAIRS, request_id))


def accepted_pair(
    problem: Problem, mentee: Mentee, mentor: Mentor, request_id: str, group_id: str | None
) -> AcceptedPair:
    return AcceptedPair(
        pair_id=request_pair_id(request_id),
        capacity=mentor.capacity,
        score=score_units(mentor, mentee, problem.policy) / SCORE_UNITS,
        contributions=tuple((c.criterion, c.weight, c.contribution) for c in explain(mentor, mentee, problem.policy)),
        group_id=group_id,
    )


@dataclass(frozen=True)
class RequestFact:
    position: int  # in the mentee's sequence of the programme, from 1
    step: Step
    request_id: str
    program_id: str
    mentee_id: str
    mentor_id: str
    at: datetime
    by: str  # who took the step: the mentee, the mentor
    message: str | None = None  # requested: the mentee's words, which stay in matching
    expires_at: datetime | None = None  # requested
    reason: str | None = None  # accepted, declined: the mentor's words
    pair: AcceptedPair | None = None  # accepted
    closed_because: str | None = None  # closed


@dataclass(frozen=True)
class MentorRequest:
    """One request, as its facts have it."""

    made: RequestFact
    answer: RequestFact | None = None
    outcome: RequestFact | None = None
    superseded: bool = False  # the mentee made another request after it

    @property
    def request_id(self) -> str:
        return self.made.request_id

    @property
    def mentor_id(self) -> str:
        return self.made.mentor_id

    @property
    def mentee_id(self) -> str:
        return self.made.mentee_id

    @property
    def program_id(self) -> str:
        return self.made.program_id

    @property
    def expires_at(self) -> datetime:
        assert self.made.expires_at is not None, "a request is made with its expiry"
        return self.made.expires_at

    @property
    def pair(self) -> AcceptedPair | None:
        """The pair the mentor accepted, when they did."""
        return self.answer.pair if self.answer is not None else None

    @property
    def settling(self) -> bool:
        """Accepted by the mentor, and neither paired nor closed yet."""
        return self.answer is not None and self.answer.step is Step.ACCEPTED and self.outcome is None

    def waiting(self, now: datetime) -> bool:
        """Open, or accepted and being settled: holding its mentee back from another request, and about to take one
        of the mentor's places."""
        return self.settling or self.status(now) is MentorRequestStatus.OPEN

    def status(self, now: datetime) -> MentorRequestStatus:
        if self.outcome is not None:
            return MentorRequestStatus.ACCEPTED if self.outcome.step is Step.PAIRED else MentorRequestStatus.CLOSED
        if self.answer is not None:
            return MentorRequestStatus.ACCEPTED if self.answer.step is Step.ACCEPTED else MentorRequestStatus.DECLINED
        if self.superseded or now >= self.expires_at:
            return MentorRequestStatus.EXPIRED
        return MentorRequestStatus.OPEN


@dataclass(frozen=True)
class History:
    """A mentee's sequence of request facts in one programme, in position order."""

    facts: tuple[RequestFact, ...] = ()

    @property
    def next_position(self) -> int:
        return self.facts[-1].position + 1 if self.facts else 1

    def requests(self) -> list[MentorRequest]:
        return _folded(self.facts)

    def request(self, request_id: str) -> MentorRequest | None:
        return next((r for r in self.requests() if r.request_id == request_id), None)

    def waiting(self, now: datetime) -> MentorRequest | None:
        """The request that holds the mentee back from making another: open, or accepted and being settled."""
        return next((r for r in self.requests() if r.waiting(now)), None)


def history(facts: Iterable[RequestFact]) -> History:
    return History(tuple(sorted(facts, key=lambda fact: fact.position)))


def requests_of(facts: Iterable[RequestFact]) -> list[MentorRequest]:
    """Every request the facts tell of, whichever mentees and programmes they belong to."""
    sequences: dict[tuple[str, str], list[RequestFact]] = defaultdict(list)
    for fact in facts:
        sequences[fact.program_id, fact.mentee_id].append(fact)
    return [request for facts in sequences.values() for request in history(facts).requests()]


def _folded(facts: tuple[RequestFact, ...]) -> list[MentorRequest]:
    made: dict[str, MentorRequest] = {}
    for fact in facts:
        match fact.step:
            case Step.REQUESTED:
                made = {key: replace(request, superseded=True) for key, request in made.items()}
                made[fact.request_id] = MentorRequest(fact)
            case Step.ACCEPTED | Step.DECLINED if fact.request_id in made:
                made[fact.request_id] = replace(made[fact.request_id], answer=fact)
            case Step.PAIRED | Step.CLOSED if fact.request_id in made:
                made[fact.request_id] = replace(made[fact.request_id], outcome=fact)
    return list(made.values())


def new_request(
    sequence: History, *, request_id: str, mentee: Mentee, mentor: Mentor, program_id: str, message: str | None,
    now: datetime, expiry: timedelta,
) -> RequestFact:  # fmt: skip
    """The mentee's request for `mentor`, unless another of theirs is still waiting or the mentor declined them."""
    waiting = sequence.waiting(now)
    if waiting is not None and waiting.settling:
        raise Conflict(f"your request {waiting.request_id} was accepted by {waiting.mentor_id} and is being paired")
    if waiting is not None:
        raise Conflict(
            f"your request {waiting.request_id} to {waiting.mentor_id} is open until {waiting.expires_at.isoformat()}: "
            "one request at a time; wait for the answer or the expiry, then request again"
        )
    for earlier in sequence.requests():
        if earlier.mentor_id == mentor.person_id and earlier.status(now) is MentorRequestStatus.DECLINED:
            raise Conflict(f"{mentor.person_id} declined your request {earlier.request_id}: request another mentor")
    return RequestFact(
        sequence.next_position, Step.REQUESTED, request_id, program_id, mentee.person_id, mentor.person_id, now,
        mentee.person_id, message=message, expires_at=now + expiry,
    )  # fmt: skip


def accepted(
    sequence: History, request: MentorRequest, pair: AcceptedPair, *, by: str, reason: str | None, now: datetime
) -> RequestFact:
    """The mentor's yes to an open request made to them, with the pair it makes."""
    answerable(request, by, now)
    return _next(sequence, request, Step.ACCEPTED, now, by, reason=reason, pair=pair)


def declined(sequence: History, request: MentorRequest, *, by: str, reason: str | None, now: datetime) -> RequestFact:
    """The mentor's no to an open request made to them: the mentee may request another mentor."""
    answerable(request, by, now)
    return _next(sequence, request, Step.DECLINED, now, by, reason=reason)


def answerer(request: MentorRequest, by: str) -> None:
    """Forbidden unless `by` is the mentor the request was made to."""
    if by != request.mentor_id:
        raise Forbidden(f"only {request.mentor_id}, to whom the request was made, answers it")


def answerable(request: MentorRequest, by: str, now: datetime) -> None:
    """Forbidden unless `by` is the request's mentor; Conflict, saying why, unless the request is open."""
    answerer(request, by)
    if request.status(now) is not MentorRequestStatus.OPEN:
        raise Conflict(not_open(request, now))


def closed(sequence: History, request: MentorRequest, *, because: str, by: str, now: datetime) -> RequestFact:
    """The request ends without a pair, saying why."""
    return _next(sequence, request, Step.CLOSED, now, by, closed_because=because)


def paired(sequence: History, request: MentorRequest, *, by: str, now: datetime) -> RequestFact:
    """The accepted pair is recorded: the request is done."""
    return _next(sequence, request, Step.PAIRED, now, by)


def _next(
    sequence: History, request: MentorRequest, step: Step, now: datetime, by: str, **fields: object
) -> RequestFact:
    made = request.made
    return RequestFact(
        sequence.next_position, step, made.request_id, made.program_id, made.mentee_id, made.mentor_id, now, by,
        **fields,
    )  # fmt: skip


def not_open(request: MentorRequest, now: datetime) -> str:
    """Why a request can no longer be answered, in words for the mentor."""
    named = f"the request {request.request_id}"
    match request.status(now):
        case MentorRequestStatus.ACCEPTED:
            return f"{named} was already accepted"
        case MentorRequestStatus.DECLINED:
            return f"{named} was already declined"
        case MentorRequestStatus.EXPIRED:
            return f"{named} expired unanswered at {request.expires_at.isoformat()}; the mentee may request again"
        case MentorRequestStatus.CLOSED:
            assert request.outcome is not None
            return f"{named} is closed: {request.outcome.closed_because}"
    return f"{named} is open"


def unavailable(problem: Problem, mentee: Mentee, mentor: Mentor) -> str | None:
    """Why `mentor` cannot take `mentee` now, naming the rule; None if they can: the checks a pair made by hand
    passes, with the places and pairs as recorded so far."""
    if mentee.person_id in problem.matched:
        return f"{HardRule.ALREADY_MATCHED}: {mentee.person_id} is already in a pair of this programme"
    refused = refusal(mentor, mentee, problem.policy, problem.hierarchy)
    if refused is not None:
        return refused
    if free_places(problem, mentor) <= 0:
        return f"{HardRule.CAPACITY}: {mentor.person_id} mentors at most {mentor.capacity}, and every place is taken"
    return None
