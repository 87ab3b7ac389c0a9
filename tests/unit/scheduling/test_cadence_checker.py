"""The cadence checker on in-memory ports: what is due is recorded once per partnership, whichever instance checks,
and the partnership's view and the coordinator's list show its standing."""

import asyncio
from datetime import timedelta

import pytest
from opentelemetry.sdk.trace import TracerProvider
from pymongo.errors import AutoReconnect

from mentoring_contracts import Cadence
from mentoring_contracts.api import LogMeeting, PartnershipsQuery
from mentoring_runtime.errors import Conflict
from mentoring_runtime.event_log import StoredFact
from scheduling.bootstrap import Scheduling, wire
from scheduling.handlers.cadence import CadenceChecker, Pass
from tests.support.cadence import SIGNED_AT, Clock, signed
from tests.support.conflicts import count_conflicts
from tests.support.factories import caller, pair_matched, program_opened, wrapped
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
SETTLED = WEEK + 2 * DAY  # the first weekly period, with its grace for logging late
REPORTS = {"MeetingOverdue", "PartnershipInactive"}


class Instance:
    """One scheduling process on the shared ports: its application services and its checker."""

    def __init__(self, ports: MemoryPorts, clock: Clock, tracer_provider: TracerProvider | None = None) -> None:
        self.scheduling: Scheduling = wire(ports.log, ports.recorder, clock)
        tracer = tracer_provider.get_tracer("test") if tracer_provider else None
        self.checker = CadenceChecker(
            self.scheduling.held_partnerships, self.scheduling.held_programs, clock, tracer=tracer
        )

    async def started(self) -> "Instance":
        """As a process starts: everything recorded so far read once."""
        await self.scheduling.held_programs.warm()
        await self.scheduling.held_partnerships.warm()
        return self


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("scheduling")


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def _active(instance: Instance, *pair_ids: str, agency_id: str = "agency-a") -> None:
    for pair_id in pair_ids:
        await instance.scheduling.matches.on_matched(wrapped(pair_matched(pair_id), agency_id, "matching"))
        await signed(instance.scheduling, pair_id, agency_id)


async def _reports(ports: MemoryPorts, pair_id: str, agency_id: str = "agency-a") -> list[StoredFact]:
    stream = await ports.log.for_agency(agency_id).stream(f"partnership:{pair_id}")
    return [fact for fact in stream if fact.event_type in REPORTS]


def _told(reports: list[StoredFact]) -> list[tuple[str, str | None]]:
    return [(fact.event_type, fact.payload.get("period_end")) for fact in reports]


async def test_a_missed_period_is_recorded_once_it_settled_and_only_once(ports: MemoryPorts, clock: Clock) -> None:
    instance = Instance(ports, clock)
    await _active(instance, "p1")
    clock.advance(SETTLED - timedelta(seconds=1))
    assert await instance.checker.check() == Pass(checked=1, reported=0)
    clock.advance(timedelta(seconds=1))
    assert await instance.checker.check() == Pass(checked=1, reported=1)
    [overdue] = await _reports(ports, "p1")
    assert overdue.payload["period_start"] == SIGNED_AT.isoformat().replace("+00:00", "Z")
    assert (overdue.payload["expected_meetings"], overdue.payload["held_meetings"]) == (1, 0)
    assert overdue.payload["days_overdue"] == 2.0
    assert await instance.checker.check() == Pass(checked=1, reported=0)
    assert len(await _reports(ports, "p1")) == 1


