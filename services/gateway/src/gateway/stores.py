"""The gateway's one collection: claims on Idempotency-Keys, read and written for the caller's agency.

A claim is inserted once (a unique `_id`, never a conditional update, which FerretDB does not make safe) and from
then on has one writer, the request that inserted it: it stores the response or marks the claim released. Only
the background sweep deletes claims, by age, across agencies.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from mentoring_runtime.tenancy import TenantData

COLLECTION = "idempotency_keys"


@dataclass(frozen=True)
class StoredResponse:
    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Claim:
    """One attempt at a key: `generation` 0 first, the next one after a release or an abandoned attempt."""

    key: str  # the digest of (agency, sub, Idempotency-Key)
    generation: int
    body_sha256: str
    since: datetime  # when the key was first claimed: all its generations are kept, and purged, together
    claimed_at: datetime
    released: bool = False
    response: StoredResponse | None = None

    @property
    def id(self) -> str:
        return claim_id(self.key, self.generation)


def claim_id(key: str, generation: int) -> str:
    return f"{key}:{generation}"


class IdempotencyKeys:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._claims = TenantData(database[COLLECTION])

    async def claim(self, agency_id: str, claim: Claim) -> bool:
        """True when this call inserted the claim; False when that generation of the key is taken."""
        document = {
            "_id": claim.id,
            "body_sha256": claim.body_sha256,
            "since": claim.since,
            "claimed_at": claim.claimed_at,
        }
        return await self._claims.for_agency(agency_id).insert_once(document)

    async def find(self, agency_id: str, key: str, generation: int) -> Claim | None:
        document = await self._claims.for_agency(agency_id).find_one({"_id": claim_id(key, generation)})
        if document is None:
            return None
        response = document.get("response")
        return Claim(
            key,
            generation,
            document["body_sha256"],
            document["since"],
            document["claimed_at"],
            document.get("released", False),
            StoredResponse(response["status"], response["content_type"], response["body"]) if response else None,
        )

    async def complete(self, agency_id: str, claim: Claim, response: StoredResponse) -> None:
        stored = {"status": response.status, "content_type": response.content_type, "body": response.body}
        await self._claims.for_agency(agency_id).update_one({"_id": claim.id}, {"$set": {"response": stored}})

    async def release(self, agency_id: str, claim: Claim) -> None:
        await self._claims.for_agency(agency_id).update_one({"_id": claim.id}, {"$set": {"released": True}})

    async def purge(self, first_claimed_before: datetime) -> None:
        """Delete every key first claimed before the time: the sweep's work, for no caller, so across agencies."""
        await self._claims.across_agencies().delete_many({"since": {"$lt": first_claimed_before}})
