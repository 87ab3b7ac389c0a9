"""Claims that keep concurrent or resumed runs from matching a mentee twice or a mentor beyond capacity.

Each claim is a unique `_id`, so of two runs inserting the same claim exactly one wins on any MongoDB-compatible
store (conditional updates give no such guarantee on FerretDB). Claims name the pair they were made for, so a
run resumed after a crash recognises its own claims; pair ids are derived, not random, for that reason.
A run claims its whole proposal in a few round trips: every mentee at once, then every mentor slot at once; only a
slot another run took in between is tried again, slot by slot.

A pair that ends (`domain/pairs.py`) keeps its claims, and the next claim takes a fresh key instead. A mentee's key
carries their round, the number of their pairs that dissolved; a mentor's slots are numbered up to their capacity
plus their pairs that ended. Deleting an ended pair's claims was the other way, and was not taken: on FerretDB a
delete reads the documents its filter matches and then deletes by `_id`, so a delete repeated by a redelivery on
another instance could remove the claim a new pair had just taken under the same key, and let a third pair in beside
it. Fresh keys need no delete: the round and the released places come from the pairs' facts, which only grow, so
claimers that read the same facts contend for the same keys, and one that read them before an ending contends for
keys already taken and is refused (it may try again), never let through twice. Every slot key ever taken belongs to
a recorded pair, so a mentor with capacity c and r ended pairs has at most c + r slot claims, of which at most c are
pairs in effect.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from mentoring_runtime.tenancy import AgencyScope, TenantData


@dataclass(frozen=True)
class WantedPair:
    pair_id: str
    mentee_id: str
    mentor_id: str
    capacity: int
    round: int = 0  # the mentee's pairs in the programme that dissolved
    released: int = 0  # the mentor's pairs in the programme that ended

    @property
    def slots(self) -> range:
        return range(self.capacity + self.released)


def _mentee_key(program_id: str, mentee_id: str, round: int) -> str:
    again = f":{round}" if round else ""
    return f"mentee:{program_id}:{mentee_id}{again}"


def _mentee_claim(program_id: str, pair: WantedPair) -> dict[str, Any]:
    return {"_id": _mentee_key(program_id, pair.mentee_id, pair.round), "pair_id": pair.pair_id}


def _slot_claim(program_id: str, pair: WantedPair, slot: int) -> dict[str, Any]:
    return {
        "_id": f"mentor:{program_id}:{pair.mentor_id}:{slot}",
        "pair_id": pair.pair_id,
        "program_id": program_id,
        "mentor_id": pair.mentor_id,
    }


class Claims:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._claims = TenantData(database["claims"])

    async def claim(self, agency_id: str, program_id: str, wanted: Sequence[WantedPair]) -> list[WantedPair]:
        """The wanted pairs whose mentee and a mentor slot are (now or already) held for them, in `wanted`'s order.

        A pair that lost its mentee to another run is dropped; one that found its mentor full lets its mentee go."""
        scope = self._claims.for_agency(agency_id)
        with_mentee = await self._held(scope, [(pair, _mentee_claim(program_id, pair)) for pair in wanted])
        with_slot = await self._slots(scope, program_id, with_mentee)
        let_go = [pair for pair in with_mentee if pair not in with_slot]
        if let_go:
            mentee_claims = [_mentee_claim(program_id, pair)["_id"] for pair in let_go]
            await scope.delete_many({"_id": {"$in": mentee_claims}, "pair_id": {"$in": [p.pair_id for p in let_go]}})
        return [pair for pair in wanted if pair in with_slot]

    async def pair_of_mentee(self, agency_id: str, program_id: str, mentee_id: str, round: int) -> str | None:
        """The pair whose claim holds the mentee in their round, if one does: to say why a claim was refused."""
        claim = {"_id": _mentee_key(program_id, mentee_id, round)}
        holder = await self._claims.for_agency(agency_id).find_one(claim, projection=["pair_id"])
        return None if holder is None else holder["pair_id"]

    async def _held(self, scope: AgencyScope, claims: list[tuple[WantedPair, dict[str, Any]]]) -> list[WantedPair]:
        """Insert every claim at once; of those already taken, keep the ones taken for the same pair (a resumed run)."""
        taken = await scope.insert_many_once([claim for _, claim in claims])
        holders = {}
        if taken:
            holders = {doc["_id"]: doc["pair_id"] async for doc in scope.find({"_id": {"$in": sorted(taken)}})}
        return [
            pair for pair, claim in claims if claim["_id"] not in taken or holders.get(claim["_id"]) == pair.pair_id
        ]

    async def _slots(self, scope: AgencyScope, program_id: str, pairs: list[WantedPair]) -> set[WantedPair]:
        mentors = sorted({pair.mentor_id for pair in pairs})
        held: dict[str, dict[int, str]] = defaultdict(dict)
        async for doc in scope.find({"program_id": program_id, "mentor_id": {"$in": mentors}}):
            held[doc["mentor_id"]][int(doc["_id"].rsplit(":", 1)[1])] = doc["pair_id"]
        ours: set[WantedPair] = set()
        planned: list[tuple[WantedPair, dict[str, Any]]] = []
        for pair in pairs:
            slots = held[pair.mentor_id]
            if pair.pair_id in slots.values():
                ours.add(pair)  # claimed before a restart
                continue
            free = next((slot for slot in pair.slots if slot not in slots), None)
            if free is not None:
                slots[free] = pair.pair_id
                planned.append((pair, _slot_claim(program_id, pair, free)))
        won = await self._held(scope, planned)
        ours.update(won)
        for pair, _ in planned:
            if pair not in won and await self._one_slot(scope, program_id, pair):
                ours.add(pair)  # another run took the planned slot in between: try the others one by one
        return ours

    async def _one_slot(self, scope: AgencyScope, program_id: str, pair: WantedPair) -> bool:
        for slot in pair.slots:
            claim = _slot_claim(program_id, pair, slot)
            if await scope.insert_once(claim):
                return True
            holder = await scope.find_one({"_id": claim["_id"]}, projection=["pair_id"])
            if holder is not None and holder["pair_id"] == pair.pair_id:
                return True
        return False
