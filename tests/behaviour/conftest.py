from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.support.stores import IN_MEMORY_AND_REAL, database_of_kind


@pytest.fixture(params=IN_MEMORY_AND_REAL)
async def database(request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    """The same test, once on the in-memory stand-in and once on the real store."""
    async with database_of_kind(request.param, request) as database:
        yield database
