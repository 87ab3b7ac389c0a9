"""Whether what a process holds in memory may be stale because some instance wrote since it read.

Each writer of a kind of an agency's data sets that data's mark to a new random token after its write; a reader
reads the mark before it reads the data, keeps the two together, and reads the data again once the mark differs.
Marking after writing and reading the mark before the data means a reader never keeps data older than its mark, so
every instance of a service sees every instance's writes, at the cost of reading one small document. A token, not
a counter: a counter needs an atomic increment, which not every MongoDB-compatible store guarantees.
"""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast
from uuid import uuid4

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

COLLECTION = "change_marks"
T = TypeVar("T")


class ChangeMarks:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._marks = database[COLLECTION]

    async def changed(self, agency_id: str, what: str) -> None:
        """Say that the agency's `what` changed: call it after the write is done."""
        mark, token = {"_id": f"{what}:{agency_id}"}, {"$set": {"token": uuid4().hex}}
        try:
            await self._marks.update_one(mark, token, upsert=True)
        except DuplicateKeyError:  # two first marks at once: both upserts insert, one loses; the mark exists now
            await self._marks.update_one(mark, token)

    async def current(self, agency_id: str, what: str) -> str | None:
        mark = await self._marks.find_one({"_id": f"{what}:{agency_id}"})
        return None if mark is None else mark["token"]


class Held:
    """Answers read from the store, each held with the mark it was read under and read again once the mark moves."""

    def __init__(self, marks: ChangeMarks, what: str) -> None:
        self.marks = marks
        self.what = what
        self._held: dict[tuple[str, ...], tuple[str | None, Any]] = {}

    async def get(self, agency_id: str, key: tuple[str, ...], read: Callable[[], Awaitable[T]]) -> T:
        mark = await self.marks.current(agency_id, self.what)
        held = self._held.get((agency_id, *key))
        if held is not None and held[0] == mark:
            return cast(T, held[1])
        answer = await read()
        self._held[(agency_id, *key)] = (mark, answer)
        return answer

    async def changed(self, agency_id: str) -> None:
        await self.marks.changed(agency_id, self.what)
