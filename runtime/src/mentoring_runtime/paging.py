"""One page of a list held in memory, the cursor being the key of the last item of the page before.

Every paged list of the public API answers the same way: an unknown cursor is 422 naming it, and the last page
has no next cursor. A key, not a position, so a page stays where it was when items are added before it.
"""

from collections.abc import Callable, Sequence
from typing import TypeVar

from mentoring_contracts.api import PageQuery
from mentoring_runtime.errors import Invalid

T = TypeVar("T")


def page(items: Sequence[T], query: PageQuery, key: Callable[[T], str]) -> tuple[list[T], str | None]:
    """One page of `items` after the cursor (the key of the last item of the page before), and the next cursor."""
    start = 0
    if query.cursor is not None:
        keys = [key(item) for item in items]
        if query.cursor not in keys:
            raise Invalid("this cursor is not from this list; start again without one", field="cursor")
        start = keys.index(query.cursor) + 1
    chosen = list(items[start : start + query.limit])
    more = start + query.limit < len(items)
    return chosen, key(chosen[-1]) if more and chosen else None


def page_kept(keys: Sequence[str], query: PageQuery, keep: Callable[[str], T | None]) -> tuple[list[T], str | None]:
    """One page of the items `keep` makes of `keys`, in their order, after the cursor (a key): `keep` answers None
    for a key whose item the list leaves out (a filter). Only as many keys are looked at as the page needs, so a
    page of a long list costs what the page holds."""
    start = 0
    if query.cursor is not None:
        try:
            start = keys.index(query.cursor) + 1
        except ValueError:
            raise Invalid("this cursor is not from this list; start again without one", field="cursor") from None
    chosen: list[T] = []
    last = None
    for position in range(start, len(keys)):
        item = keep(keys[position])
        if item is None:
            continue
        if len(chosen) == query.limit:
            return chosen, last
        chosen.append(item)
        last = keys[position]
    return chosen, None
