"""Runs' background work — solving and publishing — started by requests and taken up again after a restart.

Each job is idempotent (`solving.py`, `publishing.py`), so a job is simply run again: after a crash, on resume,
and whenever the store is away, with a growing pause, until it is done. A job that fails otherwise marks its run
failed with the reason, so a coordinator following the 202 learns what happened instead of waiting for ever.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from matching.stores import RunRef, RunStore
from mentoring_contracts.names import MatchRunStatus
from mentoring_runtime.store import UNAVAILABLE

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 10.0

Spawn = Callable[[Awaitable[None], str], None]
Job = Callable[[RunRef], Awaitable[None]]


class RunJobs:
    def __init__(self, *, runs: RunStore, solve: Job, publish: Job, spawn: Spawn) -> None:
        self.runs = runs
        self.jobs = {MatchRunStatus.REQUESTED: solve, MatchRunStatus.RUNNING: solve, MatchRunStatus.PUBLISHING: publish}
        self.spawn = spawn
        self._active: set[tuple[RunRef, Job]] = set()

    def start(self, run: RunRef, status: MatchRunStatus) -> None:
        job = self.jobs[status]
        if (run, job) not in self._active:  # resume may meet a job a request has just started
            self._active.add((run, job))
            self.spawn(self._until_done(run, job), f"match-run-{run.run_id}-{status}")

    async def resume(self) -> None:
        for run, status in await self.runs.unfinished():
            log.info("taking up match run %s again (%s)", run.run_id, status)
            self.start(run, status)

    async def _until_done(self, run: RunRef, job: Job) -> None:
        backoff = 0.5
        try:
            while True:
                try:
                    return await job(run)
                except UNAVAILABLE as exc:
                    log.warning("match run %s cannot reach the store (%s); retrying in %.1fs", run.run_id, exc, backoff)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
        except Exception as exc:
            log.exception("match run %s failed", run.run_id)
            await self.runs.set_status(run, MatchRunStatus.FAILED, failure=f"{type(exc).__name__}: {exc}")
        finally:
            self._active.discard((run, job))
