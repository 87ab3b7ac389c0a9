"""Idempotency-Keys: a POST sent again with the same key is answered from the first, and forwarded only once.

The invariant: for one caller (the token's agency and sub) and one key, at most one request is being forwarded at
a time, and once one gets a final answer, every later one gets that answer again (`Idempotent-Replayed: true`)
without reaching the service, for at least 24 hours after the key's first use.

It rests on unique-key inserts alone, as everything in the platform does (no transactions, and conditional updates
are unsafe on FerretDB): each attempt at a key inserts a claim `<digest of agency, sub and key>:<generation>`, so
of requests racing for one generation exactly one inserts it and is forwarded. The others read that claim:

- made with another payload (request_digest differs: another body, query, uploaded file or media type asked by
  Accept): 422 naming the key;
- with its response stored: that response, replayed;
- still in flight: 409 with Retry-After, at once. Waiting for the first instead would hold a connection and a
  slot of the in-flight limit for as long as the first takes, just when the service is slow;
- released, or abandoned: on to the next generation, which one of them claims and forwards.

Only final answers are stored: 2xx and 4xx, except 408 and 429, which ask for a retry. A 5xx, including the
gateway's own 503 and 504, releases the claim so that a retry is forwarded. After a 504 the service may have acted
all the same: the forward carries the key's digest, from which the service derives the ids of what it creates
(`Caller.new_id`), so the retry finds the first attempt's write instead of repeating it.

A claim whose request neither stored a response nor released it (the gateway died in between, or the store was
away when it tried) is abandoned once it is older than the upstream timeout plus CLAIM_MARGIN, and a retry takes
it over: every forward of a live gateway ends within the upstream timeout (forwarding.py), so no live request
holds a claim that long.

Keys are purged 24 hours after their first use by an occasional sweep in the background, never on a request's path.
"""

import asyncio
import contextlib
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Response
from litestar.exceptions import HTTPException, ServiceUnavailableException, ValidationException
from litestar.status_codes import HTTP_409_CONFLICT
from litestar.utils import get_enum_string_value
from pydantic import BaseModel

from gateway.payloads import Payload
from gateway.stores import Claim, IdempotencyKeys, StoredResponse
from gateway.tokens import Principal
from mentoring_runtime.store import UNAVAILABLE
from mentoring_runtime.web import invalid

log = logging.getLogger(__name__)

IDEMPOTENCY_KEY = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
KEPT_FOR = timedelta(hours=24)
SWEEP_EVERY_SECONDS = 15 * 60
CLAIM_MARGIN = timedelta(seconds=30)
IN_PROGRESS_RETRY_AFTER_SECONDS = 1
_ASK_FOR_A_RETRY = frozenset({408, 429})

Forward = Callable[[], Awaitable[Response[Any]]]


def key_digest(principal: Principal, key: str) -> str:
    """The caller's key as stored: another caller's same key is another key, and any characters fit an id."""
    return _sha256([principal.agency, principal.sub, key])


def request_digest(payload: Payload) -> str:
    """The sha256 of what the request asks, the same however it was spelled: the canonical JSON of its validated
    body, with its validated query and its upload's sha256 when it has them. A JSON body alone hashes as its
    canonical JSON, so that keys stored before queries and uploads were forwarded still match their requests; the
    media type chosen by Accept counts only where a row negotiates one."""
    body = _json(payload.body)
    if payload.query is None and payload.upload is None and payload.accept is None:
        return _sha256(body)
    upload = hashlib.sha256(payload.upload.content).hexdigest() if payload.upload is not None else None
    asked = {"body": body, "query": _json(payload.query), "upload": upload}
    if payload.accept is not None:  # the same request asked as CSV is another request than asked as JSON
        asked["accept"] = payload.accept
    return _sha256(asked)


def _json(model: BaseModel | None) -> Any:
    return model.model_dump(mode="json") if model is not None else None


