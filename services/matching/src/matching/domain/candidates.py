"""The people a match run works with. Ids are person ids: a pair names people, not enrolments."""

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


@dataclass(frozen=True)
class Mentee:
    person_id: str
    participant_id: str
    manager_id: str | None
    department: str
    languages: tuple[str, ...]
    desired_skills: frozenset[str]


@dataclass(frozen=True)
class Proposal:
    mentor_id: str
    mentee_id: str
    score: float
