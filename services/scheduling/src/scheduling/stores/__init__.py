"""The partnerships scheduling knows of, projected from matching's PairMatched and GroupFormed, read per agency.

Two collections, both written only by unique-key inserts, so a redelivered event finds its documents there and
changes nothing: `partnerships`, one document per pair as matched (keyed by pair id; a group member's names their
group), and `group_members`, one document per mentee and group (keyed by both), which either event may write first.
A group is every member document of its id. Membership is written before the member's pair, so a pair that names
its group always finds it.

Who is in a pair never changes, and a group only grows, so a partnership read once is kept in memory: logging a
meeting then reads nothing from collections that grow with every pair (on FerretDB, a scan). Members this process
adds join the groups it holds; a group read while it added members is not kept, as the read may have missed them.
A group held by another instance may lag behind the members this one added: whoever decides on a group re-reads it
before refusing anyone it does not know (`refreshed`).
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from mentoring_contracts import PairMatched
from mentoring_runtime.tenancy import TenantData
from scheduling.domain import Membership, Partnership, group, joined, memberships, pair


class Partnerships:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._pairs = TenantData(database["partnerships"])
        self._members = TenantData(database["group_members"])
        self._known: dict[tuple[str, str], Partnership] = {}  # (agency, pair or group id) → its partnership
        self._group_of: dict[tuple[str, str], str] = {}  # (agency, a group member's pair id) → the group's id
        self._joining: Counter[str] = Counter()  # member additions this process made, per agency

    async def create_indexes(self) -> None:
        await self._members.across_agencies().create_index([("agency_id", ASCENDING), ("group_id", ASCENDING)])

    async def add_pair(self, agency_id: str, matched: PairMatched, matched_at: datetime) -> None:
        """The pair, keyed by its id; a group member's joins the group first."""
        await self.add_members(agency_id, memberships(matched), matched_at)
        document = {
            "_id": matched.pair_id,
            "program_id": matched.program_id,
            "mentor_id": matched.mentor_id,
            "mentee_id": matched.mentee_id,
            "matched_at": matched_at,
        }
        if matched.group_id is not None:
            document["group_id"] = matched.group_id
        await self._pairs.for_agency(agency_id).insert_once(document)

    async def add_members(self, agency_id: str, joining: Sequence[Membership], joined_at: datetime) -> None:
        """Each membership keyed by group and mentee, in one round trip; the groups held take them in."""
        if not joining:
            return
        documents = [
            {
                "_id": f"{m.group_id}:{m.mentee_id}",
                "group_id": m.group_id,
                "program_id": m.program_id,
                "mentor_id": m.mentor_id,
                "mentee_id": m.mentee_id,
                "joined_at": joined_at,
            }
            for m in joining
        ]
        await self._members.for_agency(agency_id).insert_many_once(documents)
        self._joining[agency_id] += 1
        by_group: dict[str, list[Membership]] = defaultdict(list)
        for membership in joining:
            by_group[membership.group_id].append(membership)
        for group_id, heard in by_group.items():
            held = self._known.get((agency_id, group_id))
            if held is not None:
                for membership in heard:
                    held = joined(held, agency_id, membership)
                self._known[agency_id, group_id] = held

    async def find(self, agency_id: str, partnership_id: str) -> Partnership | None:
        """The partnership by its id, or the group of a group member's pair id; None if neither is known."""
        group_id = self._group_of.get((agency_id, partnership_id), partnership_id)
        held = self._known.get((agency_id, group_id))
        if held is not None:
            return held
        doc = await self._pairs.for_agency(agency_id).find_one({"_id": partnership_id})
        if doc is not None and "group_id" not in doc:
            matched = pair(agency_id, doc["_id"], doc["program_id"], doc["mentor_id"], doc["mentee_id"])
            self._known[agency_id, partnership_id] = matched
            return matched
        if doc is not None:
            group_id = self._group_of[agency_id, partnership_id] = doc["group_id"]
        return await self._read_group(agency_id, group_id)

    async def refreshed(self, partnership: Partnership) -> Partnership:
        """A group as the store has it now, with members another instance may have added; a pair as it is."""
        if partnership.group_id is None:
            return partnership
        return await self._read_group(partnership.agency_id, partnership.group_id) or partnership

    async def _read_group(self, agency_id: str, group_id: str) -> Partnership | None:
        joining_before = self._joining[agency_id]
        documents = self._members.for_agency(agency_id).find({"group_id": group_id})
        heard = [
            Membership(doc["group_id"], doc["program_id"], doc["mentor_id"], doc["mentee_id"])
            async for doc in documents
        ]
        found = group(agency_id, heard, self._known.get((agency_id, group_id)))
        if found is not None and self._joining[agency_id] == joining_before:
            self._known[agency_id, group_id] = found
        return found
