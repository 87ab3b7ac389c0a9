"""An import's progress and outcome, folded from the facts its run records batch by batch.

The counts only grow, batch by batch, so a coordinator polling an import sees rows done of total rise, and the
outcome (imported, already present, rejected row by row) is what the facts say, after a restart too.
"""

from dataclasses import dataclass, replace

from enrolment.domain.facts import ImportFinished, ImportProgressed, ImportRowsApproved, ImportStarted
from mentoring_contracts.api import RejectedRow
from mentoring_contracts.names import ImportStatus
from mentoring_runtime.folding import Fact, unexpected


@dataclass(frozen=True)
class Batch:
    """What became of one batch of rows."""

    rows: int
    imported: int = 0
    already_present: int = 0
    eligible: int = 0
    rejected: tuple[RejectedRow, ...] = ()


@dataclass(frozen=True)
class Import:
    import_id: str
    program_id: str
    dry_run: bool
    rows_total: int
    started_by: str
    status: ImportStatus = ImportStatus.RUNNING
    rows_done: int = 0
    imported: int = 0
    already_present: int = 0
    eligible: int = 0
    rejected: tuple[RejectedRow, ...] = ()
    failure: str | None = None
    approved: int = 0


def import_stream(import_id: str) -> str:
    return f"import:{import_id}"


def mutate(job: Import | None, fact: Fact) -> Import:
    match fact.event:
        case ImportStarted() as started:
            return Import(
                started.import_id,
                started.program_id,
                started.dry_run,
                started.rows_total,
                started.started_by,
                rows_done=len(started.rejected),
                rejected=started.rejected,
            )
        case ImportProgressed() as batch if job:
            return replace(
                job,
                rows_done=job.rows_done + batch.rows,
                imported=job.imported + batch.imported,
                already_present=job.already_present + batch.already_present,
                eligible=job.eligible + batch.eligible,
                rejected=(*job.rejected, *batch.rejected),
            )
        case ImportRowsApproved(approved=approved) if job:
            return replace(job, approved=job.approved + approved)
        case ImportFinished(failure=failure) if job:
            return replace(job, status=ImportStatus.FAILED if failure else ImportStatus.COMPLETED, failure=failure)
    raise unexpected("import", fact)


def progressed(job: Import, batch: Batch) -> ImportProgressed:
    return ImportProgressed(
        import_id=job.import_id,
        rows=batch.rows,
        imported=batch.imported,
        already_present=batch.already_present,
        eligible=batch.eligible,
        rejected=batch.rejected,
    )
