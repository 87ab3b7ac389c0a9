"""What a request asks of its service, read and checked in full before anything is remembered or forwarded.

A `Payload` is whichever of a validated query, a validated JSON body and an upload's bytes the route's row has,
and, for a row with exports, the media type chosen by the request's Accept (mentoring_runtime.negotiation: 406
before anything is forwarded when the row offers none the client accepts).
The Idempotency-Key compares requests by it (idempotency.py) and the forward sends exactly it (forwarding.py),
so a service never gets what the gateway did not check.

An upload is refused, 422 naming `body`, unless it comes as the row's media type and within MAX_UPLOAD_BYTES. The
handler's body limit is MAX_UPLOAD_BYTES (mentoring_runtime.routing), so Litestar refuses a Content-Length over it
before reading anything and stops reading a stream once past it: no unbounded body is ever buffered. Its 413 is
answered here as the 422 the document states, saying what to do.
"""

from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from pydantic import BaseModel

from mentoring_contracts.routes import Route
from mentoring_runtime.negotiation import choose_media_type
from mentoring_runtime.query_parameters import read_query
from mentoring_runtime.routing import MAX_UPLOAD_BYTES
from mentoring_runtime.web import invalid

_FIELD = "body"
UPLOAD_LIMIT = f"{MAX_UPLOAD_BYTES // 2**20} MB"


@dataclass(frozen=True)
class Upload:
    media_type: str
    content: bytes


@dataclass(frozen=True)
class Payload:
    query: BaseModel | None = None
    body: BaseModel | None = None
    upload: Upload | None = None
    accept: str | None = None  # the one media type asked of a row with exports


async def read_payload(route: Route, request: Request[Any, Any, Any], body: BaseModel | None) -> Payload:
    """The request's payload as `route` takes it, `body` being its JSON body as Litestar validated it."""
    accept = choose_media_type(route, request.headers.get("accept")) if route.exports else None
    query = read_query(route.query, request.scope["query_string"]) if route.query is not None else None
    upload = await read_upload(request, route.upload) if route.upload is not None else None
    return Payload(query, body, upload, accept)


async def read_upload(request: Request[Any, Any, Any], media_type: str) -> Upload:
    """The request's raw body, sent as `media_type` (with any parameters, such as a charset) and within the limit."""
    sent, _ = request.content_type
    if sent != media_type:
        raise invalid([(_FIELD, f"send the file with Content-Type: {media_type}, not {sent or 'none'}")])
    try:
        return Upload(media_type, await request.body())
    except RequestEntityTooLarge as exc:
        raise invalid([(_FIELD, f"the file is over {UPLOAD_LIMIT}; split it")]) from exc
