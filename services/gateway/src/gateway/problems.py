"""How errors look to API clients, for the OpenAPI document (the runtime's exception handlers produce them).

Every error status a route can answer is documented with the body it really has: `Problem`, or `InvalidBody` for
422. Litestar would otherwise document its own 400 body (status_code, detail, extra), which nothing here sends.
"""

from litestar.openapi import ResponseSpec
from pydantic import BaseModel

from mentoring_contracts.routes import Route


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
# Every POST takes an Idempotency-Key: its conflicts and timeouts say what that means for a retry.
POST_ERRORS = {
    **ERRORS,
    409: _problem(
        "A request with the same Idempotency-Key is still in progress (retry after the seconds in Retry-After), "
        "or another write to the same resource came first (the person is already enrolled, say); see the detail"
    ),
    422: ResponseSpec(
        InvalidBody,
        description=(
            "The body or the Idempotency-Key is invalid, or the key was used with another body; nothing was changed"
        ),
        generate_examples=False,
    ),
    504: _problem(
        "The service behind this route did not answer in time, so the outcome is unknown; "
        "retry with the same Idempotency-Key"
    ),
}


def errors_for(route: Route) -> dict[int, ResponseSpec]:
    """The error responses `route` can give: every route's, and a POST's conflicts, validation and Idempotency-Key."""
    return POST_ERRORS if route.method == "POST" else ERRORS
