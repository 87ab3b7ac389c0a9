import pytest

from tests.support.stack import Stack, real_stack


@pytest.fixture(scope="session")
def stack() -> Stack:
    with real_stack() as servers:
        yield servers
