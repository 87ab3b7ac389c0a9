"""People: their profiles, their applications to programmes, and the coordinator's decisions on them."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, EmailStr, Field

from mentoring_contracts.api.common import (
    Body,
    Identifier,
    LongText,
    Page,
    PageQuery,
    Tag,
    Tags,
    Text,
    TimeZone,
    partial,
)
from mentoring_contracts.names import ApplicationStatus, EligibilityRule, ParticipantRole
from mentoring_contracts.wire import JSON_NUMBER, Integer, Name

Email = Annotated[
    EmailStr,
    Field(description="An address mail can reach: special-use domains such as .test, .local or .invalid are refused"),
]


class MentorProfile(Body):
    skills: Tags = Field(min_length=1, description="Strengths and skills, as tags")
    capacity: Integer = Field(ge=1, le=50, description="How many mentees at once")
    strengths: LongText | None = None
    career_path: LongText | None = None
    motivation: LongText | None = Field(default=None, description="Interests and motivation: why mentor")
    mentoring_experience: LongText | None = None
    effective_partnership: LongText | None = Field(default=None, description="Their idea of an effective partnership")
    availability: LongText | None = None


class MenteeProfile(Body):
    desired_skills: Tags = Field(min_length=1)
    goal_tags: Tags = Field(default=(), description="Development needs and goals, as tags")
    goals: LongText | None = Field(default=None, description="Development needs and goals, in their words")
    hopes_to_learn: LongText | None = None
    effective_partnership: LongText | None = Field(default=None, description="Their idea of an effective partnership")


class Profile(Body):
    """A person's profile, one per person in an agency, shared by their applications. A mentor needs `mentor`, a
    mentee `mentee`; someone who mentors in one programme and is mentored in another fills in both."""

    name: Text
    email: Email
    current_role: Text | None = None
    department: Text
    grade: Text
    manager_id: Identifier | None = None
    months_of_service: Integer = Field(ge=0, le=720)
    good_standing: bool = True
    conflicts: tuple[Identifier, ...] = Field(default=(), max_length=50, description="People never to be paired with")
    languages: tuple[Tag, ...] = Field(min_length=1, max_length=20)
    location: Text | None = None
    time_zone: TimeZone | None = None
    mentor: MentorProfile | None = None
    mentee: MenteeProfile | None = None


ProfilePatch = partial(
    Profile, "ProfilePatch", "The profile fields to change; `mentor` and `mentee` are replaced whole when sent."
)


class ProfileView(Profile):
    person_id: str


Answers = Annotated[dict[Name, LongText], Field(max_length=30)]


class Apply(Body):
    """An application. The applicant sends their own (`person_id` is the token's subject); a coordinator names the
    person. `profile` is needed the first time a person applies, and replaces their profile when sent again."""

    role: ParticipantRole
    person_id: Identifier | None = Field(default=None, description="Only a coordinator applying for someone sends it")
    profile: Profile | None = None
    needs_assessment: Answers = Field(default_factory=dict, description="A mentee's answers, by question id")


class Approve(Body):
    exception_justification: LongText | None = Field(
        default=None,
        description="Needed to approve an application that does not meet every rule: why the exception is made",
    )


class Reject(Body):
    reason: LongText


class Withdraw(Body):
    reason: LongText | None = None


class UnmetRule(BaseModel):
    rule: EligibilityRule
    message: str


class Eligibility(BaseModel):
    eligible: bool
    unmet: list[UnmetRule]


class Decision(BaseModel):
    by: str
    at: datetime
    reason: str | None = Field(default=None, description="A rejection's reason, an exception's justification")


class ApplicationView(BaseModel):
    id: str
    program_id: str
    person_id: str
    role: ParticipantRole
    status: ApplicationStatus
    eligibility: Eligibility
    submitted_at: datetime
    submitted_by: str
    import_id: str | None = None
    approval: Decision | None = None
    exception: bool = False
    rejection: Decision | None = None
    withdrawal: Decision | None = None
    needs_assessment: dict[str, str] = Field(default_factory=dict)
    profile: ProfileView | None = Field(default=None, description="The applicant's profile as it is now")


class ApplicationPage(Page):
    items: list[ApplicationView]


class ApplicationsQuery(PageQuery):
    status: ApplicationStatus | None = None


class Person(Body):
    id: Identifier
    name: Text
    email: Email
    department: Text
    grade: Text
    manager_id: Identifier | None = None
    languages: tuple[Tag, ...] = Field(min_length=1, max_length=20)


class EnrolParticipant(Body):
    """The coordinator's shortcut: apply and approve at once. Shapes only: which fields a role needs, and that
    nobody manages themself, are enrolment's domain rules."""

    role: ParticipantRole
    person: Person
    skills: Tags | None = None
    desired_skills: Tags | None = None
    capacity: Annotated[int, Field(ge=1, le=50), JSON_NUMBER] | None = None
