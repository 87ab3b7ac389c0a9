"""An in-memory stand-in for the part of PyMongo's async API the services use, for unit-speed tests.

It keeps the guarantees the platform's correctness rests on, unique `_id` and unique compound indexes rejecting a
second insert atomically, and answers the queries the stores make (equality on fields and dotted paths, `$in`,
`$lt`, sort, limit, projection, `$set`, `$match` + `$group` with `$sum`) and a ping. `tests/behaviour` runs one
suite against it and against the real store, so a test that passes here means the same on FerretDB and MongoDB.
"""

import copy
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pymongo.errors import BulkWriteError, DuplicateKeyError

Document = dict[str, Any]


def _get(document: Mapping[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _matches(document: Mapping[str, Any], filter: Mapping[str, Any]) -> bool:
    for path, wanted in filter.items():
        value = _get(document, path)
        if isinstance(wanted, Mapping) and "$in" in wanted:
            if value not in wanted["$in"]:
                return False
        elif isinstance(wanted, Mapping) and "$lt" in wanted:
            if value is None or not value < wanted["$lt"]:
                return False
        elif isinstance(value, list) and not isinstance(wanted, list):
            if wanted not in value:
                return False
        elif value != wanted:
            return False
    return True


def _sort_spec(key: str | Sequence[tuple[str, int]], direction: int = 1) -> list[tuple[str, int]]:
    return [(key, direction)] if isinstance(key, str) else list(key)


def _project(document: Document, projection: Sequence[str] | None) -> Document:
    if projection is None:
        return copy.deepcopy(document)
    return {key: copy.deepcopy(document[key]) for key in ("_id", *projection) if key in document}


class MemoryCursor:
    def __init__(self, documents: list[Document]) -> None:
        self._documents = documents
        self._limit = 0

    def sort(self, key: str | Sequence[tuple[str, int]], direction: int = 1) -> "MemoryCursor":
        for path, order in reversed(_sort_spec(key, direction)):
            self._documents.sort(key=lambda doc, path=path: _sortable(_get(doc, path)), reverse=order < 0)
        return self

    def limit(self, count: int) -> "MemoryCursor":
        self._limit = count
        return self

    def _selected(self) -> list[Document]:
        return self._documents[: self._limit] if self._limit else self._documents

    async def to_list(self, length: int | None = None) -> list[Document]:
        return self._selected()[:length] if length else self._selected()

    def __aiter__(self) -> Iterator[Document]:
        return self._iterate()

    async def _iterate(self):  # type: ignore[no-untyped-def]
        for document in self._selected():
            yield document


def _sortable(value: Any) -> tuple[int, Any]:
    return (0, "") if value is None else (1, value)


class MemoryCollection:
    def __init__(self, name: str) -> None:
        self.name = name
        self._documents: dict[Any, Document] = {}
        self._unique: list[tuple[str, ...]] = []

    async def create_index(self, keys: str | Sequence[tuple[str, int]], unique: bool = False, **_: Any) -> str:
        fields = tuple(path for path, _ in _sort_spec(keys))
        if unique and fields not in self._unique:
            self._unique.append(fields)
        return "_".join(fields)

    def _check_unique(self, document: Document) -> None:
        if document["_id"] in self._documents:
            raise DuplicateKeyError(f"E11000 duplicate key _id {document['_id']!r}")
        for fields in self._unique:
            key = tuple(_get(document, path) for path in fields)
            if any(tuple(_get(other, path) for path in fields) == key for other in self._documents.values()):
                raise DuplicateKeyError(f"E11000 duplicate key {dict(zip(fields, key, strict=True))}")

    async def insert_one(self, document: Document) -> None:
        stored = copy.deepcopy(dict(document))
        stored.setdefault("_id", id(stored))
        self._check_unique(stored)
        self._documents[stored["_id"]] = stored

    async def insert_many(self, documents: Sequence[Document], ordered: bool = True) -> None:
        errors = []
        for index, document in enumerate(documents):
            try:
                await self.insert_one(document)
            except DuplicateKeyError as exc:
                errors.append({"index": index, "code": 11000, "errmsg": str(exc)})
                if ordered:
                    break
        if errors:
            raise BulkWriteError({"writeErrors": errors, "nInserted": len(documents) - len(errors)})

    def _matching(self, filter: Mapping[str, Any] | None) -> list[Document]:
        return [doc for doc in self._documents.values() if _matches(doc, filter or {})]

    def find(self, filter: Mapping[str, Any] | None = None, projection: Sequence[str] | None = None) -> MemoryCursor:
        return MemoryCursor([_project(doc, projection) for doc in self._matching(filter)])

    async def find_one(
        self,
        filter: Mapping[str, Any] | None = None,
        projection: Sequence[str] | None = None,
        sort: Sequence[tuple[str, int]] | None = None,
    ) -> Document | None:
        cursor = self.find(filter, projection)
        if sort:
            cursor.sort(sort)
        found = await cursor.limit(1).to_list()
        return found[0] if found else None

    async def count_documents(self, filter: Mapping[str, Any]) -> int:
        return len(self._matching(filter))

    async def update_one(self, filter: Mapping[str, Any], update: Mapping[str, Any], upsert: bool = False) -> None:
        for document in self._matching(filter)[:1]:
            document.update(copy.deepcopy(update["$set"]))
            return
        if upsert:  # only equality filters are upserted here, as the callers use it
            await self.insert_one({**copy.deepcopy(dict(filter)), **copy.deepcopy(update["$set"])})

    async def update_many(self, filter: Mapping[str, Any], update: Mapping[str, Any]) -> None:
        for document in self._matching(filter):
            document.update(copy.deepcopy(update["$set"]))

    async def delete_one(self, filter: Mapping[str, Any]) -> None:
        for document in self._matching(filter)[:1]:
            del self._documents[document["_id"]]

    async def delete_many(self, filter: Mapping[str, Any]) -> None:
        for document in self._matching(filter):
            del self._documents[document["_id"]]

    async def distinct(self, key: str) -> list[Any]:
        return list(dict.fromkeys(document[key] for document in self._documents.values() if key in document))

    async def aggregate(self, pipeline: Sequence[Mapping[str, Any]]) -> MemoryCursor:
        documents = list(self._documents.values())
        for stage in pipeline:
            if "$match" in stage:
                documents = [doc for doc in documents if _matches(doc, stage["$match"])]
            elif "$group" in stage:
                documents = _group(documents, stage["$group"])
            else:
                raise NotImplementedError(f"the in-memory store does not know the stage {stage}")
        return MemoryCursor(copy.deepcopy(documents))


def _group(documents: list[Document], spec: Mapping[str, Any]) -> list[Document]:
    """`$group` with an `_id` of field references and `$sum` accumulators of constants."""

    def key_of(document: Document) -> Any:
        group_id = spec["_id"]
        if isinstance(group_id, Mapping):
            return tuple((name, _get(document, ref.lstrip("$"))) for name, ref in group_id.items())
        return _get(document, group_id.lstrip("$"))

    groups: dict[Any, Document] = {}
    for document in documents:
        key = key_of(document)
        group = groups.setdefault(key, {"_id": dict(key) if isinstance(key, tuple) else key})
        for name, accumulator in spec.items():
            if name != "_id":
                group[name] = group.get(name, 0) + accumulator["$sum"]
    return list(groups.values())


class MemoryDatabase:
    def __init__(self, name: str = "memory") -> None:
        self.name = name
        self._collections: dict[str, MemoryCollection] = {}

    def __getitem__(self, name: str) -> MemoryCollection:
        return self._collections.setdefault(name, MemoryCollection(name))

    async def command(self, name: str) -> Document:
        if name != "ping":
            raise NotImplementedError(f"the in-memory store does not know the command {name!r}")
        return {"ok": 1.0}
