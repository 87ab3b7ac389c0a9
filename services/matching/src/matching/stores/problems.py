"""A run's problem as a canonical document, and its content hash.

Canonical: every list in id order and every key sorted, so the same inputs give the same bytes and the same hash
whatever order people enrolled in, and a problem read back solves exactly as it was solved the first time.
"""

import hashlib
import json
from dataclasses import asdict, fields
from typing import Any

from matching.domain import Hierarchy, Mentee, Mentor, Policy, Problem
from mentoring_contracts.names import Criterion, MatchObjective


def problem_document(problem: Problem) -> dict[str, Any]:
    return {
        "mentors": [_person(m) for m in sorted(problem.mentors, key=lambda m: m.person_id)],
        "mentees": [_person(m) for m in sorted(problem.mentees, key=lambda m: m.person_id)],
        "policy": _policy(problem.policy),
        "managers": dict(sorted(problem.hierarchy.managers.items())),
        "used": dict(sorted(problem.used.items())),
        "matched": sorted(problem.matched),
        "locks": sorted(list(pair) for pair in problem.locks),
        "exclusions": sorted(list(pair) for pair in problem.exclusions),
    }


def problem_of(document: dict[str, Any]) -> Problem:
    policy = document["policy"]
    return Problem(
        mentors=[_mentor(doc) for doc in document["mentors"]],
        mentees=[_mentee(doc) for doc in document["mentees"]],
        policy=Policy(
            **{
                **policy,
                "weights": {Criterion(c): w for c, w in policy["weights"].items()},
                "must": frozenset(Criterion(c) for c in policy["must"]),
                "objective": MatchObjective(policy["objective"]),
            }
        ),
        hierarchy=Hierarchy(document["managers"]),
        used=document["used"],
        matched=frozenset(document["matched"]),
        locks=[(mentee, mentor) for mentee, mentor in document["locks"]],
        exclusions=frozenset((mentee, mentor) for mentee, mentor in document["exclusions"]),
    )


def canonical_bytes(document: Any) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(document: Any) -> str:
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def _person(person: Mentor | Mentee) -> dict[str, Any]:
    document = asdict(person)
    for name, value in document.items():
        if isinstance(value, frozenset):
            document[name] = sorted(value)
        elif isinstance(value, tuple):
            document[name] = list(value)
    return document


def _policy(policy: Policy) -> dict[str, Any]:
    return {
        **{f.name: getattr(policy, f.name) for f in fields(policy)},
        "weights": {str(c): w for c, w in policy.weights.items()},
        "must": sorted(str(c) for c in policy.must),
        "objective": str(policy.objective),
    }


def _mentor(doc: dict[str, Any]) -> Mentor:
    return Mentor(**_common(doc), skills=frozenset(doc["skills"]), capacity=doc["capacity"])


def _mentee(doc: dict[str, Any]) -> Mentee:
    return Mentee(
        **_common(doc), desired_skills=frozenset(doc["desired_skills"]), goal_tags=frozenset(doc["goal_tags"])
    )


def _common(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        **{key: doc[key] for key in ("person_id", "participant_id", "manager_id", "department", "grade_level")},
        **{key: doc[key] for key in ("time_zone", "location", "utc_offset")},
        "languages": tuple(doc["languages"]),
        "conflicts": frozenset(doc["conflicts"]),
    }
