"""Driving requests at a fixed concurrency and summarising their latencies, for the platform and its baselines."""

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from rich.progress import Progress

T = TypeVar("T")


@dataclass
class Outcome:
    """What a load produced: each request's latency in submission order, its status, and the wall time."""

    latencies: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def errors(self, expected: int) -> int:
        return sum(1 for status in self.statuses if status != expected)


def percentile(values: Sequence[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def drive(
    items: Sequence[T], send: Callable[[T], Awaitable[int]], concurrency: int, label: str, progress: Progress
) -> Outcome:
    """Send every item with `concurrency` requests in flight; `send` returns the status it got."""
    latencies: list[float] = [0.0] * len(items)
    statuses: list[int] = [0] * len(items)
    task = progress.add_task(label, total=len(items))
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(len(items)):
        queue.put_nowait(index)

    async def worker() -> None:
        while not queue.empty():
            index = queue.get_nowait()
            started = time.perf_counter()
            statuses[index] = await send(items[index])
            latencies[index] = time.perf_counter() - started
            progress.advance(task)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Outcome(latencies, statuses, time.perf_counter() - started)


async def until(probe: Callable[[], Awaitable[bool]], timeout: float, what: str) -> float:
    """Seconds until `probe` holds, polled every 0.2 s; fails naming `what` after `timeout`."""
    started = time.perf_counter()
    while not await probe():
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")
        await asyncio.sleep(0.2)
    return time.perf_counter() - started


async def timed(calls: int, call: Callable[[int], Awaitable[object]]) -> tuple[float, float]:
    """`call(i)` made `calls` times one after another: its p50 and its slowest, in milliseconds."""
    times = []
    for i in range(calls):
        started = time.perf_counter()
        await call(i)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)
