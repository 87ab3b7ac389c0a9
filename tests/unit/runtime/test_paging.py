"""Pages of lists held in memory: after a cursor, kept by a filter, looking only as far as the page needs."""

import pytest

from mentoring_contracts.api import PageQuery
from mentoring_runtime.errors import Invalid
from mentoring_runtime.paging import page, page_kept

pytestmark = pytest.mark.unit

KEYS = [f"k{i}" for i in range(10)]


def test_a_filtered_list_pages_through_what_it_keeps_and_ends_without_a_cursor() -> None:
    def even(key: str) -> str | None:
        return key.upper() if int(key[1:]) % 2 == 0 else None

    first, cursor = page_kept(KEYS, PageQuery(limit=2), even)
    assert (first, cursor) == (["K0", "K2"], "k2")
    second, cursor = page_kept(KEYS, PageQuery(limit=2, cursor=cursor), even)
    assert (second, cursor) == (["K4", "K6"], "k6")
    last, cursor = page_kept(KEYS, PageQuery(limit=2, cursor=cursor), even)
    assert (last, cursor) == (["K8"], None)


def test_a_page_looks_at_no_more_keys_than_it_needs() -> None:
    looked: list[str] = []

    def keep(key: str) -> str:
        looked.append(key)
        return key

    assert page_kept(KEYS, PageQuery(limit=3), keep) == (["k0", "k1", "k2"], "k2")
    assert looked == ["k0", "k1", "k2", "k3"]  # the fourth says there is a next page


def test_a_cursor_from_another_list_is_refused_by_name() -> None:
    for paging in (lambda q: page_kept(KEYS, q, lambda k: k), lambda q: page(KEYS, q, key=str)):
        with pytest.raises(Invalid, match="this cursor is not from this list") as refused:
            paging(PageQuery(cursor="elsewhere"))
        assert refused.value.field == "cursor"
