"""Reading partnerships: the caller's own, and a programme's for its coordinator by status, newest match first and
paged; and the programme's terms scheduling keeps from enrolment's facts: its duration sets each term's end, its
cadence the agreement's default schedule."""

from datetime import date, datetime, timedelta

import pytest

from mentoring_contracts import Cadence, MatchingPolicy, ProgramOpened, ProgramUpdated
from mentoring_contracts.api import (
    ClosePartnership,
    DissolvePartnership,
    MyPartnershipsQuery,
    PartnershipPage,
    PartnershipsQuery,
)
from mentoring_contracts.names import MeetingFrequency, PartnershipStatus, ProgramKind
from mentoring_runtime.errors import Forbidden
from scheduling.bootstrap import wire
from tests.support.factories import program_opened, wrapped
from tests.support.lifecycle import START, Lifecycle, coordinator, member
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit


@pytest.fixture
async def life() -> Lifecycle:
    """Programme g1: p1 (mentor, mentee) matched first, then p2 (mentor, mentee2), p3 (mentor3, mentee); p9 in g2
    (mentor, mentee9). A day apart, in that order."""
    life = await Lifecycle.started()
    for pair_id, mentor, mentee, program in [
        ("p1", "mentor", "mentee", "g1"),
        ("p2", "mentor", "mentee2", "g1"),
        ("p3", "mentor3", "mentee", "g1"),
        ("p9", "mentor", "mentee9", "g2"),
    ]:
        await life.pair(pair_id, mentor_id=mentor, mentee_id=mentee, program_id=program)
        life.clock.advance(days=1)
    return life


def ids(page: PartnershipPage) -> list[str]:
    return [item.id for item in page.items]


async def test_a_person_sees_their_own_partnerships_newest_first(life: Lifecycle) -> None:
    mine = life.scheduling.partnerships.my_partnerships
    assert ids(await mine(member("mentor"), MyPartnershipsQuery())) == ["p9", "p2", "p1"]
    assert ids(await mine(member("mentee"), MyPartnershipsQuery())) == ["p3", "p1"]
    assert ids(await mine(member("mentor"), MyPartnershipsQuery(program_id="g1"))) == ["p2", "p1"]
    assert ids(await mine(member("mentor"), MyPartnershipsQuery(program_id="g7"))) == []
    assert ids(await mine(member("stranger"), MyPartnershipsQuery())) == []
    assert ids(await mine(member("mentor", "agency-b"), MyPartnershipsQuery())) == []


async def test_a_persons_partnerships_are_paged(life: Lifecycle) -> None:
    mine = life.scheduling.partnerships.my_partnerships
    first = await mine(member("mentor"), MyPartnershipsQuery(limit=2))
    assert (ids(first), first.next_cursor) == (["p9", "p2"], "p2")
    last = await mine(member("mentor"), MyPartnershipsQuery(limit=2, cursor="p2"))
    assert (ids(last), last.next_cursor) == (["p1"], None)


async def test_the_coordinator_lists_a_programmes_partnerships_by_status(life: Lifecycle) -> None:
    await life.signed("p1")
    await life.signed("p2", ("mentor", "mentee2"))
    endings = life.scheduling.endings
    await endings.dissolve(coordinator(), "p2", DissolvePartnership(reason="other", initiated_by="coordinator"))
    close = ClosePartnership.model_validate({"reason": "goals_achieved", "goals": [{"goal": "x", "outcome": "partly"}]})
    await endings.close(member("mentee"), "p1", close)
    await life.pair("p4", mentor_id="mentor4", mentee_id="mentee4")
    await life.signed("p4", ("mentor4", "mentee4"))
    listed = life.scheduling.partnerships.program_partnerships
    every = await listed(coordinator(), "g1", PartnershipsQuery())
    assert ids(every) == ["p4", "p3", "p2", "p1"]
    assert [item.status for item in every.items] == ["active", "pending_agreement", "dissolved", "closed"]
    for status, expected in [
        (PartnershipStatus.ACTIVE, ["p4"]),
        (PartnershipStatus.PENDING_AGREEMENT, ["p3"]),
        (PartnershipStatus.DISSOLVED, ["p2"]),
        (PartnershipStatus.CLOSED, ["p1"]),
    ]:
        assert ids(await listed(coordinator(), "g1", PartnershipsQuery(status=status))) == expected
    paged = await listed(coordinator(), "g1", PartnershipsQuery(limit=3))
    assert (ids(paged), paged.next_cursor) == (["p4", "p3", "p2"], "p2")
    assert ids(await listed(coordinator(), "g1", PartnershipsQuery(limit=3, cursor="p2"))) == ["p1"]
    assert ids(await listed(coordinator("agency-b"), "g1", PartnershipsQuery())) == []


