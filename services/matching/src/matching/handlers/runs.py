"""A coordinator's match runs: start one, follow it, review its proposal, publish it, reproduce it.

A run is started only for a programme matching has seen opened and not seen closed. Its proposal is reviewed
without changing it: a lock or an exclusion starts a new run on the same inputs with the review applied, linked to
the run it came from, and a re-solve starts one on the programme's pool as it is now, keeping the review. Nothing
reaches other services until a coordinator publishes a proposal.
"""

import asyncio
from typing import Any
from uuid import uuid4

from matching.domain import Mentee, Mentor, Problem, refusal
from matching.handlers.jobs import RunJobs
from matching.handlers.solving import Solve, solve_and_explain
from matching.stores import CandidateStore, OutcomeStore, RunRef, RunRequest, RunStore, SnapshotStore, problem_of
from mentoring_contracts.api import (
    MatchRunView,
    PageQuery,
    PairChoice,
    ProposalPage,
    ProposalView,
    Reproduction,
    StartMatchRun,
    UnmatchedPage,
    UnmatchedView,
)
from mentoring_contracts.names import MatchRunStatus, Role
from mentoring_runtime.errors import Conflict, Invalid, NotFound
from mentoring_runtime.paging import page
from mentoring_runtime.web import Caller

REVIEWABLE = "a run's proposal is reviewed, published or reproduced once it is proposed"


class MatchRuns:
    def __init__(
        self, *, candidates: CandidateStore, runs: RunStore, snapshots: SnapshotStore, outcomes: OutcomeStore,
        jobs: RunJobs, solve: Solve,
    ) -> None:  # fmt: skip
        self.candidates = candidates
        self.runs = runs
        self.snapshots = snapshots
        self.outcomes = outcomes
        self.jobs = jobs
        self.solve = solve

    async def request_run(self, caller: Caller, program_id: str, body: StartMatchRun) -> str:
        caller.require(Role.COORDINATOR)
        await self._open_program(caller, program_id)
        request = RunRequest(program_id, caller.actor_id, _correlation(caller), body.objective, body.min_score)
        return await self._start(caller, request)

    async def run(self, caller: Caller, program_id: str, run_id: str) -> MatchRunView:
        run = await self._run(caller, program_id, run_id)
        return MatchRunView(id=run["_id"], **{k: v for k, v in run.items() if k in MatchRunView.model_fields})

    async def proposals(self, caller: Caller, program_id: str, run_id: str, query: PageQuery) -> ProposalPage:
        await self._run(caller, program_id, run_id, solved=True)
        items = await self.outcomes.all(caller.agency_id, run_id, "proposals")
        chosen, cursor = page(items, query, key=lambda item: item["mentee_id"])
        return ProposalPage(items=[ProposalView.model_validate(item) for item in chosen], next_cursor=cursor)

    async def unmatched(self, caller: Caller, program_id: str, run_id: str, query: PageQuery) -> UnmatchedPage:
        await self._run(caller, program_id, run_id, solved=True)
        items = await self.outcomes.all(caller.agency_id, run_id, "unmatched")
        chosen, cursor = page(items, query, key=lambda item: item["mentee_id"])
        return UnmatchedPage(items=[UnmatchedView.model_validate(item) for item in chosen], next_cursor=cursor)

    async def lock(self, caller: Caller, program_id: str, run_id: str, body: PairChoice) -> str:
        """Keep a pair, proposed or not, in a new proposal: it must break no rule and fit the mentor's capacity."""
        run, problem = await self._reviewable(caller, program_id, run_id)
        pair = _pairing(body)
        _may_lock(problem, body)
        locks = [lock for lock in _pairings(run["locks"]) if lock[0] != body.mentee_id] + [pair]
        exclusions = [e for e in _pairings(run["exclusions"]) if e != pair]
        _within_capacity(problem, locks, body.mentor_id)
        return await self._review(caller, run, locks, exclusions)

    async def exclude(self, caller: Caller, program_id: str, run_id: str, body: PairChoice) -> str:
        """Rule a pair out of a new proposal; a lock on it goes."""
        run, problem = await self._reviewable(caller, program_id, run_id)
        pair = _pairing(body)
        _in_pool(problem, body)
        locks = [lock for lock in _pairings(run["locks"]) if lock != pair]
        return await self._review(caller, run, locks, [*_pairings(run["exclusions"]), pair])

    async def resolve(self, caller: Caller, program_id: str, run_id: str) -> str:
        """Solve the programme's pool as it is now, keeping the run's locks and exclusions."""
        run, _ = await self._reviewable(caller, program_id, run_id)
        await self._open_program(caller, program_id)
        request = RunRequest(
            program_id, caller.actor_id, _correlation(caller), parent_run_id=run["_id"],
            locks=_pairings(run["locks"]), exclusions=_pairings(run["exclusions"]),
        )  # fmt: skip
        return await self._start(caller, request)

    async def publish(self, caller: Caller, program_id: str, run_id: str) -> MatchRunView:
        run = await self._run(caller, program_id, run_id)
        if run["status"] != MatchRunStatus.PROPOSED:
            raise Conflict(f"run {run_id} is {run['status']}: only a proposed run can be published")
        if await self.candidates.program_closed(caller.agency_id, program_id):
            raise Conflict(f"the programme {program_id} is closed: it takes no more pairs")
        # Two requests publishing at once both start the same idempotent publication; the claims keep its pairs once.
        ref = RunRef(caller.agency_id, run_id)
        await self.runs.set_status(ref, MatchRunStatus.PUBLISHING)
        await self.jobs.start(ref, program_id, MatchRunStatus.PUBLISHING, caller.cause())
        return await self.run(caller, program_id, run_id)

    async def reproduce(self, caller: Caller, program_id: str, run_id: str) -> Reproduction:
        """Solve the run's stored inputs again and say whether that gives exactly the stored proposal."""
        run = await self._run(caller, program_id, run_id, solved=True)
        problem = await self._stored_problem(caller, run_id)
        solved = await asyncio.to_thread(solve_and_explain, self.solve, problem)
        return Reproduction(
            identical=solved.proposals_hash == run["proposals_hash"],
            inputs_hash=run["inputs_hash"],
            proposals_hash=solved.proposals_hash,
        )

    async def _start(self, caller: Caller, request: RunRequest) -> str:
        run_id = await self.runs.create(caller.agency_id, caller.new_id("match-run"), request)
        await self.jobs.start(
            RunRef(caller.agency_id, run_id), request.program_id, MatchRunStatus.REQUESTED, caller.cause()
        )
        return run_id

    async def _review(
        self, caller: Caller, run: dict[str, Any], locks: list[tuple[str, str]], exclusions: list[tuple[str, str]]
    ) -> str:
        request = RunRequest(
            run["program_id"], caller.actor_id, _correlation(caller), parent_run_id=run["_id"], inputs_of=run["_id"],
            locks=locks, exclusions=exclusions,
        )  # fmt: skip
        return await self._start(caller, request)

    async def _reviewable(self, caller: Caller, program_id: str, run_id: str) -> tuple[dict[str, Any], Problem]:
        run = await self._run(caller, program_id, run_id, solved=True)
        if run["status"] != MatchRunStatus.PROPOSED:
            raise Conflict(f"run {run_id} is {run['status']}: only a proposed run is reviewed")
        return run, await self._stored_problem(caller, run_id)

    async def _stored_problem(self, caller: Caller, run_id: str) -> Problem:
        document = await self.snapshots.load(caller.agency_id, run_id)
        if document is None:
            raise Conflict(f"run {run_id} has no stored inputs; start a new run")
        return problem_of(document)

    async def _run(self, caller: Caller, program_id: str, run_id: str, *, solved: bool = False) -> dict[str, Any]:
        caller.require(Role.COORDINATOR)
        run = await self.runs.of_program(caller.agency_id, program_id, run_id)
        if run is None:
            raise NotFound(f"no match run {run_id} in programme {program_id}")
        if solved and (MatchRunStatus(run["status"]).solving or run["status"] == MatchRunStatus.FAILED):
            raise Conflict(f"run {run_id} is {run['status']}: {REVIEWABLE}")
        return run

    async def _open_program(self, caller: Caller, program_id: str) -> None:
        if not await self.candidates.program_known(caller.agency_id, program_id):
            raise NotFound(f"no programme {program_id}")
        if await self.candidates.program_closed(caller.agency_id, program_id):
            raise Conflict(
                f"the programme {program_id} is closed: it takes no more match runs; its pairs can still be read"
            )


