"""People: one profile per person in an agency, shared by all their applications, and the sessions they attended.

A profile is recorded whole each time it changes, so the latest fact is the profile; what other services may know
of it (`ParticipantFacts`) is derived per programme, never stored twice. The rules a profile must keep whatever
the programme (nobody manages themself or declares a conflict with themself) are checked here, once.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from enrolment.domain.changes import merged
from enrolment.domain.facts import InfoSessionAttended, ProfileRecorded
from mentoring_contracts import ParticipantFacts
from mentoring_contracts.api import MenteeProfile, MentorProfile, Profile
from mentoring_contracts.names import ParticipantRole
from mentoring_runtime.errors import Invalid
from mentoring_runtime.folding import Fact, unexpected

ATTENDANCE_COUNTS_FOR = timedelta(days=365)


@dataclass(frozen=True)
class Person:
    person_id: str
    profile: Profile | None = None
    attended: Mapping[str, datetime] = field(default_factory=dict)  # when each session they attended was held

    def attended_since(self, since: datetime) -> bool:
        return any(held_at >= since for held_at in self.attended.values())


def person_stream(agency_id: str, person_id: str) -> str:
    """Person ids are the agency's own, so the stream names the agency: two agencies' p-1 are two people."""
    return f"person:{agency_id}:{person_id}"


def mutate(person: Person | None, fact: Fact) -> Person:
    match fact.event:
        case ProfileRecorded(person_id=person_id, profile=profile):
            return replace(person or Person(person_id), profile=profile)
        case InfoSessionAttended(person_id=person_id, session_id=session_id, held_at=held_at):
            current = person or Person(person_id)
            return replace(current, attended={**current.attended, session_id: held_at})
    raise unexpected("person", fact)


def _under(field: str, name: str) -> str:
    """A field's name where the profile sits in the body: `profile.manager_id` in an application, `manager_id` alone
    in a profile's own PATCH."""
    return f"{field}.{name}" if field else name


def record_profile(person_id: str, profile: Profile, field: str = "profile") -> ProfileRecorded:
    """The profile as given, or Invalid naming the field (under `field`) that breaks a rule."""
    if profile.manager_id == person_id:
        raise Invalid("a person cannot be their own manager", field=_under(field, "manager_id"))
    if person_id in profile.conflicts:
        raise Invalid("a person cannot declare a conflict with themself", field=_under(field, "conflicts"))
    return ProfileRecorded(person_id=person_id, profile=profile)


def patched(profile: Profile, changes: dict[str, Any]) -> Profile:
    """The profile with a PATCH's fields, checked whole: a field every profile has cannot be removed."""
    return merged(profile, changes)


def role_section(profile: Profile, role: ParticipantRole, field: str = "profile") -> MentorProfile | MenteeProfile:
    """A mentor's application needs the mentor part of the profile, a mentee's the mentee part."""
    section: MentorProfile | MenteeProfile | None = profile.mentor if role is ParticipantRole.MENTOR else profile.mentee
    if section is None:
        raise Invalid(f"a {role} needs the `{role}` part of the profile", field=_under(field, role))
    return section


def location_key(location: str) -> str:
    """Where someone works as a key that matching can compare without learning the place: the same words, in any
    case or spacing, give the same key."""
    return hashlib.sha256(" ".join(location.casefold().split()).encode()).hexdigest()[:16]


def participant_facts(profile: Profile, grade_scale: tuple[str, ...]) -> ParticipantFacts:
    """What other services may know of a participant of one programme; the grade's level is its place on the
    programme's scale, when the programme has one and the grade is on it."""
    level = grade_scale.index(profile.grade) + 1 if profile.grade in grade_scale else None
    return ParticipantFacts(
        department=profile.department,
        grade=profile.grade,
        grade_level=level,
        manager_id=profile.manager_id,
        languages=profile.languages,
        time_zone=profile.time_zone,
        location_key=None if profile.location is None else location_key(profile.location),
        conflicts=profile.conflicts,
    )
