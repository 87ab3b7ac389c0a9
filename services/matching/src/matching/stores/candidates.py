"""Matching's own view of enrolment: which programmes exist for which agency, under which matching policy, and
which have closed; who enrolled in them, who withdrew, and the profiles people changed since they enrolled.

Written only by the enrolment-event handlers, each document once (unique `_id`), so a redelivery changes nothing;
nothing here is updated or deleted. The pool is put together when a run reads it (`of_program`): the people
enrolled, less those with a withdrawal on record, each with the newest profile they gave. So the order in which
the facts arrive cannot change the pool: an enrolment delivered again after its withdrawal inserts a candidate that
the withdrawal still hides, and a profile delivered after a newer one is outranked by it. A programme's policy is
kept the same way: one document per `ProgramOpened` or `ProgramUpdated`, the newest counting.

What a read puts together (a programme's pool, an agency's reporting lines, a policy) is kept in memory until any
matching instance writes more for that agency (`mentoring_runtime.freshness`): a pool of 12,000 is read once per
change, not once per suggestion, and every instance sees the facts each of them consumed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from matching.domain import Hierarchy, Mentee, Mentor
from mentoring_contracts.enrolment import MatchingPolicy
from mentoring_contracts.names import ParticipantRole
from mentoring_runtime.freshness import ChangeMarks, Held
from mentoring_runtime.tenancy import TenantData


@dataclass(frozen=True)
class PolicyChange:
    """A programme's matching policy as an event set it, kept under that event's id."""

    event_id: str
    changed_at: datetime
    policy: MatchingPolicy


@dataclass(frozen=True)
class ProfileChange:
    """A person as a profile update left them, kept under the id of the event that said so."""

    event_id: str
    changed_at: datetime
    person: Mentor | Mentee


class CandidateStore:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._programs = TenantData(database["programs"])
        self._policies = TenantData(database["policies"])
        self._closed = TenantData(database["closed_programs"])
        self._candidates = TenantData(database["candidates"])
        self._profiles = TenantData(database["profiles"])
        self._withdrawals = TenantData(database["withdrawals"])
        self._held = Held(ChangeMarks(database), "candidates")

    async def create_indexes(self) -> None:
        for data in (self._candidates, self._profiles, self._withdrawals, self._policies):
            await data.across_agencies().create_index([("program_id", ASCENDING), ("agency_id", ASCENDING)])
        await self._candidates.across_agencies().create_index([("person_id", ASCENDING), ("agency_id", ASCENDING)])

    async def add_program(self, agency_id: str, program_id: str, group_size: int | None) -> None:
        """The programme, once; `group_size` for a group programme: a mentor takes a batch of at most that many."""
        await self._programs.for_agency(agency_id).insert_once({"_id": program_id, "group_size": group_size})
        await self._held.changed(agency_id)

    async def set_policy(self, agency_id: str, program_id: str, change: PolicyChange) -> None:
        document = {
            "_id": change.event_id,
            "program_id": program_id,
            "changed_at": change.changed_at,
            "policy": change.policy.model_dump(mode="json"),
        }
        await self._policies.for_agency(agency_id).insert_once(document)
        await self._held.changed(agency_id)

    async def policy(self, agency_id: str, program_id: str) -> MatchingPolicy:
        """The newest policy the programme's events set; the defaults if matching has seen none."""
        return await self._held.get(agency_id, ("policy", program_id), lambda: self._policy(agency_id, program_id))

    async def _policy(self, agency_id: str, program_id: str) -> MatchingPolicy:
        newest = None
        async for doc in self._policies.for_agency(agency_id).find({"program_id": program_id}):
            if newest is None or (doc["changed_at"], doc["_id"]) > (newest["changed_at"], newest["_id"]):
                newest = doc
        return MatchingPolicy() if newest is None else MatchingPolicy.model_validate(newest["policy"])

    async def reporting_lines(self, agency_id: str) -> Hierarchy:
        """Each person's manager as the agency's enrolled people gave it, across all its programmes, newest profile
        counting: the hard rule judges reporting lines as far as the agency's data reveals them."""
        return await self._held.get(agency_id, ("reporting lines",), lambda: self._reporting_lines(agency_id))

    async def _reporting_lines(self, agency_id: str) -> Hierarchy:
        managers: dict[str, tuple[Any, str | None]] = {}
        projection = ["person_id", "manager_id", "changed_at"]
        async for doc in self._candidates.for_agency(agency_id).find({}, projection=projection):
            managers.setdefault(doc["person_id"], (None, doc.get("manager_id")))
        async for doc in self._profiles.for_agency(agency_id).find({}, projection=projection):
            known = managers.get(doc["person_id"])
            if known is None or known[0] is None or doc["changed_at"] > known[0]:
                managers[doc["person_id"]] = (doc["changed_at"], doc.get("manager_id"))
        return Hierarchy({person: manager for person, (_, manager) in sorted(managers.items())})

    async def close_program(self, agency_id: str, program_id: str) -> None:
        await self._closed.for_agency(agency_id).insert_once({"_id": program_id})
        await self._held.changed(agency_id)

    async def group_size(self, agency_id: str, program_id: str) -> int | None:
        """The mentees a mentor takes at most in a group programme; None for any other kind."""

        async def read() -> int | None:
            doc = await self._programs.for_agency(agency_id).find_one({"_id": program_id})
            return None if doc is None else doc.get("group_size")

        return await self._held.get(agency_id, ("group size", program_id), read)

    async def program_known(self, agency_id: str, program_id: str) -> bool:
        return await self._programs.for_agency(agency_id).find_one({"_id": program_id}, projection=["_id"]) is not None

    async def program_closed(self, agency_id: str, program_id: str) -> bool:
        return await self._closed.for_agency(agency_id).find_one({"_id": program_id}, projection=["_id"]) is not None

    async def programs_of(self, agency_id: str, person_id: str) -> list[str]:
        """The programmes the person ever enrolled in, in any role, withdrawn or not, in id order: one equality read."""
        found = self._candidates.for_agency(agency_id).find({"person_id": person_id}, projection=["program_id"])
        return sorted({doc["program_id"] async for doc in found})

    async def add(self, agency_id: str, program_id: str, people: Sequence[Mentor | Mentee]) -> None:
        """Each person once, in one round trip: a redelivery hits the taken participant id and changes nothing."""
        await self._candidates.for_agency(agency_id).insert_many_once([_document(program_id, p) for p in people])
        await self._held.changed(agency_id)

    async def add_profiles(self, agency_id: str, program_id: str, changes: Sequence[ProfileChange]) -> None:
        """Each profile once, under its event's id, in one round trip; the newest of a person's counts."""
        documents = [
            {
                **_document(program_id, change.person),
                "_id": change.event_id,
                "participant_id": change.person.participant_id,
                "changed_at": change.changed_at,
            }
            for change in changes
        ]
        await self._profiles.for_agency(agency_id).insert_many_once(documents)
        await self._held.changed(agency_id)

    async def withdraw(self, agency_id: str, program_id: str, participant_ids: Sequence[str]) -> None:
        """A withdrawal on record for good, once per participant: it hides them whenever their enrolment arrives."""
        documents = [{"_id": participant_id, "program_id": program_id} for participant_id in participant_ids]
        await self._withdrawals.for_agency(agency_id).insert_many_once(documents)
        await self._held.changed(agency_id)

    async def of_program(self, agency_id: str, program_id: str) -> tuple[list[Mentor], list[Mentee]]:
        """The pool: everyone enrolled and not withdrawn, as their newest profile has them, in participant order."""
        return await self._held.get(agency_id, ("pool", program_id), lambda: self._pool(agency_id, program_id))

    async def _pool(self, agency_id: str, program_id: str) -> tuple[list[Mentor], list[Mentee]]:
        of_programme = {"program_id": program_id}
        withdrawals = self._withdrawals.for_agency(agency_id).find(of_programme, projection=["_id"])
        withdrawn = {doc["_id"] async for doc in withdrawals}
        newest: dict[str, dict[str, Any]] = {}
        async for doc in self._profiles.for_agency(agency_id).find(of_programme):
            known = newest.get(doc["participant_id"])
            if known is None or (doc["changed_at"], doc["_id"]) > (known["changed_at"], known["_id"]):
                newest[doc["participant_id"]] = doc
        mentors: list[Mentor] = []
        mentees: list[Mentee] = []
        async for doc in self._candidates.for_agency(agency_id).find(of_programme).sort("_id", ASCENDING):
            if doc["_id"] in withdrawn:
                continue
            person = _person(doc["_id"], newest.get(doc["_id"], doc))
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
        "location": person.location,
        **fields,
    }


def _person(participant_id: str, doc: dict[str, Any]) -> Mentor | Mentee:
    """A candidate or profile document as the person it describes. Documents stored before enrolment's facts had
    a grade level, time zone, conflicts or goals lack those fields, and read as having none."""
    common = {
        "person_id": doc["person_id"],
        "participant_id": participant_id,
        "manager_id": doc.get("manager_id"),
        "department": doc["department"],
        "languages": tuple(doc["languages"]),
        "grade_level": doc.get("grade_level"),
        "time_zone": doc.get("time_zone"),
        "conflicts": frozenset(doc.get("conflicts", ())),
        "location": doc.get("location"),
    }
    if doc["role"] == ParticipantRole.MENTOR:
        return Mentor(**common, skills=frozenset(doc["skills"]), capacity=doc["capacity"])
    return Mentee(
        **common, desired_skills=frozenset(doc["desired_skills"]), goal_tags=frozenset(doc.get("goal_tags", ()))
    )