def _correlation(caller: Caller) -> str:
    # Events need a UUID; a request without a usable one starts its own correlation.
    return str(caller.correlation_uuid() or uuid4())


def _pairing(body: PairChoice) -> tuple[str, str]:
    return body.mentee_id, body.mentor_id


def _pairings(documents: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(doc["mentee_id"], doc["mentor_id"]) for doc in documents]


def _in_pool(problem: Problem, body: PairChoice) -> tuple[Mentor, Mentee]:
    mentor, mentee = problem.mentor(body.mentor_id), problem.mentee(body.mentee_id)
    if mentee is None:
        raise Invalid(f"{body.mentee_id} is no mentee of this run's pool", field="mentee_id")
    if mentor is None:
        raise Invalid(f"{body.mentor_id} is no mentor of this run's pool", field="mentor_id")
    return mentor, mentee


def _may_lock(problem: Problem, body: PairChoice) -> None:
    mentor, mentee = _in_pool(problem, body)
    if body.mentee_id in problem.matched:
        raise Conflict(f"{body.mentee_id} is already in a published pair of this programme")
    refused = refusal(mentor, mentee, problem.policy, problem.hierarchy)
    if refused:
        raise Conflict(refused)


def _within_capacity(problem: Problem, locks: list[tuple[str, str]], mentor_id: str) -> None:
    mentor = problem.mentor(mentor_id)
    capacity = 0 if mentor is None else mentor.capacity
    taken = problem.used.get(mentor_id, 0) + sum(1 for _, mentor in locks if mentor == mentor_id)
    if taken > capacity:
        raise Conflict(f"capacity: {mentor_id} mentors at most {capacity}, and that many places are taken or locked")
