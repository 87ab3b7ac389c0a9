"""Profiles and programme designs built one way everywhere: as API bodies (dicts) and as the models they validate."""

from typing import Any

from mentoring_contracts.api import CreateProgram, Profile

CADENCE_BODY = {"meetings_per_month": 1, "hours_per_month": 2}


def program_body(**fields: Any) -> dict[str, Any]:
    """A programme design as a client sends it; `fields` override or add to the minimal one."""
    return {"name": "Leaders 2027", "kind": "one_to_one", "cadence": CADENCE_BODY, **fields}


def design(**fields: Any) -> CreateProgram:
    return CreateProgram.model_validate(program_body(**fields))


def profile_body(person_id: str, role: str = "mentee", **fields: Any) -> dict[str, Any]:
    """A complete profile for `role` (mentor or mentee, or both with role="both")."""
    body: dict[str, Any] = {
        "name": f"Person {person_id}",
        "email": f"{person_id}@agency.example",
        "department": "finance",
        "grade": "g7",
        "months_of_service": 36,
        "languages": ["en"],
        "time_zone": "Europe/Paris",
    }
    if role in ("mentor", "both"):
        body["mentor"] = {"skills": ["budgeting", "negotiation"], "capacity": 2, "motivation": "giving back"}
    if role in ("mentee", "both"):
        body["mentee"] = {"desired_skills": ["budgeting"], "goal_tags": ["lead-a-team"], "goals": "lead a team"}
    return {**body, **fields}


def profile(person_id: str, role: str = "mentee", **fields: Any) -> Profile:
    return Profile.model_validate(profile_body(person_id, role, **fields))
