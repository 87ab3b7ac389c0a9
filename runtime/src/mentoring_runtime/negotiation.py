"""Content negotiation: the media type a row with `exports` answers a request in, chosen by its Accept header.

Such a row offers JSON first, then each of its exports (an analytics answer as CSV or SVG). The gateway chooses
before it forwards, and forwards its choice as the Accept header; the service chooses again with the same function
(an exact type chooses itself), so both answer alike and a refusal is answered once, the same at either.

The choice follows RFC 9110 (12.5.1). Each offered type takes the quality of the most specific range of the Accept
header that matches it (text/csv before text/* before */*): an explicit `text/csv;q=0` refuses CSV even under a
`*/*`. The offered type of the highest quality above 0 wins; on a tie, the one matched by the more specific range
(`Accept: text/csv, */*` asks for CSV), then the one offered first (JSON). No Accept, a blank one, or */* answers
JSON. Nothing acceptable answers 406, its detail naming every type offered.

Litestar's `Accept.best_match` is not enough on its own: it takes a range of q=0 as acceptable, and picks by the
ranges' order alone, so `application/json;q=0, */*` would answer JSON. Its parser (`MediaTypeHeader`) is used
here for the ranges, their quality and their matching.
"""

from litestar.datastructures.headers import MediaTypeHeader
from litestar.exceptions import HTTPException
from litestar.status_codes import HTTP_406_NOT_ACCEPTABLE

from mentoring_contracts.routes import Route


def offered(route: Route) -> tuple[str, ...]:
    """The media types `route` answers in: its own (JSON) first, then its exports."""
    return (route.media_type, *route.exports)


def choose_media_type(route: Route, accept: str | None) -> str:
    """The media type of `offered(route)` that `accept` prefers, or a 406 naming them all."""
    offers = offered(route)
    if accept is None or not accept.strip():
        return offers[0]
    ranges = [MediaTypeHeader(part.strip()) for part in accept.split(",") if part.strip()]
    chosen, chosen_rank = None, (0, -1)
    for offer in offers:
        matching = [accepted.priority for accepted in ranges if MediaTypeHeader(offer).match(accepted)]
        if not matching:
            continue
        # The most specific range that matches decides the quality: (specificity, quality), highest first.
        specificity, quality = max((specificity, quality) for quality, specificity in matching)
        if quality > 0 and (quality, specificity) > chosen_rank:
            chosen, chosen_rank = offer, (quality, specificity)
    if chosen is None:
        raise not_acceptable(route, accept)
    return chosen


def not_acceptable(route: Route, accept: str) -> HTTPException:
    """406, naming what was asked and every type offered, for the runtime's one error format."""
    offers = ", ".join(offered(route))
    return HTTPException(
        status_code=HTTP_406_NOT_ACCEPTABLE,
        detail=f"this route answers none of the media types in Accept: {accept}; it answers {offers}: ask for one",
    )
