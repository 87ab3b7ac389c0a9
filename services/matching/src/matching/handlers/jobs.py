"""Runs' background work — solving and publishing — carried out by one matching instance at a time.

A request does not do the work: it sends a command (`SolveMatchRun`, `PublishMatchRun`) on `matching.commands`,
keyed by programme, through the outbox, and answers 202. The instance that owns the programme's partition carries
it out, and its offset is committed only then; if that instance dies mid-way, the one that takes the partition over
receives the command again. Each job is idempotent (`solving.py`, `publishing.py`), so a job is simply run again:
after a crash, and whenever the store is away, with a growing pause, until it is done. A job that fails otherwise
marks its run failed with the reason, so a coordinator following the 202 learns what happened instead of waiting
for ever. A command is sent at most once per run and step (its stream's first version), however often it is asked.
Without a command sender (unit tests) a job runs in this process instead.
"""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from matching.stores import RunRef, RunStore
from mentoring_contracts import Command, Envelope, PublishMatchRun, SolveMatchRun
from mentoring_contracts.names import MatchRunStatus
from mentoring_runtime.consumer import Handler
from mentoring_runtime.event_log import ConcurrencyConflict
from mentoring_runtime.recording import Cause, EventRecorder
from mentoring_runtime.store import while_store_away

log = logging.getLogger(__name__)

Spawn = Callable[[Awaitable[None], str], None]
Job = Callable[[RunRef], Awaitable[None]]
RunCommand = SolveMatchRun | PublishMatchRun
COMMANDS: dict[MatchRunStatus, type[RunCommand]] = {
    MatchRunStatus.REQUESTED: SolveMatchRun,
    MatchRunStatus.RUNNING: SolveMatchRun,
    MatchRunStatus.PUBLISHING: PublishMatchRun,
}


class CommandSender:
    """Sends a run's command through the log and its outbox, once per run and step."""

    def __init__(self, recorder: EventRecorder) -> None:
        self.recorder = recorder

    async def __call__(self, command: RunCommand, cause: Cause) -> None:
        stream = f"match-run-command:{command.run_id}:{command.event_type}"
        try:
            await self.recorder.record(stream, command, cause, expected_version=0)
        except ConcurrencyConflict:
            log.debug("%s was sent before", stream)


Send = Callable[[RunCommand, Cause], Awaitable[None]]


class RunJobs:
    def __init__(
        self, *, runs: RunStore, solve: Job, publish: Job, spawn: Spawn, send: Send | None = None,
        instance: str = "this process",
    ) -> None:  # fmt: skip
        self.runs = runs
        self.instance = instance
        self.jobs = {MatchRunStatus.REQUESTED: solve, MatchRunStatus.RUNNING: solve, MatchRunStatus.PUBLISHING: publish}
        self.spawn = spawn
        self.send = send
        self._active: set[tuple[RunRef, Job]] = set()

    async def start(self, run: RunRef, program_id: str, status: MatchRunStatus, cause: Cause) -> None:
        """Have the run's job for `status` carried out: by the instance that owns the programme, or here."""
        if self.send is not None:
            await self.send(COMMANDS[status](run_id=run.run_id, program_id=program_id), cause)
            return
        job = self.jobs[status]
        if (run, job) not in self._active:  # resume may meet a job a request has just started
            self._active.add((run, job))
            self.spawn(self._active_until_done(run, job), f"match-run-{run.run_id}-{status}")

    async def resume(self) -> None:
        """Start again the job of every unfinished run: a command sent before is not sent twice."""
        for run, program_id, status in await self.runs.unfinished():
            log.info("taking up match run %s again (%s)", run.run_id, status)
            await self.start(run, program_id, status, Cause(run.agency_id))

    def consumed(self) -> dict[type[Command], Handler]:
        """The commands this service carries out, each with its handler."""

        def carry_out(status: MatchRunStatus) -> Handler:
            async def handle(envelope: Envelope[Any]) -> None:
                await self.until_done(RunRef(envelope.agency_id, envelope.payload.run_id), self.jobs[status])

            return handle

        return {
            SolveMatchRun: carry_out(MatchRunStatus.REQUESTED),
            PublishMatchRun: carry_out(MatchRunStatus.PUBLISHING),
        }

    async def _active_until_done(self, run: RunRef, job: Job) -> None:
        try:
            await self.until_done(run, job)
        finally:
            self._active.discard((run, job))

    async def until_done(self, run: RunRef, job: Job) -> None:
        async def attempt() -> None:
            await self.runs.executed_by(run, self.instance)  # for operators: which instance has it
            await job(run)

        try:
            await while_store_away(attempt, f"match run {run.run_id}")
        except Exception as exc:
            log.exception("match run %s failed", run.run_id)
            await self.runs.set_status(run, MatchRunStatus.FAILED, failure=f"{type(exc).__name__}: {exc}")
