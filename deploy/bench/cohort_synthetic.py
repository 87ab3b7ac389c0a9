"""A seeded synthetic cohort for the matching solver: the benchmark's and the tests' one source of realistic people.

Mentors are scarce (capacity 1-5, about 0.55 places per mentee), senior, and spread over agencies' real time zones;
mentees want a few of the skills mentors have, speak English mostly, and some report to a mentor. With the default
policy (shared language, at most 8 hours apart, mentor at most one grade below the mentee) about 40 % of pairs are forbidden.
The same seed always gives the same cohort, person for person.
"""

import random

from matching.domain import Hierarchy, Mentee, Mentor, Policy, Problem

SKILLS = [
    "budgeting", "negotiation", "public speaking", "policy writing", "data analysis", "project management",
    "stakeholder engagement", "procurement", "digital services", "people management", "risk", "legal drafting",
    "change management", "coaching", "service design", "communications", "evaluation", "economics",
    "user research", "security", "architecture", "cloud", "statistics", "operations", "finance reporting",
    "workforce planning", "grant management", "facilitation", "strategy", "writing for the web",
]  # fmt: skip
DEPARTMENTS = [
    "finance", "housing", "transport", "health", "education", "justice", "environment", "digital", "trade",
    "culture", "defence", "revenue",
]  # fmt: skip
LOCATIONS = [f"place-{i:02}" for i in range(14)]  # opaque keys, as enrolment publishes them
LANGUAGES = ["en", "fr", "de", "es", "nl", "pl", "pt", "it"]
TIME_ZONES = [  # (zone, minutes from UTC, weight)
    ("America/Los_Angeles", -480, 6), ("America/New_York", -300, 10), ("America/Sao_Paulo", -180, 3),
    ("Europe/London", 0, 30), ("Europe/Paris", 60, 15), ("Europe/Athens", 120, 5), ("Asia/Dubai", 240, 3),
    ("Asia/Kolkata", 330, 6), ("Asia/Singapore", 480, 8), ("Australia/Sydney", 600, 6),
    ("Pacific/Auckland", 720, 2), ("Asia/Kathmandu", 345, 1),
]  # fmt: skip
CAPACITIES = [1, 2, 3, 4, 5]
CAPACITY_WEIGHTS = [25, 25, 20, 15, 15]  # 2.7 places a mentor on average


def synthetic_policy() -> Policy:
    return Policy(max_time_zone_hours=8, min_grade_gap=-1)


def synthetic_problem(mentees: int, mentors: int, seed: int = 7, policy: Policy | None = None) -> Problem:
    rng = random.Random(seed)
    mentor_ids = [f"mentor-{i:06}" for i in range(mentors)]
    managers: dict[str, str | None] = {}
    people_mentors = []
    for i, person_id in enumerate(mentor_ids):
        manager = mentor_ids[rng.randrange(i)] if i and rng.random() < 0.3 else None
        managers[person_id] = manager
        people_mentors.append(
            Mentor(
                **_person(rng, person_id, manager, grade=(6, 12)),
                skills=frozenset(rng.sample(SKILLS, rng.randint(3, 8))),
                capacity=rng.choices(CAPACITIES, CAPACITY_WEIGHTS)[0],
            )
        )
    people_mentees = []
    for i in range(mentees):
        person_id = f"mentee-{i:06}"
        manager = rng.choice(mentor_ids) if mentor_ids and rng.random() < 0.1 else None
        managers[person_id] = manager
        facts = _person(rng, person_id, manager, grade=(3, 9))
        if mentor_ids and rng.random() < 0.005:
            facts["conflicts"] = frozenset({rng.choice(mentor_ids)})
        people_mentees.append(
            Mentee(
                **facts,
                desired_skills=frozenset(rng.sample(SKILLS, rng.randint(1, 4))),
                goal_tags=frozenset(rng.sample(SKILLS, rng.randint(0, 3))),
            )
        )
    return Problem(
        mentors=people_mentors,
        mentees=people_mentees,
        policy=policy or synthetic_policy(),
        hierarchy=Hierarchy(managers),
    )


def _person(rng: random.Random, person_id: str, manager: str | None, grade: tuple[int, int]) -> dict:
    zone, offset, _ = rng.choices(TIME_ZONES, [w for _, _, w in TIME_ZONES])[0]
    known_zone = rng.random() > 0.03
    languages = ["en"] if rng.random() < 0.85 else []
    languages += rng.sample(LANGUAGES[1:], rng.choice([0, 0, 1, 1, 2]))
    return {
        "person_id": person_id,
        "participant_id": f"part-{person_id}",
        "manager_id": manager,
        "department": rng.choice(DEPARTMENTS),
        "languages": tuple(languages or [rng.choice(LANGUAGES[1:])]),
        "grade_level": rng.randint(*grade) if rng.random() > 0.05 else None,
        "time_zone": zone if known_zone else None,
        "utc_offset": offset if known_zone else None,
        "location": rng.choice(LOCATIONS) if rng.random() > 0.1 else None,
    }
