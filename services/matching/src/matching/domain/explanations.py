"""A solution in words: for every proposed pair each criterion's part of its score, for every mentee left out why.

A coordinator shows these to the people concerned, so every detail names what was seen (the skills shared, the
rule that stood in the way), never only a number.
"""

from dataclasses import dataclass

from matching.domain.candidates import Mentee, Mentor
from matching.domain.criteria import SCORE_UNITS, Contribution, explain
from matching.domain.problem import Problem, Solution, Unmatched
from matching.domain.rules import broken_rules, why_not
from mentoring_contracts.names import MatchObjective, UnmatchedReason


@dataclass(frozen=True)
class ExplainedPair:
    mentor_id: str
    mentee_id: str
    score: float
    explanation: list[Contribution]
    locked: bool


@dataclass(frozen=True)
class ExplainedUnmatched:
    mentee_id: str
    reason: UnmatchedReason
    detail: str


def explain_solution(problem: Problem, solution: Solution) -> tuple[list[ExplainedPair], list[ExplainedUnmatched]]:
    mentors = {mentor.person_id: mentor for mentor in problem.mentors}
    mentees = {mentee.person_id: mentee for mentee in problem.mentees}
    pairs = [
        ExplainedPair(
            pair.mentor_id,
            pair.mentee_id,
            pair.score_units / SCORE_UNITS,
            explain(mentors[pair.mentor_id], mentees[pair.mentee_id], problem.policy),
            pair.locked,
        )
        for pair in solution.pairs
    ]
    left_out = [
        ExplainedUnmatched(u.mentee_id, u.reason, _why_unmatched(u, mentees[u.mentee_id], mentors, problem))
        for u in solution.unmatched
    ]
    return pairs, left_out


def _why_unmatched(unmatched: Unmatched, mentee: Mentee, mentors: dict[str, Mentor], problem: Problem) -> str:
    policy = problem.policy
    match unmatched.reason:
        case UnmatchedReason.MENTORS_FULL:
            return "every mentor they may be paired with is full in this proposal"
        case UnmatchedReason.BELOW_MIN_SCORE if (
            policy.objective is MatchObjective.HIGHEST_TOTAL and not policy.min_score
        ):
            return "no mentor they may be paired with scores above 0, and this run seeks the highest total score"
        case UnmatchedReason.BELOW_MIN_SCORE:
            return f"no mentor they may be paired with scores the minimum of {policy.min_score:g}"
    nearest = [
        f"{mentor_id} ({'; '.join(_reasons(mentors[mentor_id], mentee, problem))})" for mentor_id in unmatched.nearest
    ]
    if not nearest:
        return "the programme has no mentor with a free place"
    return "no mentor may be paired with them; the nearest: " + ", ".join(nearest)


def _reasons(mentor: Mentor, mentee: Mentee, problem: Problem) -> list[str]:
    reasons = [
        why_not(rule, mentor, mentee, problem.policy)
        for rule in broken_rules(mentor, mentee, problem.policy, problem.hierarchy)
    ]
    if (mentee.person_id, mentor.person_id) in problem.exclusions:
        reasons.append("excluded by the coordinator")
    return reasons or ["full"]
