"""A coordinator's locks, judged against the problem they are to be kept in.

A lock is checked when it is made, against the run it was made on. A re-solve takes the pool as it is now, where
a locked person may have withdrawn, been matched meanwhile, or changed a profile so that the pair breaks a rule:
such a lock no longer holds and is dropped, rather than proposed against the rules.
"""

from collections import Counter

from matching.domain.problem import Pairing, Problem
from matching.domain.rules import broken_rules


def kept_locks(problem: Problem) -> tuple[Pairing, ...]:
    """The problem's locks that still hold, in their order: both people in the pool, the mentee not matched yet,
    no rule broken, and the mentor's places (less those already taken) not exceeded."""
    mentors = {mentor.person_id: mentor for mentor in problem.mentors}
    mentees = {mentee.person_id: mentee for mentee in problem.mentees}
    taken = Counter(problem.used)
    kept: list[Pairing] = []
    for mentee_id, mentor_id in problem.locks:
        mentor, mentee = mentors.get(mentor_id), mentees.get(mentee_id)
        if mentor is None or mentee is None or mentee_id in problem.matched:
            continue
        if broken_rules(mentor, mentee, problem.policy, problem.hierarchy) or taken[mentor_id] >= mentor.capacity:
            continue
        taken[mentor_id] += 1
        kept.append((mentee_id, mentor_id))
    return tuple(kept)
