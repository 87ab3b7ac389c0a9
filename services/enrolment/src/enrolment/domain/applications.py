"""Applications: one per person and programme, checked for eligibility at once, then decided by a coordinator.

pending → approved | rejected; pending or approved → withdrawn; nothing else. An approval publishes the person's
enrolment (matching's pool holds approved people only), and approving someone who does not meet every rule needs
a written justification, recorded with who approved and when. The id is derived from agency, programme and person,
so the application's stream starting at version 1 is what stops a second application, from any way in.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID, uuid5

from enrolment.domain import people
from enrolment.domain.eligibility import Unmet, unmet_rules
from enrolment.domain.facts import ProfileRecorded
from enrolment.domain.people import Person, participant_facts, role_section
from enrolment.domain.programs import Program
from mentoring_contracts import (
    ApplicationRejected,
    ApplicationSubmitted,
    MenteeEnrolled,
    MentorEnrolled,
    ParticipantFacts,
    ParticipantProfileUpdated,
    ParticipantWithdrawn,
)
from mentoring_contracts.api import MentorProfile, Profile
from mentoring_contracts.names import ApplicationStatus, EligibilityRule, ParticipantRole
from mentoring_runtime.errors import Conflict, Invalid
from mentoring_runtime.folding import Fact, unexpected

_NAMESPACE = UUID("0b7f3e52-8a51-4c8e-9d0e-1c6d1b7f4a10")


def application_id(agency_id: str, program_id: str, person_id: str) -> str:
    return str(uuid5(_NAMESPACE, f"{agency_id}:{program_id}:{person_id}"))


def application_stream(application_id: str) -> str:
    return f"application:{application_id}"


@dataclass(frozen=True)
class Decision:
    by: str
    at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class Application:
    application_id: str
    program_id: str
    person_id: str
    role: ParticipantRole
    status: ApplicationStatus
    unmet: tuple[Unmet, ...]
    submitted_at: datetime
    submitted_by: str
    import_id: str | None = None
    request_key: str | None = None
    needs_assessment: Mapping[str, str] = field(default_factory=dict)
    approval: Decision | None = None
    exception: bool = False
    rejection: Decision | None = None
    withdrawal: Decision | None = None
    published: Mapping[str, object] = field(default_factory=dict)  # the facts last told other services, flat


@dataclass(frozen=True)
class Submission:
    """Kept beside ApplicationSubmitted: who put the application in, how, and the answers in their words."""

    submitted_by: str
    unmet: list[dict[str, str]]
    needs_assessment: dict[str, str]
    import_id: str | None = None
    request_key: str | None = None


@dataclass(frozen=True)
class Approval:
    """Kept beside the enrolment: who approved, the eligibility as checked then, and an exception's justification."""

    by: str
    unmet: list[dict[str, str]]
    justification: str | None = None


@dataclass(frozen=True)
class Refusal:
    """Kept beside a rejection or a withdrawal: who, and why in their words."""

    by: str
    reason: str | None = None


def _unmet(stored: list[dict[str, str]]) -> tuple[Unmet, ...]:
    return tuple(Unmet(EligibilityRule(item["rule"]), item["message"]) for item in stored)


def _stored(unmet: tuple[Unmet, ...]) -> list[dict[str, str]]:
    return [{"rule": item.rule, "message": item.message} for item in unmet]


def mutate(application: Application | None, fact: Fact) -> Application:
    match fact.event:
        case ApplicationSubmitted() as event:
            submission = Submission(**fact.private)
            return Application(
                application_id=event.participant_id,
                program_id=event.program_id,
                person_id=event.person_id,
                role=event.role,
                status=ApplicationStatus.PENDING,
                unmet=_unmet(submission.unmet),
                submitted_at=fact.at,
                submitted_by=submission.submitted_by,
                import_id=submission.import_id,
                request_key=submission.request_key,
                needs_assessment=submission.needs_assessment,
            )
        case MentorEnrolled() | MenteeEnrolled() if application:
            approval = Approval(**fact.private)
            return replace(
                application,
                status=ApplicationStatus.APPROVED,
                unmet=_unmet(approval.unmet),
                approval=Decision(approval.by, fact.at, approval.justification),
                exception=fact.event.exception,
                published=_told(fact.event),
            )
        case ApplicationRejected() if application:
            refusal = Refusal(**fact.private)
            rejection = Decision(refusal.by, fact.at, refusal.reason)
            return replace(application, status=ApplicationStatus.REJECTED, rejection=rejection)
        case ParticipantWithdrawn() if application:
            refusal = Refusal(**fact.private)
            withdrawal = Decision(refusal.by, fact.at, refusal.reason)
            return replace(application, status=ApplicationStatus.WITHDRAWN, withdrawal=withdrawal)
        case ParticipantProfileUpdated() if application:
            return replace(application, published=_told(fact.event))
    raise unexpected("application", fact)


