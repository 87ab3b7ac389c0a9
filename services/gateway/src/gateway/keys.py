"""The keys tokens are verified with: a JWKS from a URL or a file, or a local development key pair."""

import asyncio
import json
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from joserfc.jwk import ECKey, KeySet

PRIVATE_KEY_FILE = "private.jwk.json"
PUBLIC_KEYS_FILE = "jwks.json"


def dev_private_key(keys_dir: Path) -> ECKey:
    """The development signing key (ES256), generated on first use and reused afterwards."""
    private_path = keys_dir / PRIVATE_KEY_FILE
    if not private_path.exists():
        _generate_dev_keys(keys_dir)
    return ECKey.import_key(json.loads(private_path.read_text()))


def _generate_dev_keys(keys_dir: Path) -> None:
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = ECKey.generate_key("P-256", parameters={"alg": "ES256", "use": "sig"}, auto_kid=True)
    # Write to a private temporary file, then link it into place: the key is never readable by others, and when
    # the CLI and the gateway start at once the first link wins instead of one key silently replacing the other.
    temporary = keys_dir / f".{PRIVATE_KEY_FILE}.{os.getpid()}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(key.as_dict(private=True), file)
    try:
        os.link(temporary, keys_dir / PRIVATE_KEY_FILE)
    except FileExistsError:
        return
    finally:
        temporary.unlink()
    (keys_dir / PUBLIC_KEYS_FILE).write_text(json.dumps(KeySet([key]).as_dict(private=False), indent=2))


def dev_key_set(keys_dir: Path) -> KeySet:
    return KeySet([ECKey.import_key(dev_private_key(keys_dir).as_dict(private=False))])


def key_set_from_file(path: Path) -> KeySet:
    return KeySet.import_key_set(json.loads(path.read_text()))


async def fetch_key_set(client: httpx.AsyncClient, url: str) -> KeySet:
    response = await client.get(url)
    response.raise_for_status()
    return KeySet.import_key_set(response.json())


class KeysUnavailable(Exception):
    """The key set could not be loaded (issuer unreachable, file missing or not a JWKS)."""


class KeyCache:
    """Keeps the loaded key set; loads it again when a token names a key it lacks (the issuer rotated keys).

    Reloads are spaced by `min_reload_seconds` so that tokens with made-up key ids cannot hammer the issuer.
    """

    def __init__(self, load: Callable[[], Awaitable[KeySet]], min_reload_seconds: float = 30.0) -> None:
        self._load = load
        self._min_reload_seconds = min_reload_seconds
        self._keys: KeySet | None = None
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    async def current(self) -> KeySet:
        async with self._lock:
            if self._keys is None:
                await self._reload()
            assert self._keys is not None
            return self._keys

    async def reload(self) -> KeySet | None:
        """The freshly loaded key set, or None when the last load was too recent to try again."""
        async with self._lock:
            if time.monotonic() - self._loaded_at < self._min_reload_seconds:
                return None
            await self._reload()
            return self._keys

    async def _reload(self) -> None:
        self._loaded_at = time.monotonic()  # the attempt counts, so a failing issuer is not retried on every token
        try:
            self._keys = await self._load()
        except Exception as exc:  # whatever the source failed with, tokens cannot be verified until it answers
            raise KeysUnavailable(f"{type(exc).__name__}: {exc}") from exc
