"""Calendar feed tokens: at most one live feed per person, found by its token's digest alone, in any agency.

A feed's URL carries a token of 32 random bytes (256 bits: guessing one is hopeless) and is its only credential, so
the store keeps the token's SHA-256 digest, never the token: a copy of the collection opens no feed. The document
of a person is keyed by agency and person, so issuing a feed replaces that person's earlier one (delete, then a
unique insert; of two issues at once, the last one stands and the other's URL is dead at once) and revoking is one
delete. The URL's old token then no longer matches any digest.

Resolving a token is not done for a caller, who has no token to show: it reads across agencies by the digest,
which is unique and indexed, and the document says which agency and person the feed is. Every fetch reads the
store again, on whichever instance it lands: a feed issued or revoked on one instance is live or dead on all of
them at once, and a calendar application fetches a feed about hourly, so this is one small read per fetch.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from mentoring_runtime.errors import Conflict
from mentoring_runtime.tenancy import TenantData

TOKEN_BYTES = 32
_ATTEMPTS = 3


@dataclass(frozen=True)
class FeedOwner:
    agency_id: str
    person_id: str


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeeds:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._feeds = TenantData(database["calendar_feeds"])

    async def create_indexes(self) -> None:
        await self._feeds.across_agencies().create_index([("digest", ASCENDING)], unique=True)

    async def issue(self, agency_id: str, person_id: str, issued_at: datetime) -> str:
        """A new token for the person's feed, in place of any earlier one; the token itself is returned once and
        kept nowhere."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        feeds = self._feeds.for_agency(agency_id)
        document = {"_id": _key(agency_id, person_id), "person_id": person_id, "digest": digest(token)}
        for _ in range(_ATTEMPTS):
            await feeds.delete_many({"_id": document["_id"]})
            if await feeds.insert_once({**document, "issued_at": issued_at}):
                return token
        raise Conflict("your calendar feed was being issued by another request at the same time; issue it again")

    async def revoke(self, agency_id: str, person_id: str) -> None:
        """The person's feed, if any, answers no more."""
        await self._feeds.for_agency(agency_id).delete_many({"_id": _key(agency_id, person_id)})

    async def owner(self, token: str) -> FeedOwner | None:
        """Whose feed the token opens, read from the store on every call; None for a token revoked, replaced or
        never issued."""
        found = await self._feeds.across_agencies().find_one({"digest": digest(token)})
        return None if found is None else FeedOwner(found["agency_id"], found["person_id"])


def _key(agency_id: str, person_id: str) -> str:
    # Unique across agencies (two may both have a person-1) whatever characters the ids have.
    return json.dumps([agency_id, person_id])
