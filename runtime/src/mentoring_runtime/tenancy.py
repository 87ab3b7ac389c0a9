"""Tenant data is read and written for one agency at a time, and the agency is part of every query.

A service's collections of tenant data are wrapped in `TenantData`; the only way to a document is `for_agency`,
which adds the agency to every filter, stamps it on every insert, and refuses a filter or document that names
another agency. So no route can forget the filter: another agency's programme, pair or run is as good as unknown.
Work that is not done for a caller (the outbox relay, resuming runs after a restart) says so by calling
`across_agencies`, which stands out in review.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.cursor import AsyncCursor

from mentoring_runtime.store import insert_many_once, insert_once

AGENCY = "agency_id"

Document = dict[str, Any]


class CrossAgencyAccess(Exception):
    """A query or document named an agency other than the one it was scoped to: a programming error."""


class TenantData:
    """A collection whose every document belongs to one agency, under the field `agency_id`."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._collection = collection

    @property
    def name(self) -> str:
        return self._collection.name

    def for_agency(self, agency_id: str) -> "AgencyScope":
        return AgencyScope(self._collection, agency_id)

    def across_agencies(self) -> AsyncCollection[Document]:
        """The raw collection, for work no caller asked for (relays, resumption, index creation)."""
        return self._collection


class AgencyScope:
    """One agency's documents of one collection: the subset of a collection's API the services use, scoped."""

    def __init__(self, collection: AsyncCollection[Document], agency_id: str) -> None:
        if not isinstance(agency_id, str) or not agency_id:
            raise CrossAgencyAccess("tenant data needs the caller's agency; none was given")
        self._collection = collection
        self.agency_id = agency_id

    def _scoped(self, filter: Mapping[str, Any]) -> Document:
        if filter.get(AGENCY, self.agency_id) != self.agency_id:
            raise CrossAgencyAccess(f"a query for agency {self.agency_id!r} named agency {filter[AGENCY]!r}")
        return {**filter, AGENCY: self.agency_id}

    async def find_one(self, filter: Mapping[str, Any], **options: Any) -> Document | None:
        return await self._collection.find_one(self._scoped(filter), **options)

    def find(self, filter: Mapping[str, Any], **options: Any) -> AsyncCursor[Document]:
        return self._collection.find(self._scoped(filter), **options)

    async def count(self, filter: Mapping[str, Any]) -> int:
        return await self._collection.count_documents(self._scoped(filter))

    async def aggregate(self, pipeline: Sequence[Mapping[str, Any]]) -> list[Document]:
        """The pipeline over this agency's documents only: its first stage is always the agency's `$match`."""
        stages = list(pipeline)
        if stages and "$match" in stages[0]:
            stages[0] = {"$match": self._scoped(stages[0]["$match"])}
        else:
            stages.insert(0, {"$match": self._scoped({})})
        cursor = await self._collection.aggregate(stages)
        return await cursor.to_list()

    async def insert_once(self, document: Mapping[str, Any]) -> bool:
        """Insert unless the unique key is taken; True when this call inserted it (see `store.insert_once`)."""
        return await insert_once(self._collection, self._scoped(document))

    async def insert_many_once(self, documents: Sequence[Mapping[str, Any]]) -> set[Any]:
        """Insert all in one round trip, each unless its unique key is taken; returns the `_id`s that were taken."""
        return await insert_many_once(self._collection, [self._scoped(document) for document in documents])

    async def delete_many(self, filter: Mapping[str, Any]) -> None:
        await self._collection.delete_many(self._scoped(filter))

    async def update_one(self, filter: Mapping[str, Any], update: Mapping[str, Any]) -> None:
        if AGENCY in update.get("$set", {}):
            raise CrossAgencyAccess("a document cannot move to another agency")
        await self._collection.update_one(self._scoped(filter), update)