async def test_two_instances_and_a_restart_record_each_report_once(
    ports: MemoryPorts, clock: Clock, monkeypatch
) -> None:
    conflicts = count_conflicts(monkeypatch)
    first = Instance(ports, clock)
    await _active(first, "p1", "p2")
    second = await Instance(ports, clock).started()
    clock.advance(SETTLED)
    assert (await first.checker.check()).reported == 2
    assert (await second.checker.check()).reported == 0  # it decided on what it held, lost, and read the reports
    assert conflicts, "the second instance never lost a race, so deciding again went untested"

    clock.advance(WEEK)
    passes = await asyncio.gather(first.checker.check(), second.checker.check())
    assert sum(done.reported for done in passes) == 2

    restarted = await Instance(ports, clock).started()
    assert (await restarted.checker.check()).reported == 0

    clock.now = SIGNED_AT + 90 * DAY
    await asyncio.gather(first.checker.check(), second.checker.check(), restarted.checker.check())
    for pair_id in ("p1", "p2"):
        told = _told(await _reports(ports, pair_id))
        assert len(told) == len(set(told)), f"{pair_id} reported something twice: {told}"
        assert [kind for kind, _ in told].count("PartnershipInactive") == 1
        # weeks 1 and 2 when they were due, then the four that ended in the 30 days before day 90
        assert [kind for kind, _ in told].count("MeetingOverdue") == 6


async def test_live_instances_share_the_partnerships_out_and_together_check_them_all(
    ports: MemoryPorts, clock: Clock, monkeypatch
) -> None:
    conflicts = count_conflicts(monkeypatch)
    pair_ids = [f"p{n}" for n in range(12)]
    await _active(Instance(ports, clock), *pair_ids)
    first, second = await Instance(ports, clock).started(), await Instance(ports, clock).started()
    first.checker.share, second.checker.share = (lambda: (0, 2)), (lambda: (1, 2))
    clock.advance(SETTLED)
    passes = await asyncio.gather(first.checker.check(), second.checker.check())
    assert [done.checked for done in passes] == [done.reported for done in passes]
    assert sum(done.reported for done in passes) == len(pair_ids) and all(done.checked for done in passes)
    assert not conflicts, "each partnership was to be decided by one instance"
    for pair_id in pair_ids:
        assert len(await _reports(ports, pair_id)) == 1


async def test_a_partnership_another_instance_formed_is_checked_once_read_again(
    ports: MemoryPorts, clock: Clock
) -> None:
    here = await Instance(ports, clock).started()
    await _active(Instance(ports, clock), "p1")  # formed and signed on another instance, which is then gone
    clock.advance(SETTLED)
    assert await here.checker.check() == Pass()  # not held here
    await here.checker.read_again()
    assert await here.checker.check() == Pass(checked=1, reported=1)
    page = await here.scheduling.partnerships.program_partnerships(
        caller("agency-a", "coord-1"), "g1", PartnershipsQuery(status="overdue")
    )
    assert [view.id for view in page.items] == ["p1"]


async def test_the_programmes_terms_another_instance_heard_are_read_before_the_defaults_apply(
    ports: MemoryPorts, clock: Clock
) -> None:
    here = await Instance(ports, clock).started()
    elsewhere = Instance(ports, clock)
    cadence = Cadence(meetings_per_month=8, hours_per_month=8, inactive_after_days=30)
    await elsewhere.scheduling.matches.on_program_terms(
        wrapped(program_opened(cadence=cadence), "agency-a", "enrolment")
    )
    await _active(here, "p1")
    clock.advance(30 * DAY)
    assert (await here.checker.check()).reported == 5  # four missed weeks, then 30 days without a meeting
    reports = await _reports(ports, "p1")
    assert {fact.payload.get("expected_meetings") for fact in reports} == {2, None}  # 8 a month: 2 a week
    assert reports[-1].event_type == "PartnershipInactive"
    assert reports[-1].payload["inactive_after_days"] == 30


async def test_a_pair_that_meets_is_not_reported_and_one_still_agreeing_is_not_watched(
    ports: MemoryPorts, clock: Clock
) -> None:
    instance = Instance(ports, clock)
    await _active(instance, "p1")
    await instance.scheduling.matches.on_matched(wrapped(pair_matched("p2"), "agency-a", "matching"))
    for week in range(12):
        held_at = SIGNED_AT + week * WEEK + DAY
        meeting = LogMeeting(held_at=held_at, duration_minutes=30)
        await instance.scheduling.meetings.log_meeting(caller("agency-a", "mentor", "mentor"), "p1", meeting)
    clock.advance(12 * WEEK + 2 * DAY)
    assert await instance.checker.check() == Pass(checked=2, reported=0)
    assert await _reports(ports, "p1") == await _reports(ports, "p2") == []


