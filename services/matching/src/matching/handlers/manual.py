"""Matching by hand, and the pairs a programme has: ranked suggestions for one mentee, a pair made directly, the
programme's pairs page by page.

A manual pair obeys what a run does: every hard rule (409 naming it) and every mentor's capacity, claimed the same
way as a run's pairs (`stores/claims.py`), so a manual pair and a publishing run never together overfill a mentor.
A mentee whose pair dissolved may be paired again, with the same mentor too: a new pair, its id derived from the
mentee's round. The programme's pairs are every pair it ever had, in pair id order; one whose partnership ended
says how (`ended`: dissolved or closed), so a coordinator sees a rematched mentee's earlier pair beside the new one.
"""

from matching.domain import Mentee, Mentor, Problem, explain, refusal, score_units
from matching.domain.criteria import SCORE_UNITS
from matching.domain.pairs import Standing
from matching.domain.suggestions import free_places, ranked
from matching.handlers.ledger import PairLedger, manual_pair_id, mentor_group, wanted_pair
from matching.handlers.planning import Planner
from matching.stores import CandidateStore, Claims
from mentoring_contracts import CriterionScore, PairMatched
from mentoring_contracts.api import (
    Explanation,
    PageQuery,
    PairChoice,
    PairPage,
    PairView,
    Suggestion,
    Suggestions,
    SuggestionsQuery,
)
from mentoring_contracts.names import HardRule, MatchMode, Role
from mentoring_runtime.errors import Conflict, NotFound
from mentoring_runtime.paging import page
from mentoring_runtime.recording import Cause
from mentoring_runtime.web import Caller


class ManualMatching:
    def __init__(self, *, candidates: CandidateStore, planner: Planner, claims: Claims, ledger: PairLedger) -> None:
        self.candidates = candidates
        self.planner = planner
        self.claims = claims
        self.ledger = ledger

    async def suggestions(
        self, caller: Caller, program_id: str, person_id: str, query: SuggestionsQuery
    ) -> Suggestions:
        """The mentors with a free place the mentee may be paired with, best score first, ties by mentor id."""
        problem = await self._problem(caller, program_id)
        mentee = _mentee(problem, person_id)
        if mentee.person_id in problem.matched:
            raise Conflict(f"{person_id} is already in a pair of this programme")
        items = [
            Suggestion(
                mentor_id=each.mentor.person_id,
                score=each.score_units / SCORE_UNITS,
                free_places=each.free_places,
                explanation=_explanation(each.mentor, mentee, problem),
            )
            for each in ranked(problem, mentee)[: query.limit]
        ]
        return Suggestions(mentee_id=person_id, items=items)

    async def create_pair(self, caller: Caller, program_id: str, body: PairChoice) -> str:
        problem = await self._problem(caller, program_id)
        mentee, mentor = _mentee(problem, body.mentee_id), _mentor(problem, body.mentor_id)
        refused = refusal(mentor, mentee, problem.policy, problem.hierarchy)
        if refused:
            raise Conflict(refused)
        held = await self.ledger.taken(caller.agency_id, program_id)
        round = held.round_of(mentee.person_id)
        pair_id = manual_pair_id(program_id, mentee.person_id, mentor.person_id, round)
        wanted = wanted_pair(held, pair_id, mentee.person_id, mentor.person_id, mentor.capacity)
        if not await self.claims.claim(caller.agency_id, program_id, [wanted]):
            raise Conflict(_why_taken(problem, mentee, mentor))
        units = score_units(mentor, mentee, problem.policy)
        pair = PairMatched(
            pair_id=pair_id,
            program_id=program_id,
            mode=MatchMode.MANUAL,
            mentor_id=mentor.person_id,
            mentee_id=mentee.person_id,
            score=units / SCORE_UNITS,
            contributions=tuple(
                CriterionScore(criterion=c.criterion, weight=c.weight, contribution=c.contribution)
                for c in explain(mentor, mentee, problem.policy)
            ),
            group_id=await self._group_of(caller, program_id, mentor.person_id, held),
        )
        await self.ledger.record([pair], Cause(caller.agency_id, caller.correlation_uuid()))
        return pair_id

    async def pairs(self, caller: Caller, program_id: str, query: PageQuery) -> PairPage:
        caller.require(Role.COORDINATOR)
        await self._known(caller, program_id)
        pairs = await self.ledger.of_program(caller.agency_id, program_id)
        chosen, cursor = page(pairs, query, key=lambda pair: pair.pair_id)
        views = [
            PairView(
                id=p.pair_id,
                mentor_id=p.mentor_id,
                mentee_id=p.mentee_id,
                score=p.matched.score,
                mode=p.matched.mode,
                run_id=p.matched.run_id,
                ended=p.ended,
            )
            for p in chosen
        ]
        return PairPage(items=views, next_cursor=cursor)

    async def _problem(self, caller: Caller, program_id: str) -> Problem:
        caller.require(Role.COORDINATOR)
        await self._known(caller, program_id)
        if await self.candidates.program_closed(caller.agency_id, program_id):
            raise Conflict(f"the programme {program_id} is closed: it takes no more pairs")
        return await self.planner.problem(caller.agency_id, program_id)

    async def _group_of(self, caller: Caller, program_id: str, mentor_id: str, held: Standing) -> str | None:
        """The mentor's group, in a group programme; a pair made by hand joins it as a run's would."""
        if await self.candidates.group_size(caller.agency_id, program_id) is None:
            return None
        return mentor_group(held, program_id, mentor_id)

    async def _known(self, caller: Caller, program_id: str) -> None:
        if not await self.candidates.program_known(caller.agency_id, program_id):
            raise NotFound(f"no programme {program_id}")


def _mentee(problem: Problem, person_id: str) -> Mentee:
    found = problem.mentee(person_id)
    if found is None:
        raise NotFound(f"{person_id} is no mentee of this programme (not enrolled, or withdrawn)")
    return found


def _mentor(problem: Problem, person_id: str) -> Mentor:
    found = problem.mentor(person_id)
    if found is None:
        raise NotFound(f"{person_id} is no mentor of this programme (not enrolled, or withdrawn)")
    return found


def _explanation(mentor: Mentor, mentee: Mentee, problem: Problem) -> list[Explanation]:
    return [Explanation(**vars(c)) for c in explain(mentor, mentee, problem.policy)]


def _why_taken(problem: Problem, mentee: Mentee, mentor: Mentor) -> str:
    if mentee.person_id in problem.matched:
        return f"{HardRule.ALREADY_MATCHED}: {mentee.person_id} is already in a pair of this programme"
    if free_places(problem, mentor) <= 0:
        return f"{HardRule.CAPACITY}: {mentor.person_id} mentors at most {mentor.capacity}, and every place is taken"
    return f"{mentee.person_id} or {mentor.person_id}'s last place was taken by another pair meanwhile; try again"