@dataclass(frozen=True)
class Applicant:
    """Who applies to what, as the application service resolved it: the programme, the person and the role."""

    program: Program
    person: Person
    role: ParticipantRole


@dataclass(frozen=True)
class NewApplication:
    """An application decided on, to be recorded: the profile first (when it changed), then the application."""

    application_id: str
    profile: ProfileRecorded | None
    submitted: ApplicationSubmitted
    submission: Submission


def new_application(
    agency_id: str,
    applicant: Applicant,
    profile: Profile | None,
    *,
    by: str,
    now: datetime,
    needs_assessment: Mapping[str, str],
    import_id: str | None = None,
    request_key: str | None = None,
) -> NewApplication:
    """Decide an application with the profile sent (if any) folded onto the person, without recording anything."""
    person = applicant.person
    recorded = people.record_profile(person.person_id, profile) if profile else None
    if recorded is not None:
        person = people.mutate(person, Fact(recorded, now))
    new_id = application_id(agency_id, applicant.program.program_id, person.person_id)
    submitted, submission = submit(
        Applicant(applicant.program, person, applicant.role),
        new_id,
        by=by,
        now=now,
        needs_assessment=needs_assessment,
        import_id=import_id,
        request_key=request_key,
    )
    changed = recorded if recorded is not None and recorded.profile != applicant.person.profile else None
    return NewApplication(new_id, changed, submitted, submission)


def submit(
    applicant: Applicant,
    new_id: str,
    *,
    by: str,
    now: datetime,
    needs_assessment: Mapping[str, str],
    import_id: str | None = None,
    request_key: str | None = None,
) -> tuple[ApplicationSubmitted, Submission]:
    program, person, role = applicant.program, applicant.person, applicant.role
    program.require_enrolling()
    profile = _profile(person)
    role_section(profile, role)
    design = program.design
    if design.grade_scale and profile.grade not in design.grade_scale:
        raise Invalid(
            f"grade {profile.grade} is not on the programme's scale ({', '.join(design.grade_scale)})",
            field="profile.grade",
        )
    _check_answers(program, role, needs_assessment)
    unmet = unmet_rules(design, role, person, now)
    event = ApplicationSubmitted(
        program_id=program.program_id,
        participant_id=new_id,
        person_id=person.person_id,
        role=role,
        eligible=not unmet,
        unmet_rules=tuple(item.rule for item in unmet),
    )
    return event, Submission(by, _stored(unmet), dict(needs_assessment), import_id, request_key)


def _profile(person: Person) -> Profile:
    if person.profile is None:
        raise Invalid(f"person {person.person_id} has no profile yet: send one with the application", field="profile")
    return person.profile


def _check_answers(program: Program, role: ParticipantRole, answers: Mapping[str, str]) -> None:
    questions = {question.id: question for question in program.design.needs_assessment}
    if role is ParticipantRole.MENTOR:
        if answers:
            raise Invalid("the needs assessment is for mentees; a mentor sends none", field="needs_assessment")
        return
    for question_id in answers:
        if question_id not in questions:
            raise Invalid(f"the programme asks no question `{question_id}`", field=f"needs_assessment.{question_id}")
    for question in questions.values():
        if question.required and question.id not in answers:
            raise Invalid(
                f"question `{question.id}` needs an answer: {question.text}", field=f"needs_assessment.{question.id}"
            )