def _sha256(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class Idempotency:
    def __init__(self, keys: IdempotencyKeys, upstream_timeout_seconds: float) -> None:
        self._keys = keys
        self._abandoned_after = timedelta(seconds=upstream_timeout_seconds) + CLAIM_MARGIN
        self._sweeper: asyncio.Task[None] | None = None

    async def once(self, principal: Principal, key: str, payload: Payload, forward: Forward) -> Response[Any]:
        """`forward()`'s response, or the stored response of the first request with this key."""
        if not 1 <= len(key) <= MAX_KEY_LENGTH:
            raise _invalid_key(f"must be 1-{MAX_KEY_LENGTH} characters, not {len(key)}; send a new UUID, say")
        agency, digest, body_sha256 = principal.agency, key_digest(principal, key), request_digest(payload)
        generation, since = 0, None
        while True:
            now = datetime.now(UTC)
            claim = Claim(digest, generation, body_sha256, since or now, now)
            with _store_needed():
                claimed = await self._keys.claim(agency, claim)
                found = None if claimed else await self._keys.find(agency, digest, generation)
            if claimed:
                return await self._forward(agency, claim, forward)
            if found is None:
                continue  # purged between the two calls: claim this generation afresh
            if found.body_sha256 != body_sha256:
                raise _invalid_key("this key was used with another body or query; send a new key for a new request")
            if found.response is not None:
                return _replayed(found.response)
            if not found.released and now - found.claimed_at < self._abandoned_after:
                raise HTTPException(
                    status_code=HTTP_409_CONFLICT,
                    detail=(
                        f"a request with this {IDEMPOTENCY_KEY} is still in progress; retry after "
                        f"{IN_PROGRESS_RETRY_AFTER_SECONDS}s with the same key to get its answer"
                    ),
                    headers={"Retry-After": str(IN_PROGRESS_RETRY_AFTER_SECONDS)},
                )
            generation, since = generation + 1, found.since

    async def _forward(self, agency: str, claim: Claim, forward: Forward) -> Response[Any]:
        try:
            response = await forward()
        except Exception:
            await self._quietly(self._keys.release(agency, claim), "release", claim)
            raise
        if 200 <= response.status_code < 500 and response.status_code not in _ASK_FOR_A_RETRY:
            media_type = get_enum_string_value(response.media_type)
            stored = StoredResponse(response.status_code, media_type, response.content)
            await self._quietly(self._keys.complete(agency, claim, stored), "store the response of", claim)
        else:
            await self._quietly(self._keys.release(agency, claim), "release", claim)
        return response

    async def _quietly(self, write: Awaitable[None], what: str, claim: Claim) -> None:
        """The caller gets its answer even when the store is away; the claim is then abandoned, and taken over."""
        try:
            await write
        except UNAVAILABLE as exc:
            log.warning(
                "could not %s the claim %s (%r); a retry takes it over after %ss",
                what,
                claim.id,
                exc,
                self._abandoned_after.total_seconds(),
            )

    async def sweep(self) -> None:
        """Purge the keys first used more than KEPT_FOR ago."""
        await self._keys.purge(datetime.now(UTC) - KEPT_FOR)

    async def start_sweeping(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep_every(SWEEP_EVERY_SECONDS), name="idempotency-key-sweep")

    async def stop_sweeping(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper

    async def _sweep_every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await self.sweep()
            except Exception as exc:  # whatever failed, the next sweep tries again; old keys only wait longer
                log.warning("could not purge old Idempotency-Keys (%r); trying again in %gs", exc, seconds)


def _invalid_key(message: str) -> ValidationException:
    return invalid([(IDEMPOTENCY_KEY, message)])


def _replayed(response: StoredResponse) -> Response[Any]:
    return Response(
        response.body, status_code=response.status, media_type=response.content_type, headers={REPLAYED: "true"}
    )


@contextlib.contextmanager
def _store_needed() -> Iterator[None]:
    try:
        yield
    except UNAVAILABLE as exc:
        log.warning("the store that keeps Idempotency-Keys is unavailable: %r", exc)
        raise ServiceUnavailableException(
            f"the gateway cannot reach the store that keeps {IDEMPOTENCY_KEY}s; retry shortly with the same key",
            headers={"Retry-After": "5"},
        ) from exc
