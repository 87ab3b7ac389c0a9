"""Background work waits out an absent store and gives any other failure to its caller."""

import pytest
from pymongo.errors import AutoReconnect

from mentoring_runtime.store import while_store_away

pytestmark = pytest.mark.unit


async def test_an_attempt_is_made_again_while_the_store_is_away_and_its_answer_returned() -> None:
    attempts = []

    async def attempt() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise AutoReconnect("the store went away")
        return "done"

    assert await while_store_away(attempt, "a test") == "done"
    assert len(attempts) == 3


async def test_any_other_failure_is_the_callers_at_once() -> None:
    attempts = []

    async def attempt() -> None:
        attempts.append(1)
        raise ValueError("a bug, not an absent store")

    with pytest.raises(ValueError, match="a bug"):
        await while_store_away(attempt, "a test")
    assert len(attempts) == 1
