"""A clock tests move by hand, and partnerships made active through scheduling's own application services."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mentoring_contracts.api import MeetingSchedule, ProposeAgreement, SignAgreement
from mentoring_contracts.names import MeetingFrequency, MeetingMode
from scheduling.bootstrap import Scheduling
from tests.support.factories import caller

SIGNED_AT = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday morning


@dataclass
class Clock:
    """Now, as the test says: a service given `clock` reads it wherever it would read the time."""

    now: datetime = SIGNED_AT

    def __call__(self) -> datetime:
        return self.now

    def advance(self, span: timedelta) -> datetime:
        self.now += span
        return self.now


def weekly_terms() -> ProposeAgreement:
    return ProposeAgreement(
        schedule=MeetingSchedule(frequency=MeetingFrequency.WEEKLY, mode=MeetingMode.VIRTUAL), based_on_version=0
    )


async def signed(scheduling: Scheduling, pair_id: str, agency_id: str = "agency-a") -> None:
    """The pair "mentor" and "mentee" agree to meet weekly and both sign: active from the clock's now."""
    mentor, mentee = caller(agency_id, "mentor", "mentor"), caller(agency_id, "mentee", "mentee")
    agreement = await scheduling.agreements.propose(mentor, pair_id, weekly_terms())
    for member in (mentor, mentee):
        await scheduling.agreements.sign(member, pair_id, SignAgreement(version=agreement.version))