def approve(
    application: Application, applicant: Applicant, *, by: str, now: datetime, justification: str | None
) -> tuple[MentorEnrolled | MenteeEnrolled, Approval]:
    _require(application, ApplicationStatus.PENDING, "approved")
    program, person = applicant.program, applicant.person
    program.require_enrolling()
    unmet = unmet_rules(program.design, application.role, person, now)
    if unmet and justification is None:
        raise Invalid(
            "the application does not meet every rule ("
            + "; ".join(item.message for item in unmet)
            + "): approve it as an exception with an `exception_justification`, or reject it",
            field="exception_justification",
        )
    profile = _profile(person)
    common = {
        "program_id": application.program_id,
        "participant_id": application.application_id,
        "person_id": application.person_id,
        "facts": participant_facts(profile, program.design.grade_scale),
        "exception": bool(unmet),
    }
    approval = Approval(by, _stored(unmet), justification)
    section = role_section(profile, application.role)
    if isinstance(section, MentorProfile):
        return MentorEnrolled(**common, skills=section.skills, capacity=section.capacity), approval
    return MenteeEnrolled(**common, desired_skills=section.desired_skills, goal_tags=section.goal_tags), approval


def reject(application: Application, *, by: str, reason: str) -> tuple[ApplicationRejected, Refusal]:
    _require(application, ApplicationStatus.PENDING, "rejected")
    event = ApplicationRejected(
        program_id=application.program_id,
        participant_id=application.application_id,
        person_id=application.person_id,
        role=application.role,
    )
    return event, Refusal(by, reason)


def withdraw(
    application: Application, *, by: str, by_coordinator: bool, reason: str | None
) -> tuple[ParticipantWithdrawn, Refusal]:
    if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.APPROVED):
        raise Conflict(
            f"application {application.application_id} is {application.status}: there is nothing to withdraw"
        )
    event = ParticipantWithdrawn(
        program_id=application.program_id,
        participant_id=application.application_id,
        person_id=application.person_id,
        role=application.role,
        by_coordinator=by_coordinator,
    )
    return event, Refusal(by, reason)


def profile_updated(
    application: Application, profile: Profile, grade_scale: tuple[str, ...]
) -> ParticipantProfileUpdated | None:
    """What other services must be told of an approved participant's profile, or None if they know it already.
    Compared with what they were last told, not with the profile before, so a change whose telling was cut short
    is told with the next one."""
    if application.status is not ApplicationStatus.APPROVED:
        return None
    new = _published(application.role, profile, grade_scale)
    changed = tuple(name for name in new if new[name] != application.published.get(name))
    if not changed:
        return None
    facts = participant_facts(profile, grade_scale)
    own = {name: value for name, value in new.items() if name not in ParticipantFacts.model_fields}
    return ParticipantProfileUpdated(
        program_id=application.program_id,
        participant_id=application.application_id,
        person_id=application.person_id,
        role=application.role,
        facts=facts,
        changed=changed,
        **own,
    )


def _published(role: ParticipantRole, profile: Profile, grade_scale: tuple[str, ...]) -> dict[str, object]:
    """The facts of a participant other services may know, flat, so a change is named by its field."""
    values: dict[str, object] = dict(participant_facts(profile, grade_scale))
    section = role_section(profile, role)
    if isinstance(section, MentorProfile):
        return values | {"skills": section.skills, "capacity": section.capacity}
    return values | {"desired_skills": section.desired_skills, "goal_tags": section.goal_tags}


def _told(event: MentorEnrolled | MenteeEnrolled | ParticipantProfileUpdated) -> dict[str, object]:
    """What an enrolment or a profile update told other services, flat as `_published` gives it."""
    values: dict[str, object] = dict(event.facts)
    mentor = isinstance(event, MentorEnrolled) or (
        isinstance(event, ParticipantProfileUpdated) and event.role is ParticipantRole.MENTOR
    )
    if mentor:
        return values | {"skills": event.skills, "capacity": event.capacity}  # type: ignore[union-attr]
    return values | {"desired_skills": event.desired_skills, "goal_tags": event.goal_tags}  # type: ignore[union-attr]


def _require(application: Application, status: ApplicationStatus, verb: str) -> None:
    if application.status is not status:
        raise Conflict(
            f"application {application.application_id} is {application.status}: only a {status} one can be {verb}"
        )
