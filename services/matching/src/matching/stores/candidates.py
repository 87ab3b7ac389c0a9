"""Matching's own view of enrolment: which programmes exist for which agency, and who enrolled in them.

Written only by the enrolment-event handlers, each document once (unique `_id`), so a redelivery changes nothing.
"""

from collections.abc import Sequence
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from matching.domain import Mentee, Mentor
from mentoring_contracts.names import ParticipantRole
from mentoring_runtime.tenancy import TenantData


class CandidateStore:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._programs = TenantData(database["programs"])
        self._candidates = TenantData(database["candidates"])

    async def create_indexes(self) -> None:
        await self._candidates.across_agencies().create_index([("program_id", ASCENDING), ("agency_id", ASCENDING)])

    async def add_program(self, agency_id: str, program_id: str) -> None:
        await self._programs.for_agency(agency_id).insert_once({"_id": program_id})

    async def program_known(self, agency_id: str, program_id: str) -> bool:
        return await self._programs.for_agency(agency_id).find_one({"_id": program_id}, projection=["_id"]) is not None

    async def add(self, agency_id: str, program_id: str, people: Sequence[Mentor | Mentee]) -> None:
        """Each person once, in one round trip: a redelivery hits the taken participant id and changes nothing."""
        await self._candidates.for_agency(agency_id).insert_many_once([_document(program_id, p) for p in people])

    async def of_program(self, agency_id: str, program_id: str) -> tuple[list[Mentor], list[Mentee]]:
        cursor = self._candidates.for_agency(agency_id).find({"program_id": program_id}).sort("_id", ASCENDING)
        mentors: list[Mentor] = []
        mentees: list[Mentee] = []
        async for doc in cursor:
            person = _person(doc)
            if isinstance(person, Mentor):
                mentors.append(person)
            else:
                mentees.append(person)
        return mentors, mentees


def _document(program_id: str, person: Mentor | Mentee) -> dict[str, Any]:
    if isinstance(person, Mentor):
        fields = {"role": ParticipantRole.MENTOR, "skills": sorted(person.skills), "capacity": person.capacity}
    else:
        fields = {
            "role": ParticipantRole.MENTEE,
            "desired_skills": sorted(person.desired_skills),
            "goal_tags": sorted(person.goal_tags),
        }
    return {
        "_id": person.participant_id,
        "program_id": program_id,
        "person_id": person.person_id,
        "manager_id": person.manager_id,
        "department": person.department,
        "languages": list(person.languages),
        "grade_level": person.grade_level,
        "time_zone": person.time_zone,
        "conflicts": sorted(person.conflicts),
        **fields,
    }


def _person(doc: dict[str, Any]) -> Mentor | Mentee:
    """A candidate document as the person it describes. Documents stored before enrolment's facts had a grade
    level, time zone, conflicts or goals lack those fields, and read as having none."""
    common = {
        "person_id": doc["person_id"],
        "participant_id": doc["_id"],
        "manager_id": doc.get("manager_id"),
        "department": doc["department"],
        "languages": tuple(doc["languages"]),
        "grade_level": doc.get("grade_level"),
        "time_zone": doc.get("time_zone"),
        "conflicts": frozenset(doc.get("conflicts", ())),
    }
    if doc["role"] == ParticipantRole.MENTOR:
        return Mentor(**common, skills=frozenset(doc["skills"]), capacity=doc["capacity"])
    return Mentee(
        **common, desired_skills=frozenset(doc["desired_skills"]), goal_tags=frozenset(doc.get("goal_tags", ()))
    )
