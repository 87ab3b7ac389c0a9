"""The runtime's ports on the in-memory store: what application services receive in unit tests."""

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from mentoring_runtime.event_log import EventLog
from mentoring_runtime.recording import EventRecorder
from tests.support.memory_store import MemoryDatabase


@dataclass
class MemoryPorts:
    """One service's store, log and recorder in memory, and background work collected rather than run."""

    producer: str = "test"
    database: MemoryDatabase = field(default_factory=MemoryDatabase)
    spawned: list[Awaitable[Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.log = EventLog(self.database)  # type: ignore[arg-type]
        self.recorder = EventRecorder(self.log, self.producer)

    @classmethod
    async def prepared(cls, producer: str) -> "MemoryPorts":
        """Ports whose log has its unique (stream, version) index, as a service's has once it is ready."""
        ports = cls(producer)
        await ports.log.create_indexes()
        return ports

    def spawn(self, work: Awaitable[Any], name: str) -> None:
        self.spawned.append(work)

    async def run_spawned(self, together: bool = False) -> None:
        """Run the collected background work: one after another, or all at once to let it interleave."""
        work, self.spawned = self.spawned, []
        if together:
            await asyncio.gather(*work)
        else:
            for each in work:
                await each
