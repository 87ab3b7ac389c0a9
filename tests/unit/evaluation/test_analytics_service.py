"""Analytics' application service on in-memory ports: each event counted once, also after a reload from the store
and while a load races with storing; who may read what; and the metrics it shares its facts with agree."""

import asyncio
from datetime import date

import pytest

from evaluation.handlers.analytics import AnalyticsAnswers
from evaluation.handlers.analytics import consumed as analysed
from evaluation.handlers.consuming import together
from evaluation.handlers.metrics import Metrics
from evaluation.handlers.metrics import consumed as counted
from evaluation.stores.analytics import AnalyticsFacts
from evaluation.stores.facts import ProgramFacts
from mentoring_contracts.api.analytics import AnalyticsQuery
from mentoring_contracts.names import Withholding
from mentoring_runtime.consumer import Batched
from mentoring_runtime.errors import Forbidden, NotReady
from tests.support.analytics_events import applied, approved, at, matched, met, signed
from tests.support.factories import caller, program_opened
from tests.support.memory_store import MemoryDatabase

pytestmark = pytest.mark.unit

YEAR = AnalyticsQuery.model_validate({"from": "2026-01-01", "to": "2026-12-31"})


def history(agency: str = "agency-a"):
    return [
        at(program_opened("g1"), "2026-01-01", agency),
        at(applied("e1"), "2026-01-02", agency),
        at(approved("e1"), "2026-01-03", agency),
        at(matched("p1", "m1", "e1"), "2026-01-04", agency),
        at(signed("p1", "m1", "e1", day="2026-01-05"), "2026-01-05", agency),
        at(met("p1", "2026-01-06", 90), "2026-01-06", agency),
        at(met("p1", "2026-02-06", 45), "2026-02-06", agency),
    ]


def answers(database: MemoryDatabase, **options) -> AnalyticsAnswers:
    return AnalyticsAnswers(AnalyticsFacts(database), today=lambda: date(2026, 12, 1), **options)  # type: ignore[arg-type]


async def test_a_redelivered_event_counts_once_also_after_a_reload_from_the_store() -> None:
    database = MemoryDatabase()
    analytics = answers(database)
    events = history()
    await analytics.record(events)
    first = await analytics.program_analytics(caller(), "g1", YEAR)
    await analytics.record([*events[3:], events[-1]])  # redelivered, the last twice in one batch
    again = await analytics.program_analytics(caller(), "g1", YEAR)
    assert again == first
    assert (again.total.meetings.value, again.total.mentee_funnel.applied.value) == (2, 1)
    restarted = answers(database)
    await restarted.record(events[-2:])  # redelivered to a new process before its first answer
    assert await restarted.program_analytics(caller(), "g1", YEAR) == first


async def test_facts_stored_while_the_ledger_loads_count_once() -> None:
    database = MemoryDatabase()
    events = history()
    await answers(database).record(events[:4])  # stored by an earlier process
    facts = AnalyticsFacts(database)  # type: ignore[arg-type]
    analytics = AnalyticsAnswers(facts, today=lambda: date(2026, 12, 1))
    reading, stored = asyncio.Event(), asyncio.Event()
    read = facts.agency

    async def slow_read(agency_id: str):
        found = await read(agency_id)  # reads the store before the batches below store...
        reading.set()
        await stored.wait()  # ...and answers after they did
        return found

    facts.agency = slow_read  # type: ignore[method-assign]
    answer = asyncio.create_task(analytics.program_analytics(caller(), "g1", YEAR))
    await reading.wait()
    await analytics.record(events[4:6])  # stored during the load, not in what it read
    await analytics.record([events[6], events[2]])  # one new, one it read
    stored.set()
    loaded = await answer
    assert (loaded.total.meetings.value, loaded.total.meeting_hours.value) == (2, 2.25)
    assert (loaded.total.mentee_funnel.approved.value, loaded.total.partnerships.active.value) == (1, 1)
    assert loaded == await answers(database).program_analytics(caller(), "g1", YEAR)


async def test_a_fact_the_load_read_before_its_batch_carried_on_counts_once() -> None:
    database = MemoryDatabase()
    events = history()
    facts = AnalyticsFacts(database)  # type: ignore[arg-type]
    analytics = AnalyticsAnswers(facts, today=lambda: date(2026, 12, 1))
    await analytics.record(events[:-1])  # not yet loaded: nothing held
    inserted, carry_on = asyncio.Event(), asyncio.Event()
    add_all = facts.add_all

    async def slow_add_all(batch):
        added = await add_all(batch)  # in the store...
        inserted.set()
        await carry_on.wait()  # ...but the batch carries on only after the load
        return added

    facts.add_all = slow_add_all  # type: ignore[method-assign]
    batch = asyncio.create_task(analytics.record(events[-1:]))
    await inserted.wait()
    loaded = await analytics.program_analytics(caller(), "g1", YEAR)  # reads the last meeting
    carry_on.set()
    await batch
    after = await analytics.program_analytics(caller(), "g1", YEAR)
    assert loaded.total.meetings.value == after.total.meetings.value == 2


