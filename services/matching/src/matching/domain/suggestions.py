"""Mentors to suggest to one mentee: those they may be paired with who have a free place, best score first.

For a coordinator pairing by hand every such mentor is a candidate. A mentee choosing for themself is shown fewer,
so that demand spreads instead of piling onto the few best-scoring mentors, as it does where everyone is shown the
same top five: a mentor is left out of a mentee's suggestions once the open requests other mentees made to them
already reach their free places, since each of those requests would take a place before this mentee's could; and
a mentor who declined this mentee in the programme is not suggested to them again. So at any moment a mentor is
requested by at most as many waiting mentees as they have places, plus those who requested them unprompted; a
place frees up for suggestions again when a request is declined, expires or closes.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from matching.domain.candidates import Mentee, Mentor
from matching.domain.criteria import score_units
from matching.domain.problem import Problem
from matching.domain.rules import broken_rules


@dataclass(frozen=True)
class Ranked:
    mentor: Mentor
    score_units: int
    free_places: int


def free_places(problem: Problem, mentor: Mentor) -> int:
    return mentor.capacity - problem.used.get(mentor.person_id, 0)


def ranked(problem: Problem, mentee: Mentee, *, declined_by: Collection[str] = ()) -> list[Ranked]:
    """The mentors with a free place `mentee` may be paired with, best score first, ties by mentor id; a mentor in
    `declined_by` is left out."""
    found = [
        Ranked(mentor, score_units(mentor, mentee, problem.policy), free)
        for mentor in problem.mentors
        if (free := free_places(problem, mentor)) > 0
        and mentor.person_id not in declined_by
        and not broken_rules(mentor, mentee, problem.policy, problem.hierarchy)
    ]
    return sorted(found, key=lambda each: (-each.score_units, each.mentor.person_id))


def spread(mentors: Iterable[Ranked], waiting: Mapping[str, int]) -> list[Ranked]:
    """Those of `mentors` whose open requests from other mentees (`waiting`, by mentor id) do not yet reach their
    free places, in the order given."""
    return [each for each in mentors if waiting.get(each.mentor.person_id, 0) < each.free_places]
