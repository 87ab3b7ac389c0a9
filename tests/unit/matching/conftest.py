"""Matching on in-memory ports, as its unit tests take it: one process, background work collected to run by hand."""

import pytest

from matching.bootstrap import Matching, wire
from tests.support.ports import MemoryPorts


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("matching")


@pytest.fixture
def matching(ports: MemoryPorts) -> Matching:
    return wire(ports.database, ports.log, ports.recorder, ports.spawn)  # type: ignore[arg-type]
