"""Solving a requested run: take its inputs once, solve them, store the proposal with its explanations.

Safe to repeat after a crash: the inputs are stored under the run's id before solving and, once stored, are what
every later attempt solves (the pool may have changed meanwhile), and the outcome's pages are inserted once. The
solver is deterministic, so a repeat stores nothing new.
"""

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from matching.domain import SCORE_UNITS, Problem, Solution
from matching.domain.explanations import explain_solution
from matching.domain.review import kept_locks
from matching.handlers.planning import Planner
from matching.stores import OutcomeStore, RunRef, RunStore, SnapshotStore, content_hash, problem_document, problem_of
from mentoring_contracts.names import MatchObjective, MatchRunStatus, UnmatchedReason

log = logging.getLogger(__name__)

Solve = Callable[[Problem], Solution]


@dataclass(frozen=True)
class Solved:
    proposals: list[dict[str, Any]]
    unmatched: list[dict[str, Any]]
    solution: Solution
    seconds: float

    @property
    def proposals_hash(self) -> str:
        return content_hash(self.proposals)


def solve_and_explain(solve: Solve, problem: Problem) -> Solved:
    """CPU work for a worker thread: the solution, and every pair and left-out mentee explained."""
    started = time.perf_counter()
    solution = solve(problem)
    seconds = time.perf_counter() - started
    pairs, unmatched = explain_solution(problem, solution)
    return Solved([asdict(pair) for pair in pairs], [asdict(u) for u in unmatched], solution, seconds)


class RunSolver:
    def __init__(
        self, *, runs: RunStore, snapshots: SnapshotStore, outcomes: OutcomeStore, planner: Planner, solve: Solve,
        algorithm: str,
    ) -> None:  # fmt: skip
        self.runs = runs
        self.snapshots = snapshots
        self.outcomes = outcomes
        self.planner = planner
        self.solve = solve
        self.algorithm = algorithm

    async def __call__(self, ref: RunRef) -> None:
        run = await self.runs.get(ref)
        if run is None or not MatchRunStatus(run["status"]).solving:
            return
        started = time.perf_counter()
        await self.runs.set_status(ref, MatchRunStatus.RUNNING)
        document = await self.snapshots.load(ref.agency_id, ref.run_id)
        if document is None:
            document = problem_document(await self._problem(ref, run))
            await self.snapshots.save(ref.agency_id, ref.run_id, document)
        problem = problem_of(document)
        # In a worker thread: a whole cohort takes seconds of CPU, and the service must answer requests meanwhile.
        solved = await asyncio.to_thread(solve_and_explain, self.solve, problem)
        await self.outcomes.save(ref.agency_id, ref.run_id, "proposals", solved.proposals)
        await self.outcomes.save(ref.agency_id, ref.run_id, "unmatched", solved.unmatched)
        reasons = {reason: 0 for reason in UnmatchedReason}
        for left_out in solved.solution.unmatched:
            reasons[left_out.reason] += 1
        await self.runs.set_status(
            ref,
            MatchRunStatus.PROPOSED,
            inputs_hash=content_hash(document),
            proposals_hash=solved.proposals_hash,
            algorithm_version=self.algorithm,
            locks=[{"mentee_id": mentee, "mentor_id": mentor} for mentee, mentor in problem.locks],  # those kept
            objective=problem.policy.objective,
            min_score=problem.policy.min_score,
            mentors=len(problem.mentors),
            mentees=len(problem.mentees),
            proposed=len(solved.proposals),
            unmatched={str(reason): count for reason, count in reasons.items()},
            total_score=round(sum(p.score_units for p in solved.solution.pairs) / SCORE_UNITS, 3),
            certified_optimal=solved.solution.certified,
            solver_seconds=round(solved.seconds, 3),
        )
        seconds = time.perf_counter() - started
        log.info("match run %s proposed %d pairs in %.1fs", ref.run_id, len(solved.proposals), seconds)

    async def _problem(self, ref: RunRef, run: dict[str, Any]) -> Problem:
        """A review takes its parent's inputs with the review applied; any other run the pool as it is now, with the
        locks that still hold there."""
        locks = tuple((lock["mentee_id"], lock["mentor_id"]) for lock in run["locks"])
        exclusions = frozenset((e["mentee_id"], e["mentor_id"]) for e in run["exclusions"])
        objective = MatchObjective(run["objective"]) if run["objective"] else None
        if run["inputs_of"] is not None:
            parent = await self.snapshots.load(ref.agency_id, run["inputs_of"])
            if parent is None:
                raise LookupError(f"the inputs of run {run['inputs_of']} are missing; start a new run")
            base = problem_of(parent)
            policy = base.policy.overridden(objective, run["min_score"])
            return replace(base, policy=policy, locks=locks, exclusions=exclusions)
        now = await self.planner.problem(
            ref.agency_id, run["program_id"], objective=objective, min_score=run["min_score"], locks=locks,
            exclusions=exclusions,
        )  # fmt: skip
        return replace(now, locks=kept_locks(now))