@pytest.mark.parametrize("person", ["mentor", "mentee"])
async def test_only_a_coordinator_lists_a_programmes_partnerships(life: Lifecycle, person: str) -> None:
    with pytest.raises(Forbidden, match="this needs the role coordinator"):
        await life.scheduling.partnerships.program_partnerships(member(person), "g1", PartnershipsQuery())


# The programme's terms


async def test_the_programmes_duration_sets_the_term_from_the_match_then_from_the_signature(life: Lifecycle) -> None:
    view = await life.scheduling.partnerships.partnership(member("mentee"), "p1")
    assert view.ends_on == date(2027, 3, 2)  # the platform's 12 months from the match, before enrolment told it
    await life.told(program_opened("g1", duration_months=6), producer="enrolment")
    view = await life.scheduling.partnerships.partnership(member("mentee"), "p1")
    assert (view.matched_at, view.ends_on) == (START, date(2026, 9, 2))
    life.clock.at = START + timedelta(days=60)
    await life.signed("p1")
    view = await life.scheduling.partnerships.partnership(member("mentee"), "p1")
    assert (view.active_since, view.ends_on) == (life.clock(), date(2026, 11, 1))
    assert (await life.scheduling.agreements.agreement(member("mentee"), "p1")).duration_months == 6


async def test_a_term_ending_past_a_months_last_day_ends_on_it(life: Lifecycle) -> None:
    await life.told(program_opened("g1", duration_months=1), producer="enrolment")
    life.clock.at = datetime(2027, 1, 31, 9, tzinfo=START.tzinfo)
    await life.signed("p1")
    assert (await life.scheduling.partnerships.partnership(member("mentor"), "p1")).ends_on == date(2027, 2, 28)


async def test_an_updated_cadence_changes_the_default_schedule_and_keeps_the_duration(life: Lifecycle) -> None:
    opened = program_opened("g1", kind=ProgramKind.GROUP, duration_months=9)
    await life.told(opened, producer="enrolment")
    weekly = Cadence(meetings_per_month=4, hours_per_month=4, inactive_after_days=30)
    await life.told(
        ProgramUpdated(program_id="g1", cadence=weekly, matching_policy=MatchingPolicy()), producer="enrolment"
    )
    view = await life.scheduling.agreements.agreement(member("mentor"), "p1")
    assert (view.terms.schedule.frequency, view.duration_months) == (MeetingFrequency.WEEKLY, 9)
    terms = await life.scheduling.held_programs.terms("agency-a", "g1")
    assert (terms.kind, terms.duration_months, terms.cadence) == (ProgramKind.GROUP, 9, weekly)
    other = await life.scheduling.held_programs.terms("agency-b", "g1")
    assert (other.duration_months, other.cadence.meetings_per_month) == (12, 2)  # another agency's g1 is unknown


async def test_a_programmes_terms_heard_again_record_nothing_new() -> None:
    ports = await MemoryPorts.prepared("scheduling")
    scheduling = wire(ports.log, ports.recorder)
    opened = wrapped(program_opened("g1", duration_months=6), "agency-a", "enrolment")
    for _ in range(2):
        await scheduling.consumed()[ProgramOpened](opened)
    assert len(await ports.log.for_agency("agency-a").stream("program:g1")) == 1
