"""The people a match run works with. Ids are person ids: a pair names people, not enrolments.

Each person carries what the hard rules and criteria read, with the contract's own defaults (`ParticipantFacts`):
unknown, none given. A time zone is also held as the offset from UTC it had when the run's inputs were taken
(`utc_offset`, minutes), so that a run reproduced in another season compares the same hours. `location` is the
opaque key enrolment publishes for a place of work: matching compares places without learning them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    person_id: str
    participant_id: str
    manager_id: str | None
    department: str
    languages: tuple[str, ...]
    grade_level: int | None = None
    time_zone: str | None = None
    conflicts: frozenset[str] = frozenset()
    location: str | None = None
    utc_offset: int | None = None


@dataclass(frozen=True)
class Mentor(Person):
    skills: frozenset[str] = frozenset()
    capacity: int = 1


@dataclass(frozen=True)
class Mentee(Person):
    desired_skills: frozenset[str] = frozenset()
    goal_tags: frozenset[str] = frozenset()
