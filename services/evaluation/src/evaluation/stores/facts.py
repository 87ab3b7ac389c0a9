"""The facts evaluation counts, one document per event keyed by its event id, so each counts exactly once; and the
withdrawals on record, one per participant, which a withdrawal's decrement is matched against (`domain.left`)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from evaluation.domain import Counted, FactKind, KindTotal, Withdrawal
from mentoring_contracts.names import ParticipantRole
from mentoring_runtime.tenancy import TenantData


class ProgramFacts:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._facts = TenantData(database["facts"])
        self._withdrawals = TenantData(database["withdrawals"])

    async def create_indexes(self) -> None:
        facts = self._facts.across_agencies()
        await facts.create_index([("agency_id", ASCENDING), ("program_id", ASCENDING)])
        await facts.create_index([("agency_id", ASCENDING), ("participant_id", ASCENDING)])

    async def add_all(self, facts: Sequence[tuple[str, str, Counted]]) -> list[tuple[str, Counted]]:
        """(agency, key, fact) each inserted once: a redelivery hits the taken key and changes nothing.
        Returns the (agency, fact) pairs this call inserted."""
        by_agency: dict[str, dict[str, Counted]] = defaultdict(dict)
        for agency_id, key, fact in facts:
            by_agency[agency_id][key] = fact
        added = []
        for agency_id, new in by_agency.items():
            documents = [_document(key, fact) for key, fact in new.items()]
            taken = await self._facts.for_agency(agency_id).insert_many_once(documents)
            added += [(agency_id, fact) for key, fact in new.items() if key not in taken]
        return added

    async def add_withdrawals(self, withdrawals: Sequence[tuple[str, Withdrawal]]) -> None:
        """(agency, withdrawal) each on record once, keyed by the participant."""
        by_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for agency_id, withdrawal in withdrawals:
            by_agency[agency_id].append(
                {"_id": withdrawal.participant_id, "program_id": withdrawal.program_id, "role": withdrawal.role}
            )
        for agency_id, documents in by_agency.items():
            await self._withdrawals.for_agency(agency_id).insert_many_once(documents)

    async def withdrawn_after_enrolling(self, agency_id: str, participant_ids: Iterable[str]) -> list[Withdrawal]:
        """The withdrawals on record of these participants whose enrolment was counted. Reads the few withdrawals
        first, and the facts only for the participants who withdrew."""
        found = self._withdrawals.for_agency(agency_id).find({"_id": {"$in": sorted(set(participant_ids))}})
        withdrawals = [Withdrawal(doc["_id"], doc["program_id"], ParticipantRole(doc["role"])) async for doc in found]
        if not withdrawals:
            return []
        leaving = [withdrawal.participant_id for withdrawal in withdrawals]
        enrolments = self._facts.for_agency(agency_id).find(
            {"participant_id": {"$in": leaving}}, projection=["participant_id"]
        )
        enrolled = {doc["participant_id"] async for doc in enrolments}
        return [withdrawal for withdrawal in withdrawals if withdrawal.participant_id in enrolled]

    async def totals(self, agency_id: str, program_id: str) -> dict[FactKind, KindTotal]:
        # FerretDB v1.24 computes only the first accumulator of a $group (the others come out 0), so the store
        # counts facts per (kind, minutes) with one $sum and the minutes are folded in here, from one snapshot.
        groups = await self._facts.for_agency(agency_id).aggregate(
            [
                {"$match": {"program_id": program_id}},
                {"$group": {"_id": {"kind": "$kind", "minutes": "$minutes"}, "count": {"$sum": 1}}},
            ]
        )
        totals: dict[FactKind, KindTotal] = {}
        for group in groups:
            kind, minutes, count = FactKind(group["_id"]["kind"]), group["_id"]["minutes"], group["count"]
            so_far = totals.get(kind, KindTotal(0))
            totals[kind] = KindTotal(so_far.count + count, so_far.minutes + minutes * count)
        return totals


def _document(key: str, fact: Counted) -> dict[str, Any]:
    document = {"_id": key, "program_id": fact.program_id, "kind": fact.kind, "minutes": fact.minutes}
    if fact.participant_id is not None:
        document["participant_id"] = fact.participant_id
    return document