async def test_meetings_and_hours_agree_with_the_programme_metrics_counted_from_the_same_events() -> None:
    database = MemoryDatabase()
    metrics, analytics = Metrics(ProgramFacts(database)), answers(database)  # type: ignore[arg-type]
    handlers = together(counted(metrics), analysed(analytics))
    events = history()
    batches: dict[Batched, list] = {}
    for envelope in [*events, events[-1]]:  # grouped by handler, as the consumer hands a batch over
        handler = handlers[type(envelope.payload)]
        assert isinstance(handler, Batched)
        batches.setdefault(handler, []).append(envelope)
    for handler, batch in batches.items():
        await handler.handle(batch)
    totals = await metrics.metrics(caller(), "g1")
    answer = await analytics.program_analytics(caller(), "g1", YEAR)
    assert (answer.total.meetings.value, answer.total.meeting_hours.value) == (2, 2.25)
    assert (totals.meetings_logged, totals.meeting_hours) == (
        answer.total.meetings.value,
        answer.total.meeting_hours.value,
    )


async def test_only_a_coordinator_reads_a_programme_and_only_coordinators_and_leadership_the_agency() -> None:
    analytics = answers(MemoryDatabase())
    await analytics.record(history())
    for roles in (("leadership",), ("mentor",), ("mentee",)):
        with pytest.raises(Forbidden):
            await analytics.program_analytics(caller("agency-a", "x", *roles), "g1", YEAR)
    with pytest.raises(Forbidden):
        await analytics.agency_analytics(caller("agency-a", "x", "mentor"), YEAR)
    full = await analytics.agency_analytics(caller(), YEAR)
    assert full.min_people is None and full.total.meetings.value == 2


async def test_leadership_reads_the_agency_with_what_disclosure_withholds_under_the_agencys_k() -> None:
    asked = []

    def withhold(cells, sums, dependencies, hidden, min_people):
        asked.append((min_people, hidden))
        return {key: Withholding.FEW_PEOPLE for key, cell in cells.items() if cell.people < min_people}

    async def agency_k(agency_id: str) -> int:
        return 3 if agency_id == "agency-a" else 10

    analytics = answers(MemoryDatabase(), withhold=withhold, min_people=agency_k)
    await analytics.record(history())
    answer = await analytics.agency_analytics(caller("agency-a", "lead", "leadership"), YEAR)
    assert answer.min_people == 3 and asked[0][0] == 3
    assert ("total", "mentee_funnel", "not_eligible") in asked[0][1]
    assert answer.total.meetings.withheld is Withholding.FEW_PEOPLE and answer.total.meetings.value is None
    assert answer.total.mentee_funnel.applied.withheld is Withholding.FEW_PEOPLE


async def test_leaderships_as_of_is_the_day_alone() -> None:
    analytics = answers(MemoryDatabase())
    await analytics.record(history())
    full = await analytics.agency_analytics(caller(), YEAR)
    guarded = await analytics.agency_analytics(caller("agency-a", "lead", "leadership"), YEAR)
    assert full.as_of is not None and guarded.as_of is not None
    assert guarded.as_of == full.as_of.replace(hour=0, minute=0, second=0, microsecond=0) != full.as_of


async def test_every_agencys_ledger_is_folded_as_the_service_starts_so_no_request_waits() -> None:
    database = MemoryDatabase()
    await answers(database).record([*history("agency-a"), *history("agency-b")])  # an earlier process's
    facts = AnalyticsFacts(database)  # type: ignore[arg-type]
    reads: list[str] = []
    read = facts.agency

    async def counted_read(agency_id: str):
        reads.append(agency_id)
        return await read(agency_id)

    facts.agency = counted_read  # type: ignore[method-assign]
    restarted = AnalyticsAnswers(facts, today=lambda: date(2026, 12, 1))
    await restarted.warm()
    assert reads == ["agency-a", "agency-b"]
    answer = await restarted.program_analytics(caller("agency-b"), "g1", YEAR)
    assert answer.total.meetings.value == 2 and reads == ["agency-a", "agency-b"]  # read nothing again


