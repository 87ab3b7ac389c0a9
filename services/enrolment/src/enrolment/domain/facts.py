"""Enrolment's internal facts: stored in its log beside the published ones, never published.

They carry what no other service may read (names, contact data, free text) or needs (a draft's edits, information
sessions), so they are enrolment's to change. The published facts are `mentoring_contracts.enrolment`.
"""

from datetime import datetime
from typing import ClassVar

from mentoring_contracts import EVENTS, Event, InternalEvent
from mentoring_contracts.api import CreateProgram, Profile, RejectedRow


class _ProgramFact(InternalEvent):
    program_id: str

    def aggregate_id(self) -> str:
        return self.program_id


class _PersonFact(InternalEvent):
    person_id: str

    def aggregate_id(self) -> str:
        return self.person_id


class _SessionFact(InternalEvent):
    session_id: str

    def aggregate_id(self) -> str:
        return self.session_id


class ProgramDrafted(_ProgramFact):
    event_type: ClassVar[str] = "ProgramDrafted"

    design: CreateProgram
    created_by: str


class ProgramRedesigned(_ProgramFact):
    """A draft's design changed; an open programme's changes are `ProgramUpdated`, which is published."""

    event_type: ClassVar[str] = "ProgramRedesigned"

    design: CreateProgram


class ProfileRecorded(_PersonFact):
    """A person's whole profile as they (or a coordinator, or an import) gave it."""

    event_type: ClassVar[str] = "ProfileRecorded"

    profile: Profile


class InfoSessionAttended(_PersonFact):
    """On the person's stream, so that any programme's eligibility check finds it with the profile."""

    event_type: ClassVar[str] = "InfoSessionAttended"

    session_id: str
    held_at: datetime


class InfoSessionScheduled(_SessionFact):
    event_type: ClassVar[str] = "InfoSessionScheduled"

    program_id: str
    starts_at: datetime
    duration_minutes: int
    location: str | None
    link: str | None
    capacity: int


class RegisteredForInfoSession(_SessionFact):
    event_type: ClassVar[str] = "RegisteredForInfoSession"

    person_id: str


class AttendanceRecorded(_SessionFact):
    event_type: ClassVar[str] = "AttendanceRecorded"

    person_ids: tuple[str, ...]


class _ImportFact(InternalEvent):
    import_id: str

    def aggregate_id(self) -> str:
        return self.import_id


class ImportStarted(_ImportFact):
    """A file was read: how many rows it has, and those refused as they were read."""

    event_type: ClassVar[str] = "ImportStarted"

    program_id: str
    dry_run: bool
    rows_total: int
    rejected: tuple[RejectedRow, ...]
    started_by: str


class ImportProgressed(_ImportFact):
    """One more batch of rows was applied (or, on a dry run, judged): what became of them."""

    event_type: ClassVar[str] = "ImportProgressed"

    rows: int
    imported: int
    already_present: int
    eligible: int
    rejected: tuple[RejectedRow, ...]


class ImportRowsApproved(_ImportFact):
    """One more batch of the import's eligible applications was approved."""

    event_type: ClassVar[str] = "ImportRowsApproved"

    approved: int


class ImportFinished(_ImportFact):
    event_type: ClassVar[str] = "ImportFinished"

    failure: str | None = None


INTERNAL: tuple[type[Event], ...] = (
    ImportStarted,
    ImportProgressed,
    ImportRowsApproved,
    ImportFinished,
    ProgramDrafted,
    ProgramRedesigned,
    ProfileRecorded,
    InfoSessionAttended,
    InfoSessionScheduled,
    RegisteredForInfoSession,
    AttendanceRecorded,
)

KNOWN: dict[tuple[str, int], type[Event]] = {
    **EVENTS,
    **{(cls.event_type, cls.event_version): cls for cls in INTERNAL},
}
"""Every fact enrolment's log can hold, published or internal: what its folds read."""
