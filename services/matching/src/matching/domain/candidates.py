"""The people a match run works with. Ids are person ids: a pair names people, not enrolments.

Beside what the greedy proposer reads (skills, capacity, reporting line), each person carries the facts the hard
rules and preferences still to come will read: grade level, time zone, the people never to be paired with, and a
mentee's goals. Their defaults are the contract's own (`ParticipantFacts`): unknown, none given.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Mentor:
    person_id: str
    participant_id: str
    manager_id: str | None
    department: str
    languages: tuple[str, ...]
    skills: frozenset[str]
    capacity: int
    grade_level: int | None = None
    time_zone: str | None = None
    conflicts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Mentee:
    person_id: str
    participant_id: str
    manager_id: str | None
    department: str
    languages: tuple[str, ...]
    desired_skills: frozenset[str]
    grade_level: int | None = None
    time_zone: str | None = None
    conflicts: frozenset[str] = frozenset()
    goal_tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Proposal:
    mentor_id: str
    mentee_id: str
    score: float
