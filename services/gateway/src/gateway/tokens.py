"""Bearer tokens: verifying them into a Principal, and issuing development tokens."""

import base64
import binascii
import re
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
    UnsupportedAlgorithmError,
)
from joserfc.jwk import KeySet

from gateway.keys import KeyCache, dev_private_key
from gateway.settings import GatewaySettings

# Asymmetric only: with HS* anyone holding the verification key could mint tokens, and `none` is no signature.
ALGORITHMS = ("ES256", "RS256")
LEEWAY_SECONDS = 30
# Identifiers travel on in HTTP headers (roles comma-separated), so they are kept to characters that are safe there.
_IDENTIFIER = re.compile(r"[A-Za-z0-9_.@:|-]{1,128}")
_ROLE = re.compile(r"[a-z][a-z0-9_-]{0,63}")


@dataclass(frozen=True)
class Principal:
    sub: str
    agency: str
    roles: tuple[str, ...]


class InvalidToken(Exception):
    """The token is not acceptable; the message says why, for the caller."""


class UnknownKey(InvalidToken):
    """The token names a key the current key set lacks: the issuer may have rotated its keys."""


def verify_token(token: str, keys: KeySet, *, issuer: str, audience: str, leeway: int = LEEWAY_SECONDS) -> Principal:
    _require_canonical(token)
    try:
        claims = jwt.decode(token, keys, algorithms=ALGORITHMS).claims
    except UnsupportedAlgorithmError as exc:
        raise InvalidToken(f"the token's algorithm is not accepted ({exc.description}); use ES256 or RS256") from exc
    except InvalidKeyIdError as exc:
        raise UnknownKey(f"the token was signed with a key this gateway does not trust ({exc.description})") from exc
    except BadSignatureError as exc:
        raise InvalidToken("the token's signature does not verify") from exc
    except JoseError as exc:
        raise InvalidToken(f"the token is malformed ({exc.description})") from exc
    registry = jwt.JWTClaimsRegistry(
        leeway=leeway,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": audience},
        exp={"essential": True},
        sub={"essential": True},
        agency={"essential": True},
        roles={"essential": True, "allow_blank": True},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise InvalidToken("the token has expired; get a new one") from exc
    except MissingClaimError as exc:
        raise InvalidToken(f"the token lacks the claim(s) {exc.claim.replace(',', ', ')}") from exc
    except InvalidClaimError as exc:
        raise InvalidToken(_invalid_claim_message(exc.claim, issuer, audience, exc.description)) from exc
    return _principal(claims)


def _require_canonical(token: str) -> None:
    """Each part of the token in the one base64url spelling of its bytes. A lenient decoder ignores the unused bits
    of the last character, so without this check a token altered there would still verify as the same token."""
    parts = token.split(".")
    for part in parts:
        try:
            canonical = base64.urlsafe_b64encode(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        except (binascii.Error, ValueError):
            canonical = b""
        if canonical.rstrip(b"=").decode() != part:
            raise InvalidToken("the token is malformed (a part is not canonical base64url); send it as it was issued")


def _invalid_claim_message(claim: str, issuer: str, audience: str, description: str) -> str:
    if claim == "aud":
        return f"the token is for another audience; this API accepts audience {audience!r}"
    if claim == "iss":
        return f"the token is from another issuer; this API accepts issuer {issuer!r}"
    if claim == "nbf":
        return "the token is not valid yet (nbf is in the future)"
    return f"the token's claim {claim!r} is invalid: {description}"


def _principal(claims: dict[str, object]) -> Principal:
    sub, agency, roles = claims["sub"], claims["agency"], claims["roles"]
    for name, value in (("sub", sub), ("agency", agency)):
        if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
            raise InvalidToken(f"the token's claim {name!r} must be 1-128 letters, digits or _.@:|-")
    if not isinstance(roles, list) or not all(isinstance(role, str) and _ROLE.fullmatch(role) for role in roles):
        raise InvalidToken("the token's claim 'roles' must be a list of role names such as \"coordinator\"")
    return Principal(sub=str(sub), agency=str(agency), roles=tuple(roles))


class TokenVerifier:
    """Verifies against the cached key set, reloading it once when a token names an unknown key."""

    def __init__(self, keys: KeyCache, *, issuer: str, audience: str) -> None:
        self.keys = keys
        self.issuer = issuer
        self.audience = audience

    async def verify(self, token: str) -> Principal:
        try:
            return verify_token(token, await self.keys.current(), issuer=self.issuer, audience=self.audience)
        except UnknownKey:
            reloaded = await self.keys.reload()
            if reloaded is None:
                raise
            return verify_token(token, reloaded, issuer=self.issuer, audience=self.audience)


def issue_dev_token(
    sub: str, agency: str, roles: Sequence[str], ttl: timedelta, settings: GatewaySettings | None = None
) -> str:
    """A token signed with the local development key, for the gateway running with the same settings."""
    settings = settings or GatewaySettings()
    key = dev_private_key(settings.dev_keys_dir)
    now = int(time.time())
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": sub,
        "agency": agency,
        "roles": list(roles),
        "iat": now,
        "nbf": now,
        "exp": now + int(ttl.total_seconds()),
        "jti": str(uuid.uuid4()),
    }
    return jwt.encode({"alg": "ES256", "kid": key.kid}, claims, key, algorithms=ALGORITHMS)
