"""What the API shows of enrolment's aggregates: the response models, built from domain state in one place."""

from enrolment.domain.applications import Application, Decision
from enrolment.domain.people import Person
from enrolment.domain.programs import Program
from enrolment.domain.sessions import InfoSession
from mentoring_contracts import api


def program_view(program: Program) -> api.ProgramView:
    return api.ProgramView(id=program.program_id, status=program.status, **program.design.model_dump())


def profile_view(person: Person) -> api.ProfileView | None:
    if person.profile is None:
        return None
    return api.ProfileView(person_id=person.person_id, **person.profile.model_dump())


def _decision(decision: Decision | None) -> api.Decision | None:
    return api.Decision(by=decision.by, at=decision.at, reason=decision.reason) if decision else None


def application_view(application: Application, person: Person | None) -> api.ApplicationView:
    return api.ApplicationView(
        id=application.application_id,
        program_id=application.program_id,
        person_id=application.person_id,
        role=application.role,
        status=application.status,
        eligibility=api.Eligibility(
            eligible=not application.unmet,
            unmet=[api.UnmetRule(rule=item.rule, message=item.message) for item in application.unmet],
        ),
        submitted_at=application.submitted_at,
        submitted_by=application.submitted_by,
        import_id=application.import_id,
        approval=_decision(application.approval),
        exception=application.exception,
        rejection=_decision(application.rejection),
        withdrawal=_decision(application.withdrawal),
        needs_assessment=dict(application.needs_assessment),
        profile=profile_view(person) if person else None,
    )


def session_view(session: InfoSession) -> api.InfoSessionView:
    plan = session.plan.model_dump(exclude={"session_id"})
    return api.InfoSessionView(id=session.session_id, registered=len(session.registered), **plan)
