"""How errors look to API clients, for the OpenAPI document (the runtime's exception handlers produce them).

Every error status a route can answer is documented with the body it really has: `Problem`, or `InvalidBody` for
422. Litestar would otherwise document its own 400 body (status_code, detail, extra), which nothing here sends.
422 is documented on exactly the routes that validate something: a body, an upload, a query or an Idempotency-Key;
406 on exactly the routes with exports, which answer the media type Accept asks for.
"""

from litestar.openapi import ResponseSpec
from pydantic import BaseModel

from gateway.idempotency import IDEMPOTENCY_KEY
from mentoring_contracts.routes import Route
from mentoring_runtime.negotiation import offered


class Problem(BaseModel):
    detail: str
    trace_id: str | None = None


class FieldError(BaseModel):
    field: str
    message: str


class InvalidBody(Problem):
    errors: list[FieldError]


def _problem(description: str) -> ResponseSpec:
    return ResponseSpec(Problem, description=description, generate_examples=False)


ERRORS = {
    400: _problem("The request could not be read, such as a body that is not JSON; the detail says where"),
    401: _problem("No valid bearer token; the detail says what is wrong with it"),
    403: _problem("The caller's role or relation to the resource does not allow this"),
    404: _problem("No such resource in the caller's agency"),
    503: _problem("The service behind this route cannot be reached or is busy; retry after the seconds in Retry-After"),
    504: _problem("The service behind this route did not answer in time; retry"),
}
_UNKNOWN_SECRET = _problem("No such resource: the URL was never issued, was replaced or was revoked")
# Every POST takes an Idempotency-Key: its conflicts and timeouts say what that means for a retry.
POST_ERRORS = {
    **ERRORS,
    409: _problem(
        "A request with the same Idempotency-Key is still in progress (retry after the seconds in Retry-After), "
        "or another write to the same resource came first (the person is already enrolled, say); see the detail"
    ),
    504: _problem(
        "The service behind this route did not answer in time, so the outcome is unknown; "
        "retry with the same Idempotency-Key"
    ),
}


# A PATCH changes a resource whose state may not allow the change.
PATCH_ERRORS = {
    **ERRORS,
    409: _problem(
        "The resource's state does not allow this change (a programme no longer a draft, say); see the detail"
    ),
}


def errors_for(route: Route) -> dict[int, ResponseSpec]:
    """The error responses `route` can give: every route's, a POST's, PUT's or PATCH's conflicts, a read's or a
    DELETE's when its row names one, a POST's timeouts, and its validation's, and a row's with exports when Accept
    asks for none of its media types; an anonymous route's, without those of tokens and roles."""
    errors = {"POST": POST_ERRORS, "PATCH": PATCH_ERRORS, "PUT": PATCH_ERRORS}.get(route.method, ERRORS)
    if route.anonymous:
        errors = {**{status: spec for status, spec in errors.items() if status not in (401, 403)}, 404: _UNKNOWN_SECRET}
    if route.conflict is not None and route.method in ("GET", "DELETE"):
        errors = {**errors, 409: _problem(route.conflict)}
    if route.exports:
        answered = ", ".join(offered(route))
        errors = {**errors, 406: _problem(f"Accept asks for none of the media types this route answers: {answered}")}
    invalid = _invalid(route)
    return errors if invalid is None else {**errors, 422: invalid}


def _invalid(route: Route) -> ResponseSpec | None:
    """422, saying what `route` validates; None when it validates nothing."""
    posted = route.method == "POST"
    checked = [
        name
        for name, checks in (
            ("body", route.body is not None or route.upload is not None),
            ("query parameter", route.query is not None),
            (IDEMPOTENCY_KEY, posted),
        )
        if checks
    ]
    if not checked:
        return None
    reused = f", or an {IDEMPOTENCY_KEY} used with another request" if posted else ""
    return ResponseSpec(
        InvalidBody,
        description=f"Invalid {' or '.join(checked)}, each error naming its field{reused}; nothing was changed",
        generate_examples=False,
    )
