"""Bulk imports: a CSV file read whole, then applied in the background a batch at a time, reporting as it goes.

The file is read before anything is written, so one that cannot be read as the agreed CSV is refused with 422 and
changes nothing. Each batch then records its applications and its progress: re-importing a file finds the people
already present and changes nothing, and an import cut short by a restart is reported failed, saying to import
the same file again, which picks up where it stopped.
"""

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from enrolment.domain import imports as rules
from enrolment.domain.applications import Application
from enrolment.domain.facts import ImportFinished, ImportRowsApproved, ImportStarted
from enrolment.domain.import_file import ImportFile, read_import
from enrolment.domain.imports import Import, import_stream
from enrolment.domain.programs import Program
from enrolment.handlers.applications import Applications
from enrolment.stores import ProgramDirectory, Rosters
from mentoring_contracts.api import ApprovalStarted, ImportQuery, ImportView
from mentoring_contracts.names import ApplicationStatus, ImportStatus, Role
from mentoring_runtime.aggregates import Aggregates, Decision
from mentoring_runtime.errors import Conflict, NotFound
from mentoring_runtime.web import Caller

log = logging.getLogger(__name__)

BATCH_ROWS = 500
INTERRUPTED = (
    "the import stopped when the enrolment service restarted: import the same file again; the rows imported so far "
    "are reported as already present"
)

Spawn = Callable[[Coroutine[Any, Any, None], str], None]


class Imports:
    def __init__(
        self,
        directory: ProgramDirectory,
        applications: Applications,
        rosters: Rosters,
        imports: Aggregates[Import],
        spawn: Spawn,
    ) -> None:
        self.directory = directory
        self.applications = applications
        self.rosters = rosters
        self.imports = imports
        self.spawn = spawn
        self._running: set[str] = set()
        self._approving: set[str] = set()

    async def start_import(self, caller: Caller, program_id: str, data: bytes, query: ImportQuery) -> str:
        caller.require(Role.COORDINATOR)
        program = await self.directory.program(caller, program_id)
        program.require_enrolling()
        file = read_import(data, [question.id for question in program.design.needs_assessment])
        import_id = caller.new_id("import")
        stream = import_stream(import_id)
        if await self.imports.get(caller.agency_id, stream) is not None:
            return import_id  # a retry of a request whose first attempt started the import
        started = ImportStarted(
            import_id=import_id,
            program_id=program_id,
            dry_run=query.dry_run,
            rows_total=file.total,
            rejected=tuple(file.rejected),
            started_by=caller.actor_id,
        )
        job = (await self.imports.record(caller.cause(), stream, None, started)).state
        self._running.add(import_id)
        self.spawn(self._run(caller, program, job, file), f"import-{import_id}")
        return import_id

    async def _run(self, caller: Caller, program: Program, job: Import, file: ImportFile) -> None:
        failure = None
        try:
            for start in range(0, len(file.rows), BATCH_ROWS):
                rows = file.rows[start : start + BATCH_ROWS]
                batch = await self.applications.submit_many(caller, program, rows, job.import_id, dry_run=job.dry_run)
                job = await self._record(caller, job.import_id, rules.progressed(job, batch))
                log.info("import %s: %d of %d rows done", job.import_id, job.rows_done, job.rows_total)
        except Exception as exc:
            log.exception("import %s failed after %d of %d rows", job.import_id, job.rows_done, job.rows_total)
            failure = (
                f"the import stopped after {job.rows_done} of {job.rows_total} rows ({exc}): import the same file again"
            )
        try:
            await self._finish(caller, job.import_id, failure)
        finally:
            self._running.discard(job.import_id)  # only now: a reader seeing it running and not here ends it

    async def _finish(self, caller: Caller, import_id: str, failure: str | None) -> Import:
        """Record the end of a running import, once: whoever comes second finds it ended."""
        finished = ImportFinished(import_id=import_id, failure=failure)

        def decide(job: Import) -> Decision:
            return (finished, None) if job.status is ImportStatus.RUNNING else None

        return await self.imports.change(caller.cause(), import_stream(import_id), decide, _missing(import_id))

    async def _record(self, caller: Caller, import_id: str, event: Any) -> Import:
        return await self.imports.change(
            caller.cause(), import_stream(import_id), lambda _: (event, None), _missing(import_id)
        )

    async def get_import(self, caller: Caller, program_id: str, import_id: str) -> ImportView:
        job = await self._job(caller, program_id, import_id)
        if job.status is ImportStatus.RUNNING and import_id not in self._running:
            job = await self._finish(caller, import_id, INTERRUPTED)
        return ImportView(
            id=job.import_id,
            program_id=job.program_id,
            status=job.status,
            dry_run=job.dry_run,
            rows_total=job.rows_total,
            rows_done=job.rows_done,
            imported=job.imported,
            already_present=job.already_present,
            eligible=job.eligible,
            approved=job.approved,
            approving=import_id in self._approving,
            rejected=list(job.rejected),
            failure=job.failure,
        )

    async def approve_eligible(self, caller: Caller, program_id: str, import_id: str) -> ApprovalStarted:
        """Start approving the import's pending applications that meet every rule, in the background: ten thousand
        approvals outlast a request. The import's `approved` figure shows them landing."""
        job = await self._job(caller, program_id, import_id)
        if job.dry_run:
            raise Conflict(f"import {import_id} was a dry run and imported nobody; import the file without dry_run")
        if job.status is ImportStatus.RUNNING or import_id in self._approving:
            raise Conflict(f"import {import_id} is still running: approve its rows once it has completed")
        program = await self.directory.program(caller, program_id)
        pending = [
            application
            for application in await self.rosters.of(caller.agency_id, program_id)
            if application.import_id == import_id and application.status is ApplicationStatus.PENDING
        ]
        eligible = await self.applications.eligible_now(caller, program, pending)
        if eligible:
            self._approving.add(import_id)
            self.spawn(self._approve(caller, program, import_id, eligible), f"approve-{import_id}")
        return ApprovalStarted(approving=len(eligible))

    async def _approve(self, caller: Caller, program: Program, import_id: str, eligible: list[Application]) -> None:
        try:
            for start in range(0, len(eligible), BATCH_ROWS):
                approved = await self.applications.approve_many(caller, program, eligible[start : start + BATCH_ROWS])
                await self._record(caller, import_id, ImportRowsApproved(import_id=import_id, approved=approved))
                log.info("import %s: %d of %d approvals done", import_id, start + BATCH_ROWS, len(eligible))
        finally:
            self._approving.discard(import_id)

    async def _job(self, caller: Caller, program_id: str, import_id: str) -> Import:
        caller.require(Role.COORDINATOR)
        await self.directory.program(caller, program_id)
        found = await self.imports.get(caller.agency_id, import_stream(import_id))
        if found is None or found.state.program_id != program_id:
            raise NotFound(f"no import {import_id} in programme {program_id}")
        return found.state


def _missing(import_id: str) -> NotFound:
    return NotFound(f"no import {import_id}")
