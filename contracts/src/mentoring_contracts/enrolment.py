"""Facts published by enrolment on `enrolment.events`. Identifiers and facts only: no names, e-mail or free text.

A payload that changes shape gets a new `event_version`; the old class stays registered and upcasts to the new
one, so a reader subscribes to and folds the current class only, and still reads what was published before.
"""

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from mentoring_contracts.envelope import Event
from mentoring_contracts.names import Criterion, MatchObjective, ParticipantRole, ProgramKind
from mentoring_contracts.topics import ENROLMENT_EVENTS
from mentoring_contracts.wire import JSON_NUMBER, Integer, Number

DEFAULT_DURATION_MONTHS = 12  # the guidance recommends at least a year


class _Facts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cadence(_Facts):
    meetings_per_month: Integer = Field(ge=1, le=31)
    hours_per_month: Number = Field(gt=0, le=200)
    inactive_after_days: Integer = Field(
        default=90,
        ge=7,
        le=365,
        description="An active partnership this many days without any meeting is inactive (PartnershipInactive)",
    )


class EligibilityRules(_Facts):
    """Who may take part. Each rule left at its default admits everyone."""

    min_months_of_service: Integer = Field(default=0, ge=0, le=600)
    good_standing_required: bool = False
    allowed_grades: dict[ParticipantRole, tuple[str, ...]] = Field(
        default_factory=dict, description="Per role, the grades admitted; a role not listed admits every grade"
    )


Weight = Annotated[int, Field(ge=0, le=10), JSON_NUMBER] | Literal["must"]
DEFAULT_WEIGHTS: dict[Criterion, int] = {
    Criterion.SKILLS: 5,
    Criterion.GOALS: 3,
    Criterion.DIVERSITY: 2,
    Criterion.SENIORITY: 2,
    Criterion.LOCATION: 1,
    Criterion.TIME_ZONE: 1,
}


class HardRules(_Facts):
    """The hard rules a programme may switch or set. Never oneself, never the reporting line, never a declared
    conflict and never beyond capacity hold whatever the policy says."""

    shared_language: bool = Field(default=True, description="Mentor and mentee share a working language")
    max_time_zone_hours: Annotated[float, Field(ge=0, le=26), JSON_NUMBER] | None = Field(
        default=None, description="At most this many hours between their time zones; none: no limit"
    )
    min_grade_gap: Integer = Field(
        default=0,
        ge=-20,
        le=20,
        description="The mentor at least this many grade levels above the mentee; "
        "negative allows peers below. Not checked where a grade level is unknown",
    )


class MatchingPolicy(_Facts):
    """How a programme's match runs judge pairs. Every field has the guidance's default."""

    weights: dict[Criterion, Weight] = Field(
        default_factory=dict,
        description='Per criterion, a weight 0-10 or "must" (a hard rule: the criterion must score). A criterion '
        f"not named keeps its default: {', '.join(f'{c} {w}' for c, w in DEFAULT_WEIGHTS.items())}",
    )
    hard_rules: HardRules = HardRules()
    objective: MatchObjective = MatchObjective.MOST_MATCHED
    min_score: Annotated[float, Field(ge=0, le=100), JSON_NUMBER] | None = Field(
        default=None, description="No pair scoring below this (0-100) is proposed"
    )
    preferred_grade_gap: Integer = Field(
        default=2, ge=-20, le=20, description="The grade gap the seniority criterion scores best"
    )
    self_select: bool = Field(
        default=False,
        description="Approved mentees may also choose: they see ranked suggestions, request a mentor, and the mentor "
        "accepts or declines",
    )
    request_expiry_days: Annotated[float, Field(gt=0, le=90), JSON_NUMBER] = Field(
        default=7,
        description="A mentor's request not answered within this many days expires, and the mentee may request "
        "again; a fraction of a day is a shorter time (0.5: 12 hours)",
    )

    def weight(self, criterion: Criterion) -> Weight:
        return self.weights.get(criterion, DEFAULT_WEIGHTS[criterion])


class _EnrolmentEvent(Event):
    topic: ClassVar[str] = ENROLMENT_EVENTS.name


class _ProgramEvent(_EnrolmentEvent):
    program_id: str

    def aggregate_id(self) -> str:
        return self.program_id


class ProgramOpened(_ProgramEvent):
    """A programme opened for applications, with the design other services act on."""

    event_type: ClassVar[str] = "ProgramOpened"
    event_version: ClassVar[int] = 2

    kind: ProgramKind
    duration_months: int = Field(ge=1)
    cadence: Cadence
    group_size: int | None = Field(default=None, ge=2, description="Mentees per mentor, for a group programme")
    matching_policy: MatchingPolicy
    eligibility: EligibilityRules
    grade_scale: tuple[str, ...] = Field(description="The programme's grades, most junior first; may be empty")


class ProgramOpenedV1(_ProgramEvent):
    """A programme opened: version 1, before programmes had a design beyond kind and cadence."""

    event_type: ClassVar[str] = "ProgramOpened"

    kind: ProgramKind
    cadence: Cadence

    def upcast(self) -> ProgramOpened:
        return ProgramOpened(
            program_id=self.program_id,
            kind=self.kind,
            duration_months=DEFAULT_DURATION_MONTHS,
            cadence=self.cadence,
            matching_policy=MatchingPolicy(),
            eligibility=EligibilityRules(),
            grade_scale=(),
        )


