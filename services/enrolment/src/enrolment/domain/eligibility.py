"""Eligibility: which of a programme's rules a person does not meet, each named with what would meet it.

It is checked when someone applies, so the application carries the result from the start, and again on approval,
since a profile can change and attendance be recorded in between. An unmet rule is no refusal: a coordinator may
still approve, as an exception with a written justification.
"""

from dataclasses import dataclass
from datetime import datetime

from enrolment.domain.people import ATTENDANCE_COUNTS_FOR, Person
from mentoring_contracts.api import CreateProgram, Profile
from mentoring_contracts.names import EligibilityRule, ParticipantRole


@dataclass(frozen=True)
class Unmet:
    rule: EligibilityRule
    message: str


def unmet_rules(design: CreateProgram, role: ParticipantRole, person: Person, now: datetime) -> tuple[Unmet, ...]:
    profile: Profile | None = person.profile
    if profile is None:
        raise ValueError(f"person {person.person_id} has no profile to check")
    rules = design.eligibility
    unmet: list[Unmet] = []
    if profile.months_of_service < rules.min_months_of_service:
        unmet.append(
            Unmet(
                EligibilityRule.MONTHS_OF_SERVICE,
                f"needs {rules.min_months_of_service} months of service; has {profile.months_of_service}",
            )
        )
    if rules.good_standing_required and not profile.good_standing:
        unmet.append(Unmet(EligibilityRule.GOOD_STANDING, "needs to be in good standing"))
    allowed = rules.allowed_grades.get(role)
    if allowed and profile.grade not in allowed:
        unmet.append(
            Unmet(EligibilityRule.GRADE, f"grade {profile.grade} is not admitted for {role}s: {', '.join(allowed)} are")
        )
    if design.info_session_required and not person.attended_since(now - ATTENDANCE_COUNTS_FOR):
        unmet.append(
            Unmet(EligibilityRule.INFO_SESSION, "needs to attend an information session: none in the last 12 months")
        )
    return tuple(unmet)
