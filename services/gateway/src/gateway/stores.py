"""The gateway's one collection: claims on Idempotency-Keys and their outcomes, for the caller's agency.

Nothing here is updated, only inserted once under a unique `_id` (never a conditional update, which FerretDB does
not make safe): a claim, and later its outcome, the stored response or a release, inserted by the request that
made the claim and by nobody else. Inserting also keeps a request's cost flat as the collection grows with a
day's POSTs, where FerretDB scans the collection for every lookup or update: a first request with a key only
inserts, and only a repeat reads, its claim and outcome in one query. The background sweep deletes by age, across
agencies.
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
    """One attempt at a key (`generation` 0 first, the next after a release or an abandoned attempt), as read."""

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


def _outcome_id(claim: str) -> str:
    return f"{claim}:outcome"


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
        """The claim with its outcome, if any, in one query."""
        wanted = claim_id(key, generation)
        found = self._claims.for_agency(agency_id).find({"_id": {"$in": [wanted, _outcome_id(wanted)]}})
        documents = {document["_id"]: document async for document in found}
        if wanted not in documents:
            return None
        claim, outcome = documents[wanted], documents.get(_outcome_id(wanted), {})
        response = outcome.get("response")
        return Claim(
            key,
            generation,
            claim["body_sha256"],
            claim["since"],
            claim["claimed_at"],
            outcome.get("released", False),
            StoredResponse(response["status"], response["content_type"], response["body"]) if response else None,
        )

    async def complete(self, agency_id: str, claim: Claim, response: StoredResponse) -> None:
        stored = {"status": response.status, "content_type": response.content_type, "body": response.body}
        await self._outcome(agency_id, claim, {"response": stored})

    async def release(self, agency_id: str, claim: Claim) -> None:
        await self._outcome(agency_id, claim, {"released": True})

    async def _outcome(self, agency_id: str, claim: Claim, outcome: dict[str, Any]) -> None:
        document = {"_id": _outcome_id(claim.id), "since": claim.since, **outcome}
        await self._claims.for_agency(agency_id).insert_once(document)

    async def purge(self, first_claimed_before: datetime) -> None:
        """Delete every key first claimed before the time: the sweep's work, for no caller, so across agencies."""
        await self._claims.across_agencies().delete_many({"since": {"$lt": first_claimed_before}})