class ProgramUpdated(_ProgramEvent):
    """An open or running programme's cadence or matching policy changed; both are given as they now are."""

    event_type: ClassVar[str] = "ProgramUpdated"

    cadence: Cadence
    matching_policy: MatchingPolicy


class ProgramStarted(_ProgramEvent):
    """The programme's first pair was matched: it is running, and still takes applications."""

    event_type: ClassVar[str] = "ProgramStarted"


class ProgramClosed(_ProgramEvent):
    """The programme closed for good: no more applications, no more matching."""

    event_type: ClassVar[str] = "ProgramClosed"


class _ParticipantEvent(_EnrolmentEvent):
    program_id: str
    participant_id: str = Field(description="The application's id: one per person and programme")
    person_id: str

    def aggregate_id(self) -> str:
        return self.participant_id


class ApplicationSubmitted(_ParticipantEvent):
    """Someone applied, or was put forward by a coordinator or an import; eligibility was checked at once."""

    event_type: ClassVar[str] = "ApplicationSubmitted"

    role: ParticipantRole
    eligible: bool
    unmet_rules: tuple[str, ...] = Field(description="The eligibility rules the application does not meet")


class ApplicationRejected(_ParticipantEvent):
    """A coordinator rejected the application; the reason stays with enrolment."""

    event_type: ClassVar[str] = "ApplicationRejected"

    role: ParticipantRole


class ParticipantFacts(_Facts):
    """What matching and evaluation may know of a participant: identifiers, tags and facts, never free text."""

    department: str
    grade: str
    grade_level: int | None = Field(
        default=None, ge=1, description="The grade's place on the programme's grade scale, 1 the most junior"
    )
    manager_id: str | None = None
    languages: tuple[str, ...]
    time_zone: str | None = Field(default=None, description="An IANA time zone name, such as Europe/Paris")
    location_key: str | None = Field(
        default=None,
        description="An opaque key of where they work, equal for everyone who gave the same place; the place itself "
        "is free text and stays with enrolment",
    )
    conflicts: tuple[str, ...] = Field(default=(), description="Person ids this person must never be paired with")


class _Enrolled(_ParticipantEvent):
    facts: ParticipantFacts
    exception: bool = Field(description="Approved although ineligible, with a written justification")


class MentorEnrolled(_Enrolled):
    """A mentor's application was approved: they join the programme's pool."""

    event_type: ClassVar[str] = "MentorEnrolled"
    event_version: ClassVar[int] = 2

    skills: tuple[str, ...]
    capacity: int = Field(ge=1)


class MenteeEnrolled(_Enrolled):
    """A mentee's application was approved: they join the programme's pool."""

    event_type: ClassVar[str] = "MenteeEnrolled"
    event_version: ClassVar[int] = 2

    desired_skills: tuple[str, ...]
    goal_tags: tuple[str, ...] = ()


class _EnrolledV1(_ParticipantEvent):
    department: str
    grade: str
    manager_id: str | None = None
    languages: tuple[str, ...]

    def _facts(self) -> ParticipantFacts:
        return ParticipantFacts(
            department=self.department, grade=self.grade, manager_id=self.manager_id, languages=self.languages
        )

    def _common(self) -> dict[str, object]:
        ids = {"program_id": self.program_id, "participant_id": self.participant_id, "person_id": self.person_id}
        return {**ids, "facts": self._facts(), "exception": False}


class MentorEnrolledV1(_EnrolledV1):
    """A mentor enrolled: version 1, with the facts beside the ids."""

    event_type: ClassVar[str] = "MentorEnrolled"

    skills: tuple[str, ...]
    capacity: int = Field(ge=1)

    def upcast(self) -> MentorEnrolled:
        return MentorEnrolled(**self._common(), skills=self.skills, capacity=self.capacity)


class MenteeEnrolledV1(_EnrolledV1):
    """A mentee enrolled: version 1, with the facts beside the ids."""

    event_type: ClassVar[str] = "MenteeEnrolled"

    desired_skills: tuple[str, ...]

    def upcast(self) -> MenteeEnrolled:
        return MenteeEnrolled(**self._common(), desired_skills=self.desired_skills)


class ParticipantWithdrawn(_ParticipantEvent):
    """The person withdrew, or a coordinator withdrew them: they leave the pool. The reason stays with enrolment."""

    event_type: ClassVar[str] = "ParticipantWithdrawn"

    role: ParticipantRole
    by_coordinator: bool


class ParticipantProfileUpdated(_ParticipantEvent):
    """An approved participant changed their profile: the facts as they now are, and which of them changed."""

    event_type: ClassVar[str] = "ParticipantProfileUpdated"

    role: ParticipantRole
    facts: ParticipantFacts
    skills: tuple[str, ...] = Field(default=(), description="A mentor's")
    capacity: int | None = Field(default=None, ge=1, description="A mentor's")
    desired_skills: tuple[str, ...] = Field(default=(), description="A mentee's")
    goal_tags: tuple[str, ...] = Field(default=(), description="A mentee's")
    changed: tuple[str, ...] = Field(min_length=1, description="The names of the fields above that changed")
