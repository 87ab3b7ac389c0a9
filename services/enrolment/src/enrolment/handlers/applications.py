"""Applying, screening, approving, rejecting, withdrawing: an application's whole life, as callers ask for it.

Nothing is written before everything is decided: a profile sent with an application is folded in memory, the
application decided on it, and only then are the profile and the application recorded, in that order, so an
application always has its profile and a refused one changes nothing.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from enrolment.domain import applications as rules
from enrolment.domain import people
from enrolment.domain.applications import Applicant, Application, application_id, application_stream
from enrolment.domain.eligibility import unmet_rules
from enrolment.domain.import_file import ImportRow
from enrolment.domain.imports import Batch
from enrolment.domain.people import Person, person_stream
from enrolment.domain.programs import Program
from enrolment.stores import ProgramDirectory, Rosters
from enrolment.views import application_view
from mentoring_contracts.api import (
    ApplicationPage,
    ApplicationsQuery,
    ApplicationView,
    Apply,
    Approve,
    EnrolParticipant,
    MenteeProfile,
    MentorProfile,
    Profile,
    Reject,
    RejectedRow,
    Withdraw,
)
from mentoring_contracts.names import ParticipantRole, Role
from mentoring_runtime.aggregates import Aggregates, Decision, Versioned
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from mentoring_runtime.event_log import ConcurrencyConflict
from mentoring_runtime.paging import page
from mentoring_runtime.recording import Cause
from mentoring_runtime.web import Caller

Clock = Callable[[], datetime]


MAX_BULK_ROUNDS = 3
"""Rounds of a bulk write: the first takes people not held as new; the next decides again on those read."""


class AlreadyApplied(Conflict):
    """The person already has an application to this programme."""


class Applications:
    def __init__(
        self,
        directory: ProgramDirectory,
        people: Aggregates[Person],
        applications: Aggregates[Application],
        rosters: Rosters,
        clock: Clock,
    ) -> None:
        self.directory = directory
        self.people = people
        self.applications = applications
        self.rosters = rosters
        self.clock = clock

    async def apply(self, caller: Caller, program_id: str, body: Apply) -> str:
        person_id = _applicant(caller, body)
        program = await self.directory.program(caller, program_id)
        person = await self.person(caller.agency_id, person_id)
        return await self.submit(caller, Applicant(program, person, body.role), body.profile, body.needs_assessment)

    async def enrol_participant(self, caller: Caller, program_id: str, body: EnrolParticipant) -> str:
        """The coordinator's shortcut: the person's profile from the body, applied and approved at once."""
        caller.require(Role.COORDINATOR)
        program = await self.directory.program(caller, program_id)
        person = await self.person(caller.agency_id, body.person.id)
        profile = _shortcut_profile(person.profile, body)
        new_id = await self.submit(caller, Applicant(program, person, body.role), profile, {})
        application = await self._application(caller, new_id)
        if application.status.decided:
            return new_id  # a retry of a shortcut whose first attempt approved it
        try:
            await self._approve(caller, application, justification=None)
        except Invalid as refused:
            raise Invalid(
                f"{refused}. This shortcut approves eligible people only: apply, then approve the application",
                field="person",
            ) from None
        return new_id

    async def submit(
        self,
        caller: Caller,
        applicant: Applicant,
        profile: Profile | None,
        needs_assessment: Mapping[str, str],
    ) -> str:
        """Decide the application with the profile sent (if any), then record the profile and the application."""
        new = rules.new_application(
            caller.agency_id,
            applicant,
            profile,
            by=caller.actor_id,
            now=self.clock(),
            needs_assessment=needs_assessment,
            request_key=caller.request_key,
        )
        stream = application_stream(new.application_id)
        existing = await self.applications.get(caller.agency_id, stream)
        if existing is None:
            if new.profile is not None:
                await self._record_profile(caller, new.profile)
            try:
                await self.applications.record(caller.cause(), stream, None, new.submitted, new.submission)
                self.rosters.added(caller.agency_id, applicant.program.program_id, stream)
                return new.application_id
            except ConcurrencyConflict:
                existing = await self.applications.get(caller.agency_id, stream)
        if existing is not None and caller.request_key is not None and existing.state.request_key == caller.request_key:
            return new.application_id  # a retry of a request whose first attempt stored the application
        raise AlreadyApplied(
            f"person {applicant.person.person_id} already applied to programme {applicant.program.program_id} "
            f"(application {new.application_id})"
        )

    async def submit_many(
        self, caller: Caller, program: Program, rows: Sequence[ImportRow], import_id: str, *, dry_run: bool
    ) -> Batch:
        """Apply for many people at once, reading nothing in the usual case: who applied is the programme's
        roster, and a person not held is taken as new, their profile recorded at the first version, whose
        uniqueness catches anyone who exists after all; those are read and decided again. Each row is decided
        alone (a refused row is rejected, naming its column); a person who already applied is left as they are.
        On a dry run nothing is recorded, so everyone is read."""
        agency = caller.agency_id
        applied = await self.rosters.streams(agency, program.program_id)
        waiting = [row for row in rows if self._stream_of(agency, program, row) not in applied]
        present = len(rows) - len(waiting)
        streams = [person_stream(agency, row.person_id) for row in waiting]
        known = dict(
            await self.people.get_many(agency, streams) if dry_run else self.people.held_versions(agency, streams)
        )
        imported, eligible, rejected = 0, 0, []
        for _ in range(MAX_BULK_ROUNDS):
            decided, refused = self._decided(caller, program, waiting, known, import_id)
            rejected += refused
            if dry_run:
                return Batch(
                    len(rows), len(decided), present, sum(new.submitted.eligible for _, new in decided), tuple(rejected)
                )
            stored, moved, taken = await self._record_many(caller.cause(), program, decided, known)
            imported += len(stored)
            eligible += sum(new.submitted.eligible for _, new in stored)
            present += len(taken)
            waiting = moved
            if not waiting:
                break
            known.update(await self.people.get_many(agency, [person_stream(agency, row.person_id) for row in moved]))
        rejected += [_changed_meanwhile(row) for row in waiting]
        return Batch(len(rows), imported, present, eligible, tuple(rejected))

    def _decided(
        self,
        caller: Caller,
        program: Program,
        rows: Sequence[ImportRow],
        known: Mapping[str, Versioned[Person]],
        import_id: str,
    ) -> tuple[list[tuple[ImportRow, rules.NewApplication]], list[RejectedRow]]:
        """Each row decided alone on the person as known: the applications to record, and the rows refused."""
        agency, now = caller.agency_id, self.clock()
        decided: list[tuple[ImportRow, rules.NewApplication]] = []
        rejected: list[RejectedRow] = []
        for row in rows:
            person = known.get(person_stream(agency, row.person_id))
            applicant = Applicant(program, person.state if person else Person(row.person_id), row.apply.role)
            try:
                new = rules.new_application(
                    agency, applicant, row.apply.profile, by=caller.actor_id, now=now,
                    needs_assessment=row.apply.needs_assessment, import_id=import_id,
                )  # fmt: skip
            except (Invalid, Conflict) as refused:
                rejected.append(_rejected_row(row.number, refused))
                continue
            decided.append((row, new))
        return decided, rejected

    @staticmethod
    def _stream_of(agency_id: str, program: Program, row: ImportRow) -> str:
        return application_stream(application_id(agency_id, program.program_id, row.person_id))

    async def _record_many(
        self,
        cause: Cause,
        program: Program,
        decided: list[tuple[ImportRow, rules.NewApplication]],
        known: Mapping[str, Versioned[Person]],
    ) -> tuple[list[tuple[ImportRow, rules.NewApplication]], list[ImportRow], set[str]]:
        """Record the profiles, then the applications whose profile was recorded. Returns the applications stored,
        the rows whose person's stream had moved on (to decide again on the person read), and the applications
        another request stored meanwhile (already present)."""
        agency = cause.agency_id
        profiles = [
            (stream, known.get(stream), new.profile, None)
            for _, new in decided
            if new.profile is not None
            for stream in [person_stream(agency, new.profile.person_id)]
        ]
        moved = await self.people.record_many(cause, profiles)
        ready = [(row, new) for row, new in decided if person_stream(agency, row.person_id) not in moved]
        taken = await self.applications.record_many(
            cause,
            [(application_stream(new.application_id), None, new.submitted, new.submission) for _, new in ready],
        )
        stored = [(row, new) for row, new in ready if application_stream(new.application_id) not in taken]
        for _, new in stored:
            self.rosters.added(agency, program.program_id, application_stream(new.application_id))
        return stored, [row for row, _ in decided if person_stream(agency, row.person_id) in moved], taken

    async def eligible_now(self, caller: Caller, program: Program, pending: Sequence[Application]) -> list[Application]:
        """Those of `pending` that meet every rule now, reading the people not held in one query."""
        agency, now = caller.agency_id, self.clock()
        known = await self.people.get_many(agency, [person_stream(agency, item.person_id) for item in pending])
        return [
            application
            for application in pending
            for person in [known.get(person_stream(agency, application.person_id))]
            if person is not None and not unmet_rules(program.design, application.role, person.state, now)
        ]

    async def approve_many(self, caller: Caller, program: Program, eligible: Sequence[Application]) -> int:
        """Approve `eligible` in a few round trips; returns how many were (an application another request decided
        meanwhile, or that no longer meets every rule, is left as it is)."""
        agency, now = caller.agency_id, self.clock()
        known = await self.people.get_many(agency, [person_stream(agency, item.person_id) for item in eligible])
        approvals = []
        for application in eligible:
            stream = application_stream(application.application_id)
            current = await self.applications.get(agency, stream)
            person = known.get(person_stream(agency, application.person_id))
            if current is None or person is None:
                continue
            try:
                event, approval = rules.approve(
                    current.state, Applicant(program, person.state, application.role),
                    by=caller.actor_id, now=now, justification=None,
                )  # fmt: skip
            except (Invalid, Conflict):
                continue
            approvals.append((stream, current, event, approval))
        taken = await self.applications.record_many(caller.cause(), approvals)
        return len(approvals) - len(taken)

    async def _record_profile(self, caller: Caller, recorded: people.ProfileRecorded) -> None:
        stream = person_stream(caller.agency_id, recorded.person_id)
        current = await self.people.get(caller.agency_id, stream)
        try:
            await self.people.record(caller.cause(), stream, current, recorded)
        except ConcurrencyConflict:
            raise Conflict(
                f"the profile of {recorded.person_id} changed at the same time; nothing was stored, retry"
            ) from None

    async def person(self, agency_id: str, person_id: str) -> Person:
        """The person as enrolment knows them; someone never seen before has no profile yet."""
        found = await self.people.get(agency_id, person_stream(agency_id, person_id))
        return found.state if found else Person(person_id)

    async def list_applications(self, caller: Caller, program_id: str, query: ApplicationsQuery) -> ApplicationPage:
        caller.require(Role.COORDINATOR)
        await self.directory.program(caller, program_id)
        roster = await self.rosters.of(caller.agency_id, program_id)
        if query.status is not None:
            roster = [application for application in roster if application.status is query.status]
        items, cursor = page(roster, query, key=lambda application: application.application_id)
        found = await self.people.get_many(
            caller.agency_id, [person_stream(caller.agency_id, item.person_id) for item in items]
        )
        views = [
            application_view(item, _state(found.get(person_stream(caller.agency_id, item.person_id)))) for item in items
        ]
        return ApplicationPage(items=views, next_cursor=cursor)

    async def get_application(self, caller: Caller, application_id: str) -> ApplicationView:
        application = await self._visible(caller, application_id)
        return await self._view(caller, application)

    async def approve_application(self, caller: Caller, application_id: str, body: Approve) -> ApplicationView:
        caller.require(Role.COORDINATOR)
        application = await self._approve(
            caller, await self._application(caller, application_id), body.exception_justification
        )
        return await self._view(caller, application)

    async def _approve(self, caller: Caller, application: Application, justification: str | None) -> Application:
        program = await self.directory.program(caller, application.program_id)
        person = await self.person(caller.agency_id, application.person_id)

        def decide(current: Application) -> Decision:
            applicant = Applicant(program, person, current.role)
            return rules.approve(current, applicant, by=caller.actor_id, now=self.clock(), justification=justification)

        return await self._change(caller, application.application_id, decide)

    async def reject_application(self, caller: Caller, application_id: str, body: Reject) -> ApplicationView:
        caller.require(Role.COORDINATOR)
        await self._application(caller, application_id)
        rejected = await self._change(
            caller, application_id, lambda current: rules.reject(current, by=caller.actor_id, reason=body.reason)
        )
        return await self._view(caller, rejected)

    async def withdraw_application(self, caller: Caller, application_id: str, body: Withdraw) -> ApplicationView:
        application = await self._visible(caller, application_id)
        by_coordinator = caller.actor_id != application.person_id

        def decide(current: Application) -> Decision:
            return rules.withdraw(current, by=caller.actor_id, by_coordinator=by_coordinator, reason=body.reason)

        return await self._view(caller, await self._change(caller, application_id, decide))

    async def _change(
        self, caller: Caller, application_id: str, decide: Callable[[Application], Decision]
    ) -> Application:
        stream = application_stream(application_id)
        return await self.applications.change(caller.cause(), stream, decide, _missing(application_id))

    async def _application(self, caller: Caller, application_id: str) -> Application:
        found = await self.applications.get(caller.agency_id, application_stream(application_id))
        if found is None:
            raise _missing(application_id)
        return found.state

    async def _visible(self, caller: Caller, application_id: str) -> Application:
        """The application, for its applicant and for coordinators; Forbidden for anyone else of the agency."""
        application = await self._application(caller, application_id)
        if Role.COORDINATOR not in caller.roles and caller.actor_id != application.person_id:
            raise Forbidden("only the applicant and the programme's coordinators see an application")
        return application

    async def _view(self, caller: Caller, application: Application) -> ApplicationView:
        return application_view(application, await self.person(caller.agency_id, application.person_id))


def _rejected_row(number: int, refused: Invalid | Conflict) -> RejectedRow:
    """A row the domain refused, naming its column as the file does: `grade`, `needs_assessment:goal`."""
    field = refused.field if isinstance(refused, Invalid) else "role"
    column = field.removeprefix("profile.").replace("needs_assessment.", "needs_assessment:")
    if column in (ParticipantRole.MENTOR, ParticipantRole.MENTEE):
        column = "role"
    return RejectedRow(row=number, field=column, message=str(refused))


def _changed_meanwhile(row: ImportRow) -> RejectedRow:
    message = f"the profile of {row.person_id} changed while the file was imported: import the file again"
    return RejectedRow(row=row.number, field="person_id", message=message)


def _missing(application_id: str) -> NotFound:
    return NotFound(f"no application {application_id}")


def _state(found: Versioned[Person] | None) -> Person | None:
    return found.state if found else None


def _applicant(caller: Caller, body: Apply) -> str:
    """Whose application this is: the caller's own, in a role their token grants, or a coordinator's for someone."""
    if body.person_id is not None and body.person_id != caller.actor_id:
        caller.require(Role.COORDINATOR)
        return body.person_id
    if body.role not in caller.roles:
        if Role.COORDINATOR in caller.roles:
            raise Invalid("a coordinator applying for someone names them in `person_id`", field="person_id")
        raise Forbidden(f"your token does not grant the role {body.role}: apply in a role you have")
    return caller.actor_id


def _shortcut_profile(current: Profile | None, body: EnrolParticipant) -> Profile:
    """The shortcut's body laid over the person's profile (a new one if they have none)."""
    person = body.person
    sent = person.model_dump(exclude={"id"}, exclude_unset=True)
    if body.role is ParticipantRole.MENTOR:
        if body.desired_skills is not None:
            raise Invalid("`desired_skills` is for mentees; a mentor lists `skills`", field="desired_skills")
        if not body.skills:
            raise Invalid("a mentor needs at least one skill in `skills`", field="skills")
        if body.capacity is None:
            raise Invalid("a mentor needs a `capacity` (how many mentees)", field="capacity")
        sent["mentor"] = MentorProfile(skills=body.skills, capacity=body.capacity)
    else:
        if body.skills is not None or body.capacity is not None:
            raise Invalid("`skills` and `capacity` are for mentors; a mentee lists `desired_skills`", field="skills")
        if not body.desired_skills:
            raise Invalid("a mentee needs at least one skill in `desired_skills`", field="desired_skills")
        sent["mentee"] = MenteeProfile(desired_skills=body.desired_skills)
    if person.manager_id == person.id:
        raise Invalid("`person.manager_id` cannot be the person themself", field="person.manager_id")
    if current is None:
        return Profile(months_of_service=0, **sent)
    return people.patched(current, sent)
