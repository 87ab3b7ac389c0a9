"""A person's own profile: read and changed by them alone; coordinators see it through the person's applications.

A change is recorded, then told, application by application, to the services that know the person as an approved
participant. Each telling compares with what that service was last told, so a change whose telling was cut short
(a crash, a conflict) is told in full by the next change or by the same request retried.
"""

from enrolment.domain import applications as rules
from enrolment.domain import people
from enrolment.domain.applications import Application, application_stream
from enrolment.domain.people import Person, person_stream
from enrolment.domain.programs import program_stream
from enrolment.handlers.applications import Applications
from enrolment.stores import ProgramDirectory
from mentoring_contracts.api import Profile, ProfilePatch, ProfileView
from mentoring_contracts.names import ApplicationStatus
from mentoring_runtime.aggregates import Aggregates, Decision
from mentoring_runtime.errors import Conflict, NotFound
from mentoring_runtime.web import Caller

OPEN = (ApplicationStatus.PENDING, ApplicationStatus.APPROVED)


class Profiles:
    def __init__(self, directory: ProgramDirectory, people: Aggregates[Person], applications: Applications) -> None:
        self.directory = directory
        self.people = people
        self.applications = applications

    async def get_my_profile(self, caller: Caller) -> ProfileView:
        return _shown(await self.applications.person(caller.agency_id, caller.actor_id))

    async def update_my_profile(self, caller: Caller, changes: ProfilePatch) -> ProfileView:
        person = await self.applications.person(caller.agency_id, caller.actor_id)
        own = [application for application in await self._applications_of(caller) if application.status in OPEN]
        if not own:
            raise Conflict("a profile changes while one of your applications is pending or approved; you have none")
        profile = people.patched(_profile(person), changes.model_dump(exclude_unset=True))
        recorded = people.record_profile(caller.actor_id, profile, field="")
        for application in own:
            people.role_section(profile, application.role, field="")
        stream = person_stream(caller.agency_id, caller.actor_id)
        updated = await self.people.change(
            caller.cause(), stream, lambda _: (recorded, None), NotFound("you have no profile yet")
        )
        for application in own:
            await self._tell(caller, application, updated)
        return _shown(updated)

    async def _applications_of(self, caller: Caller) -> list[Application]:
        everyone = await self.applications.applications.all(caller.agency_id)
        return [versioned.state for versioned in everyone.values() if versioned.state.person_id == caller.actor_id]

    async def _tell(self, caller: Caller, application: Application, person: Person) -> None:
        program = await self.directory.programs.get(caller.agency_id, program_stream(application.program_id))
        if program is None or person.profile is None:
            return
        profile, scale = person.profile, program.state.design.grade_scale

        def decide(current: Application) -> Decision:
            event = rules.profile_updated(current, profile, scale)
            return (event, None) if event else None

        await self.applications.applications.change(
            caller.cause(), application_stream(application.application_id), decide, NotFound(application.application_id)
        )


def _profile(person: Person) -> Profile:
    if person.profile is None:
        raise NotFound("you have no profile yet: it is created with your first application")
    return person.profile


def _shown(person: Person) -> ProfileView:
    return ProfileView(person_id=person.person_id, **_profile(person).model_dump())
