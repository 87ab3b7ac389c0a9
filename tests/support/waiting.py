import time
from collections.abc import Callable
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
