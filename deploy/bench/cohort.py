"""A realistic cohort: mentors with capacity 1-5 and skills, mentees wanting some, reporting lines, languages."""

import random
import uuid
from typing import Any

SKILLS = [
    "budgeting", "negotiation", "public speaking", "policy writing", "data analysis", "project management",
    "stakeholder engagement", "procurement", "digital services", "people management", "risk", "legal drafting",
    "change management", "coaching", "service design", "communications",
]  # fmt: skip
DEPARTMENTS = ["finance", "housing", "transport", "health", "education", "justice", "environment", "digital"]
LANGUAGES = ["en", "fr", "de", "es", "nl", "pl"]


def _person(person_id: str, rng: random.Random, manager: str | None) -> dict[str, Any]:
    languages = ["en", *rng.sample(LANGUAGES[1:], rng.randint(0, 2))]
    return {
        "id": person_id,
        "name": f"Person {person_id}",
        "email": f"{person_id}@agency.example",
        "department": rng.choice(DEPARTMENTS),
        "grade": f"g{rng.randint(3, 12)}",
        "manager_id": manager,
        "languages": languages,
    }


def cohort(mentors: int, mentees: int, seed: int = 7) -> list[dict[str, Any]]:
    """Enrolment bodies, mentors first. About one mentee in ten reports to one of the mentors."""
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:6]
    mentor_ids = [f"mentor-{run}-{i:05}" for i in range(mentors)]
    bodies = [
        {
            "role": "mentor",
            "person": _person(mentor_id, rng, None),
            "skills": rng.sample(SKILLS, rng.randint(2, 5)),
            "capacity": rng.randint(1, 5),
        }
        for mentor_id in mentor_ids
    ]
    bodies += [
        {
            "role": "mentee",
            "person": _person(f"mentee-{run}-{i:05}", rng, rng.choice(mentor_ids) if rng.random() < 0.1 else None),
            "desired_skills": rng.sample(SKILLS, rng.randint(1, 3)),
        }
        for i in range(mentees)
    ]
    return bodies
