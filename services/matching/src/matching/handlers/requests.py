"""Self-select: a mentee sees ranked suggestions and requests a mentor; the mentor accepts or declines.

Every decision is stored as the next fact of the mentee's sequence in the programme under a unique key, decided
anew on what is stored whenever another writer took the position first (`domain/requests.py`), so any number of
instances may answer these calls at once; nothing about requests is held in memory. An accept records the mentor's
answer with the pair it makes, then settles it through the claims every pair of the programme takes
(`settling.py`): a capacity-1 mentor who accepts two requests at once, or accepts while a run that gives them
another mentee is published, ends with one mentee, and the other request closes saying why. Expiry is the clock's,
read on every call, against the expiry fixed when the request was made.

Who sees what: a mentee their own requests and suggestions, a mentor the requests made to them, a coordinator every
request of a programme; the mentee's message is shown to those three and stored nowhere else (no event carries it).
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from matching.domain.requests import (
    History,
    MentorRequest,
    RequestFact,
    accepted,
    accepted_pair,
    answerable,
    answerer,
    closed,
    declined,
    history,
    new_request,
    requests_of,
    unavailable,
)
from matching.handlers.choosing import MenteePrograms
from matching.handlers.ledger import PairLedger, mentor_group
from matching.handlers.planning import Planner
from matching.handlers.settling import Settlement
from matching.handlers.suggesting import MentorSuggestions
from matching.stores import CandidateStore
from matching.stores.requests import RequestStore
from mentoring_contracts.api import (
    AnswerRequest,
    MentorRequestPage,
    MentorRequestView,
    MyRequestsQuery,
    MySuggestions,
    MySuggestionsQuery,
    ProgramRequestsQuery,
    RequestMentor,
)
from mentoring_contracts.names import MentorRequestStatus, Role
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from mentoring_runtime.paging import page
from mentoring_runtime.web import Caller

# Each attempt lost its position to another writer of the same mentee's sequence, so it can only take as many as
# there are writers deciding about one mentee at once: the mentee, their mentor, a settling.
ATTEMPTS = 5
BUSY = "other changes to this request were being stored at the same time; nothing was stored, retry"


class MentorRequests:
    def __init__(
        self, *, candidates: CandidateStore, planner: Planner, ledger: PairLedger, programs: MenteePrograms,
        requests: RequestStore, suggesting: MentorSuggestions, settlement: Settlement, now: Callable[[], datetime],
    ) -> None:  # fmt: skip
        self.candidates = candidates
        self.planner = planner
        self.ledger = ledger
        self.programs = programs
        self.requests = requests
        self.suggesting = suggesting
        self.settlement = settlement
        self.now = now

    async def suggestions(self, caller: Caller, query: MySuggestionsQuery) -> MySuggestions:
        return await self.suggesting(caller, query)

    async def request(self, caller: Caller, body: RequestMentor) -> MentorRequestView:
        """A request for the mentor, if they could take the caller now and no other request of theirs is waiting.
        With an Idempotency-Key a retry finds the request its first attempt made."""
        request_id = caller.new_id("mentor-request")
        for _ in range(ATTEMPTS):
            choosing = await self.programs.choosing(caller, body.program_id)
            problem, mentee, program_id = choosing.problem, choosing.mentee, choosing.program_id
            sequence = history(await self.requests.sequence(caller.agency_id, program_id, mentee.person_id))
            if (made := sequence.request(request_id)) is not None:
                return self._view(made)
            now = self.now()
            waiting = sequence.waiting(now)
            if waiting is not None and waiting.settling:  # finish it first: it may have paired the caller
                await self.settlement.settle(caller.agency_id, waiting.request_id, caller.cause(), caller.actor_id)
                continue
            mentor = problem.mentor(body.mentor_id)
            if mentor is None:
                message = f"{body.mentor_id} is no mentor of the programme {program_id} (not enrolled, or withdrawn)"
                raise Invalid(message, field="mentor_id")
            expiry = timedelta(days=choosing.policy.request_expiry_days)
            fact = new_request(
                sequence, request_id=request_id, mentee=mentee, mentor=mentor, program_id=program_id,
                message=body.message, now=now, expiry=expiry,
            )  # fmt: skip
            refused = unavailable(problem, mentee, mentor)
            if refused is not None:
                raise Conflict(refused)
            if await self.requests.add(caller.agency_id, fact):
                return self._view(MentorRequest(fact))
        raise Conflict(BUSY)

    async def accept(self, caller: Caller, request_id: str, body: AnswerRequest) -> MentorRequestView:
        """Pair the mentee with the caller, their mentor, within the mentor's places; 409 naming why not, and the
        request closed, when the mentor is full or the mentee was matched meanwhile. A repeat answers the same."""
        caller.require(Role.MENTOR)
        for _ in range(ATTEMPTS):
            sequence, request = await self._located(caller, request_id)
            answerer(request, caller.actor_id)
            now = self.now()
            if request.settling:
                return await self._settled(caller, request_id)
            if request.status(now) is MentorRequestStatus.ACCEPTED:
                return self._view(request)
            answerable(request, caller.actor_id, now)
            problem = await self.planner.problem(caller.agency_id, request.program_id)
            mentee, mentor = problem.mentee(request.mentee_id), problem.mentor(request.mentor_id)
            if await self.candidates.program_closed(caller.agency_id, request.program_id):
                refused = f"the programme {request.program_id} is closed: it takes no more pairs"
            elif mentee is None or mentor is None:
                refused = f"{request.mentee_id if mentee is None else request.mentor_id} has left the programme"
            else:
                refused = unavailable(problem, mentee, mentor)
            if refused is not None:
                fact = closed(sequence, request, because=refused, by=caller.actor_id, now=now)
                if await self.requests.add(caller.agency_id, fact):
                    raise Conflict(f"{refused}; the request is closed")
                continue
            assert mentee is not None and mentor is not None
            group = await self._group_of(caller.agency_id, request.program_id, mentor.person_id)
            pair = accepted_pair(problem, mentee, mentor, request_id, group)
            fact = accepted(sequence, request, pair, by=caller.actor_id, reason=body.reason, now=now)
            if await self.requests.add(caller.agency_id, fact):
                return await self._settled(caller, request_id)
        raise Conflict(BUSY)

    async def decline(self, caller: Caller, request_id: str, body: AnswerRequest) -> MentorRequestView:
        """The mentor's no: the request is declined, and the mentee may request another mentor. A repeat answers
        the same."""
        caller.require(Role.MENTOR)
        for _ in range(ATTEMPTS):
            sequence, request = await self._located(caller, request_id)
            answerer(request, caller.actor_id)
            now = self.now()
            if request.status(now) is MentorRequestStatus.DECLINED:
                return self._view(request)
            fact = declined(sequence, request, by=caller.actor_id, reason=body.reason, now=now)
            if await self.requests.add(caller.agency_id, fact):
                return self._view(history([*sequence.facts, fact]).request(request_id))  # type: ignore[arg-type]
        raise Conflict(BUSY)

    async def mine(self, caller: Caller, query: MyRequestsQuery) -> MentorRequestPage:
        """As a mentee, the requests the caller made; as a mentor, those made to them; newest first."""
        facts: list[RequestFact] = []
        if Role.MENTEE in caller.roles:
            facts += await self.requests.made_by(caller.agency_id, caller.actor_id)
        if Role.MENTOR in caller.roles:
            facts += await self.requests.made_to(caller.agency_id, caller.actor_id)
        if not {Role.MENTEE, Role.MENTOR} & caller.roles:
            raise Forbidden(f"this needs the role {Role.MENTEE} or {Role.MENTOR}")
        unique = {(f.program_id, f.mentee_id, f.position): f for f in facts}.values()
        made = [r for r in requests_of(unique) if query.program_id in (None, r.program_id)]
        return self._page(made, query)

    async def of_program(self, caller: Caller, program_id: str, query: ProgramRequestsQuery) -> MentorRequestPage:
        caller.require(Role.COORDINATOR)
        if not await self.candidates.program_known(caller.agency_id, program_id):
            raise NotFound(f"no programme {program_id}")
        return self._page(requests_of(await self.requests.of_program(caller.agency_id, program_id)), query)

    async def _located(self, caller: Caller, request_id: str) -> tuple[History, MentorRequest]:
        """The request and the whole sequence of its mentee, which a decision about it follows."""
        facts = await self.requests.of_request(caller.agency_id, request_id)
        if not facts:
            raise NotFound(f"no request {request_id}")
        first = facts[0]
        sequence = history(await self.requests.sequence(caller.agency_id, first.program_id, first.mentee_id))
        request = sequence.request(request_id)
        assert request is not None, "a request's facts are in its mentee's sequence"
        return sequence, request

    async def _settled(self, caller: Caller, request_id: str) -> MentorRequestView:
        await self.settlement.settle(caller.agency_id, request_id, caller.cause(), caller.actor_id)
        _, request = await self._located(caller, request_id)
        if request.status(self.now()) is MentorRequestStatus.CLOSED:
            assert request.outcome is not None
            raise Conflict(f"{request.outcome.closed_because}; the request is closed")
        return self._view(request)

    async def _group_of(self, agency_id: str, program_id: str, mentor_id: str) -> str | None:
        """The mentor's group, in a group programme: an accepted request joins it as a run's pair would."""
        if await self.candidates.group_size(agency_id, program_id) is None:
            return None
        return mentor_group(await self.ledger.taken(agency_id, program_id), program_id, mentor_id)

    def _page(self, made: Iterable[MentorRequest], query: ProgramRequestsQuery) -> MentorRequestPage:
        now = self.now()
        views = [self._view(r, now) for r in made]
        views = [v for v in views if query.status in (None, v.status)]
        views.sort(key=lambda view: (-view.requested_at.timestamp(), view.id))
        chosen, cursor = page(views, query, key=lambda view: view.id)
        return MentorRequestPage(items=chosen, next_cursor=cursor)

    def _view(self, request: MentorRequest, now: datetime | None = None) -> MentorRequestView:
        status = request.status(now or self.now())
        answer, outcome, pair = request.answer, request.outcome, request.pair
        return MentorRequestView(
            id=request.request_id,
            program_id=request.program_id,
            mentee_id=request.mentee_id,
            mentor_id=request.mentor_id,
            status=status,
            message=request.made.message,
            requested_at=request.made.at,
            expires_at=request.expires_at,
            answered_at=answer.at if answer is not None else None,
            reason=answer.reason if answer is not None else None,
            closed_because=outcome.closed_because if outcome is not None else None,
            pair_id=pair.pair_id if pair is not None and status is MentorRequestStatus.ACCEPTED else None,
        )