async def test_leadership_sees_nothing_derived_from_a_programme_of_four_people() -> None:
    analytics = answers(MemoryDatabase())  # the real disclosure rules, the default k of 5
    events = [at(program_opened("g1"), "2026-01-01")]
    for mentor, mentee in (("m1", "e1"), ("m2", "e2")):
        events += [
            at(applied(mentee), "2026-01-02"), at(approved(mentee), "2026-01-03"),
            at(matched(f"p-{mentee}", mentor, mentee), "2026-01-04"),
            at(signed(f"p-{mentee}", mentor, mentee, day="2026-01-05"), "2026-01-05"),
            at(met(f"p-{mentee}", "2026-01-06", 60), "2026-01-06"),
        ]  # fmt: skip
    await analytics.record(events)
    answer = await analytics.agency_analytics(caller("agency-a", "lead", "leadership"), YEAR)
    shown = [value for value in _values(answer.model_dump()) if value is not None]
    assert answer.min_people == 5 and shown == []


async def test_leadership_sees_the_figures_of_enough_people() -> None:
    analytics = answers(MemoryDatabase())
    events = [at(program_opened("g1"), "2026-01-01")]
    for n in range(12):
        events += [at(applied(f"e{n}"), "2026-01-02"), at(approved(f"e{n}"), "2026-01-03")]
    await analytics.record(events)
    answer = await analytics.agency_analytics(caller("agency-a", "lead", "leadership"), YEAR)
    assert (answer.total.mentee_funnel.applied.value, answer.total.mentee_funnel.approved.value) == (12, 12)
    assert answer.total.mentee_funnel.applied.withheld is None


def _values(node):
    if isinstance(node, dict):
        if set(node) == {"value", "withheld"}:
            yield node["value"]
        else:
            for value in node.values():
                yield from _values(value)
    elif isinstance(node, list):
        for value in node:
            yield from _values(value)


async def test_a_request_that_waits_too_long_for_its_agency_to_load_is_told_to_retry_while_the_load_goes_on() -> None:
    database = MemoryDatabase()
    await answers(database).record(history())
    facts = AnalyticsFacts(database)  # type: ignore[arg-type]
    analytics = AnalyticsAnswers(facts, today=lambda: date(2026, 12, 1), load_wait_seconds=0.01)
    release = asyncio.Event()
    read = facts.agency

    async def slow_read(agency_id: str):
        await release.wait()
        return await read(agency_id)

    facts.agency = slow_read  # type: ignore[method-assign]
    with pytest.raises(NotReady):
        await analytics.program_analytics(caller(), "g1", YEAR)
    release.set()
    await asyncio.sleep(0.05)
    assert (await analytics.program_analytics(caller(), "g1", YEAR)).total.meetings.value == 2


async def test_an_answer_comes_as_csv_or_as_the_chart_the_query_names_withheld_figures_withheld() -> None:
    analytics = answers(MemoryDatabase())
    await analytics.record(history())
    csv = await analytics.program_analytics(caller(), "g1", YEAR, "text/csv")
    assert isinstance(csv, str) and "meetings" in csv and "e1" not in csv
    cadence = AnalyticsQuery.model_validate({"from": "2026-01-01", "to": "2026-12-31", "chart": "cadence"})
    svg = await analytics.program_analytics(caller(), "g1", cadence, "image/svg+xml")
    assert isinstance(svg, str) and svg.lstrip().startswith("<?xml") and "<svg" in svg
    guarded = await analytics.agency_analytics(caller("agency-a", "lead", "leadership"), YEAR, "text/csv")
    assert "few_people" in guarded and "min_people,5" in guarded


async def test_an_event_one_feature_consumes_keeps_its_handler_and_a_shared_one_reaches_each_once() -> None:
    seen: list[tuple[str, str]] = []

    async def first(envelopes) -> None:
        seen.extend(("first", envelope.payload.event_type) for envelope in envelopes)

    async def second(envelope) -> None:
        seen.append(("second", envelope.payload.event_type))

    own = Batched(first)
    events = history()
    handlers = together(
        {type(events[0].payload): own, type(events[-1].payload): own}, {type(events[-1].payload): second}
    )
    assert handlers[type(events[0].payload)] is own
    shared = handlers[type(events[-1].payload)]
    assert isinstance(shared, Batched) and shared is not own
    await shared.handle([events[-1], events[-2]])
    assert seen == [("first", "MeetingLogged")] * 2 + [("second", "MeetingLogged")] * 2