async def test_standing_shows_on_the_view_and_filters_the_coordinators_list(ports: MemoryPorts, clock: Clock) -> None:
    instance = Instance(ports, clock)
    await _active(instance, "p1", "p2")
    await instance.scheduling.matches.on_matched(wrapped(pair_matched("p3"), "agency-a", "matching"))
    mentor, coordinator = caller("agency-a", "mentor", "mentor"), caller("agency-a", "coord-1")
    await instance.scheduling.meetings.log_meeting(
        mentor, "p2", LogMeeting(held_at=SIGNED_AT + DAY, duration_minutes=30)
    )
    clock.advance(SETTLED)

    async def listed(status: str) -> list[str]:
        page = await instance.scheduling.partnerships.program_partnerships(
            coordinator, "g1", PartnershipsQuery(status=status)
        )
        return sorted(view.id for view in page.items)

    assert (await instance.scheduling.partnerships.partnership(mentor, "p1")).standing == "overdue"
    assert (await instance.scheduling.partnerships.partnership(mentor, "p3")).standing is None
    assert (await listed("overdue"), await listed("on_track"), await listed("inactive")) == (["p1"], ["p2"], [])
    await instance.scheduling.meetings.log_meeting(mentor, "p1", LogMeeting(held_at=clock.now, duration_minutes=30))
    assert await listed("on_track") == ["p1", "p2"]
    clock.now = SIGNED_AT + 100 * DAY
    assert await listed("inactive") == ["p1", "p2"]


async def test_a_partnership_whose_check_fails_is_skipped_and_the_others_are_checked(
    ports: MemoryPorts, clock: Clock, monkeypatch
) -> None:
    instance = Instance(ports, clock)
    await _active(instance, "p1", "p2")
    change = instance.scheduling.held_partnerships.change

    async def busy_for_p1(cause, partnership_id, decide, knowing=()):  # type: ignore[no-untyped-def]
        if partnership_id == "p1":
            raise Conflict("other changes to this resource were being stored at the same time")
        return await change(cause, partnership_id, decide, knowing)

    monkeypatch.setattr(instance.scheduling.held_partnerships, "change", busy_for_p1)
    clock.advance(SETTLED)
    assert await instance.checker.check() == Pass(checked=2, reported=1, failed=1)
    assert await _reports(ports, "p1") == []
    monkeypatch.undo()
    assert await instance.checker.check() == Pass(checked=2, reported=1)


async def test_what_a_pass_records_carries_its_trace(ports: MemoryPorts, clock: Clock) -> None:
    instance = Instance(ports, clock, TracerProvider())
    await _active(instance, "p1", "p2")
    clock.now = SIGNED_AT + 90 * DAY
    assert (await instance.checker.check()).reported == 2 * 5  # four missed weeks and an inactivity each
    logged = await ports.database["event_log"].find({"event_type": {"$in": sorted(REPORTS)}}).to_list()
    traces = {doc["trace"].get("traceparent", "").split("-")[1] for doc in logged}
    assert len(traces) == 1 and traces != {""}


async def test_the_checker_runs_on_its_timer_and_waits_out_the_store(ports: MemoryPorts, clock: Clock) -> None:
    instance = Instance(ports, clock)
    await _active(instance, "p1")
    clock.advance(SETTLED)
    away = [AutoReconnect("the store is away")]
    check = instance.checker.check

    async def store_away_once() -> Pass:
        if away:
            raise away.pop()
        return await check()

    instance.checker.check = store_away_once  # type: ignore[method-assign]
    spawned = []
    instance.checker.start(lambda work, name: spawned.append(asyncio.ensure_future(work)), 0.01, 3600)
    instance.checker.start(lambda work, name: spawned.append(asyncio.ensure_future(work)), 0.01, 3600)
    try:
        async with asyncio.timeout(5):
            while not await _reports(ports, "p1"):
                await asyncio.sleep(0.01)
    finally:
        for task in spawned:
            task.cancel()
    assert len(spawned) == 1 and not away
    assert len(await _reports(ports, "p1")) == 1
