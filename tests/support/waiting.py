"""Waiting for eventually consistent reads: poll until a condition holds, or fail saying what was last seen."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(probe: Callable[[], T], until: Callable[[T], bool], timeout: float = 45, what: str = "") -> T:
    """Poll `probe` until `until` holds for its result: reads after writes are eventually consistent."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what or 'condition'} did not hold within {timeout}s; last value: {value!r}")
        time.sleep(0.25)


async def eventually_async(
    probe: Callable[[], Awaitable[T]], until: Callable[[T], bool], timeout: float = 45, what: str = ""
) -> T:
    """`eventually` for a coroutine probe, without blocking the event loop the services under test run on."""
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what or 'condition'} did not hold within {timeout}s; last value: {value!r}")
        await asyncio.sleep(0.25)
