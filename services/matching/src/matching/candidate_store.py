"""Matching's own view of enrolment: which programmes exist for which agency, and who enrolled in them.

Written only by the enrolment-event handlers, each document once (unique `_id`), so a redelivery changes nothing.
"""

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from matching.domain import Mentee, Mentor
from mentoring_runtime.store import insert_once


class CandidateStore:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self.programs = database["programs"]
        self.candidates = database["candidates"]

    async def create_indexes(self) -> None:
        await self.candidates.create_index([("program_id", ASCENDING), ("agency_id", ASCENDING)])

    async def add_program(self, program_id: str, agency_id: str) -> None:
        await insert_once(self.programs, {"_id": program_id, "agency_id": agency_id})

    async def add_candidate(self, participant_id: str, fields: dict[str, Any]) -> None:
        await insert_once(self.candidates, {"_id": participant_id, **fields})

    async def program_known(self, program_id: str, agency_id: str) -> bool:
        # Scoped by agency: another agency's programme looks exactly like one that does not exist.
        return await self.programs.find_one({"_id": program_id, "agency_id": agency_id}, projection=["_id"]) is not None

    async def of_program(self, program_id: str, agency_id: str) -> tuple[list[Mentor], list[Mentee]]:
        cursor = self.candidates.find({"program_id": program_id, "agency_id": agency_id}).sort("_id", ASCENDING)
        mentors: list[Mentor] = []
        mentees: list[Mentee] = []
        async for doc in cursor:
            common = {
                "person_id": doc["person_id"],
                "participant_id": doc["_id"],
                "manager_id": doc.get("manager_id"),
                "department": doc["department"],
                "languages": tuple(doc["languages"]),
            }
            if doc["role"] == "mentor":
                mentors.append(Mentor(**common, skills=frozenset(doc["skills"]), capacity=doc["capacity"]))
            else:
                mentees.append(Mentee(**common, desired_skills=frozenset(doc["desired_skills"])))
        return mentors, mentees
