"""Which media type a row with exports answers: the one Accept prefers among JSON and the exports, JSON when
Accept says nothing, 406 naming them all when Accept takes none of them."""

import pytest
from litestar.exceptions import HTTPException

from mentoring_contracts import routes
from mentoring_contracts.routes import CSV, JSON, SVG
from mentoring_runtime.negotiation import choose_media_type, offered

pytestmark = pytest.mark.unit

ANALYTICS = routes.GET_PROGRAM_ANALYTICS


def test_a_row_offers_json_first_then_its_exports() -> None:
    assert offered(ANALYTICS) == (JSON, CSV, SVG)


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("", JSON),
        ("  ", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("text/csv", CSV),
        ("image/svg+xml", SVG),
        ("text/*", CSV),
        ("image/*", SVG),
        ("text/csv; charset=utf-8", CSV),
        ("text/csv, */*", CSV),  # the more specific range wins a tie
        ("*/*, text/csv", CSV),
        ("text/csv;q=0.5, image/svg+xml", SVG),  # q-values rank
        ("text/csv;q=0.9, image/svg+xml;q=0.8, */*;q=0.1", CSV),
        ("application/json;q=0.2, text/csv;q=0.3", CSV),
        ("text/csv;q=0.5, application/json;q=0.5", JSON),  # a tie of equals: the row's order
        ("application/json;q=0, */*", CSV),  # q=0 refuses JSON, even under */*
        ("text/csv;q=0, text/*, image/svg+xml;q=0.5", SVG),  # the most specific range decides CSV's quality: 0
        ("text/html, text/csv;q=0.1", CSV),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),  # a browser's
    ],
)
def test_accept_chooses(accept: str | None, chosen: str) -> None:
    assert choose_media_type(ANALYTICS, accept) == chosen


@pytest.mark.parametrize(
    "accept", ["text/html", "application/xml, text/plain", "text/csv;q=0", "*/*;q=0", "text/csv;q=0, image/*;q=0"]
)
def test_accept_taking_none_of_them_is_406_naming_every_one(accept: str) -> None:
    with pytest.raises(HTTPException) as refused:
        choose_media_type(ANALYTICS, accept)
    assert refused.value.status_code == 406
    assert f"{JSON}, {CSV}, {SVG}" in refused.value.detail
    assert accept in refused.value.detail
