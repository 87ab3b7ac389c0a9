import base64
import json
import stat
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet, OctKey, RSAKey

from gateway.keys import KeyCache, dev_key_set, dev_private_key
from gateway.settings import GatewaySettings
from gateway.tokens import InvalidToken, Principal, TokenVerifier, UnknownKey, issue_dev_token, verify_token

pytestmark = pytest.mark.unit

ISSUER, AUDIENCE = "mentoring-dev", "mentoring-api"


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "exp": now + 300, "sub": "u1", "agency": "a1", "roles": ["coordinator"]}
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def _signing_key() -> ECKey:
    return ECKey.generate_key("P-256", parameters={"alg": "ES256"}, auto_kid=True)


def _public(key: ECKey | RSAKey) -> KeySet:
    return KeySet([type(key).import_key(key.as_dict(private=False))])


def _sign(key: ECKey | RSAKey, alg: str = "ES256", **overrides: Any) -> str:
    return jwt.encode({"alg": alg, "kid": key.kid}, _claims(**overrides), key, algorithms=[alg])


def _verify(token: str, keys: KeySet) -> Principal:
    return verify_token(token, keys, issuer=ISSUER, audience=AUDIENCE)


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_valid_token_gives_the_principal() -> None:
    key = _signing_key()
    assert _verify(_sign(key), _public(key)) == Principal(sub="u1", agency="a1", roles=("coordinator",))


def test_an_rs256_token_is_accepted_too() -> None:
    key = RSAKey.generate_key(2048, parameters={"alg": "RS256"}, auto_kid=True)
    assert _verify(_sign(key, "RS256"), _public(key)).sub == "u1"


class FromNow(int):
    """A time claim as seconds from when the test signs it: parameters are made when the tests are collected, which
    may be minutes before this one runs."""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"exp": FromNow(-120)}, "expired"),
        ({"aud": "another-api"}, "another audience"),
        ({"iss": "someone-else"}, "another issuer"),
        ({"nbf": FromNow(600)}, "not valid yet"),
        ({"exp": None}, "lacks the claim(s) exp"),
        ({"agency": None}, "lacks the claim(s) agency"),
        ({"sub": None, "roles": None}, "lacks the claim(s) roles, sub"),
        ({"roles": "coordinator"}, "'roles' must be a list"),
        ({"agency": ["a1", "a2"]}, "'agency'"),
        ({"sub": "u1\r\nX-Agency-Id: a2"}, "'sub' must be"),
    ],
)
def test_a_token_with_bad_claims_is_rejected_naming_the_problem(overrides: dict[str, Any], message: str) -> None:
    key = _signing_key()
    claims = {
        name: int(time.time()) + value if isinstance(value, FromNow) else value for name, value in overrides.items()
    }
    with pytest.raises(InvalidToken, match=message.replace("(", r"\(").replace(")", r"\)")):
        _verify(_sign(key, **claims), _public(key))


def test_a_token_expired_within_the_leeway_still_passes_clock_skew() -> None:
    key = _signing_key()
    assert _verify(_sign(key, exp=int(time.time()) - 5), _public(key)).agency == "a1"


def test_a_signature_from_another_key_is_rejected() -> None:
    trusted, other = _signing_key(), _signing_key()
    forged = jwt.encode({"alg": "ES256", "kid": trusted.kid}, _claims(), other)
    with pytest.raises(InvalidToken, match="signature does not verify"):
        _verify(forged, _public(trusted))


def test_an_unknown_key_id_is_its_own_failure_so_keys_can_be_reloaded() -> None:
    with pytest.raises(UnknownKey):
        _verify(_sign(_signing_key()), _public(_signing_key()))


def test_alg_none_is_rejected() -> None:
    key = _signing_key()
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims())}."
    with pytest.raises(InvalidToken, match="'none' is not allowed"):
        _verify(unsigned, _public(key))


def test_hs256_is_rejected_even_when_keyed_with_the_public_key() -> None:
    key = _signing_key()
    secret = OctKey.import_key(json.dumps(key.as_dict(private=False)).encode())
    token = jwt.encode({"alg": "HS256", "kid": key.kid}, _claims(), secret, algorithms=["HS256"])
    with pytest.raises(InvalidToken, match="'HS256' is not allowed"):
        _verify(token, _public(key))


@pytest.mark.parametrize("garbage", ["", "not-a-token", "a.b.c", f"{_b64({'alg': 'ES256'})}.e30.AAAA"])
def test_garbage_is_rejected_as_malformed(garbage: str) -> None:
    key = _signing_key()
    with pytest.raises(InvalidToken):
        _verify(garbage, _public(key))


def test_the_dev_key_pair_is_made_once_private_to_its_owner_and_reused(tmp_path: Path) -> None:
    keys_dir = tmp_path / "dev-keys"
    first = dev_private_key(keys_dir)
    assert stat.S_IMODE((keys_dir / "private.jwk.json").stat().st_mode) == 0o600
    assert dev_private_key(keys_dir).kid == first.kid
    published = KeySet.import_key_set(json.loads((keys_dir / "jwks.json").read_text()))
    assert [key.kid for key in published] == [first.kid]
    assert not any(key.is_private for key in published)


def test_a_dev_token_verifies_against_the_dev_key_set(tmp_path: Path) -> None:
    settings = GatewaySettings(dev_keys_dir=tmp_path, jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
    token = issue_dev_token("u9", "a9", ["mentor", "mentee"], timedelta(minutes=1), settings)
    assert _verify(token, dev_key_set(tmp_path)) == Principal(sub="u9", agency="a9", roles=("mentor", "mentee"))


async def test_the_verifier_reloads_the_key_set_once_for_an_unknown_key() -> None:
    old, new = _signing_key(), _signing_key()
    key_sets = [_public(old), _public(new)]
    loads: list[int] = []

    async def load() -> KeySet:
        loads.append(1)
        return key_sets[len(loads) - 1]

    verifier = TokenVerifier(KeyCache(load, min_reload_seconds=0), issuer=ISSUER, audience=AUDIENCE)
    assert (await verifier.verify(_sign(old))).sub == "u1"
    assert (await verifier.verify(_sign(new))).sub == "u1"
    assert len(loads) == 2


async def test_reloads_are_spaced_so_made_up_key_ids_cannot_hammer_the_issuer() -> None:
    loads: list[int] = []
    key = _signing_key()

    async def load() -> KeySet:
        loads.append(1)
        return _public(key)

    verifier = TokenVerifier(KeyCache(load, min_reload_seconds=60), issuer=ISSUER, audience=AUDIENCE)
    for _ in range(3):
        with pytest.raises(UnknownKey):
            await verifier.verify(_sign(_signing_key()))
    assert len(loads) == 1


def test_a_token_altered_in_the_unused_bits_of_its_last_character_is_refused() -> None:
    key = _signing_key()
    token = _sign(key)
    # The signature's last base64url character carries unused bits: another character there decodes to the same
    # bytes, so a lenient verifier would accept the altered token as the one issued.
    last = token[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = next(c for c in alphabet if c != last and alphabet.index(c) >> 4 == alphabet.index(last) >> 4)
    with pytest.raises(InvalidToken, match="not canonical base64url"):
        _verify(token[:-1] + twin, _public(key))
