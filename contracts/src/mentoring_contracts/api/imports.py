"""Bulk imports: a CSV file exported by an HR system, one applicant a row, validated and applied in the background."""

from pydantic import BaseModel, Field

from mentoring_contracts.api.common import Body
from mentoring_contracts.names import ImportStatus

MAX_IMPORT_BYTES = 20 * 1024 * 1024
LIST_SEPARATOR = ";"


class ImportQuery(Body):
    dry_run: bool = Field(default=False, description="Validate every row and report, without writing anything")


class RejectedRow(BaseModel):
    row: int = Field(description="The row's number in the file, the header being row 1")
    field: str
    message: str


class ImportView(BaseModel):
    id: str
    program_id: str
    status: ImportStatus
    dry_run: bool
    rows_total: int
    rows_done: int
    imported: int = Field(description="Applications created (on a dry run: that would be created)")
    already_present: int = Field(description="Rows whose person already applied to the programme: left as they are")
    eligible: int = Field(description="Of the rows imported, those that meet every eligibility rule")
    approved: int = Field(
        description="Of the applications the import created, those its approve-eligible calls approved"
    )
    approving: bool = Field(description="Whether approving its eligible applications is under way")
    rejected: list[RejectedRow]
    failure: str | None = Field(default=None, description="Why a failed import stopped, and what to do")


class ApprovalStarted(BaseModel):
    approving: int = Field(
        description="How many pending applications of the import meet every rule and are being approved; the "
        "import's `approved` figure shows them landing"
    )
