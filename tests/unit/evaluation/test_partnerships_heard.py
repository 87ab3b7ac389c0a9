"""Evaluation's own view of partnerships, heard from matching, scheduling and enrolment on in-memory ports: each
event recorded once whatever the order, groups joined and left, endings, and the moments told to other features."""

import itertools
from datetime import UTC, date, datetime

import pytest

from evaluation.bootstrap import Evaluation, wire
from evaluation.domain.partnership import Moment, Told
from evaluation.handlers.consuming import together
from mentoring_contracts.names import PartnershipStatus, ProgramKind
from mentoring_runtime.consumer import Batched
from mentoring_runtime.errors import NotFound
from mentoring_runtime.recording import Cause
from tests.support.endings import closed, dissolved
from tests.support.evaluated import AGENCY, at, formed, hear, matched, member_matched, met, opened, signed
from tests.support.ports import MemoryPorts

pytestmark = pytest.mark.unit


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("evaluation")


def _evaluation(ports: MemoryPorts) -> Evaluation:
    """One evaluation process on the ports' store; a second one is that process started again."""
    return wire(ports.log, ports.recorder)


async def _stream(ports: MemoryPorts, stream: str) -> list[str]:
    return [fact.event_type for fact in await ports.log.for_agency(AGENCY).stream(stream)]


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


async def test_a_pair_is_heard_once_however_often_each_event_comes(ports: MemoryPorts) -> None:
    evaluation = _evaluation(ports)
    history = [opened(duration_months=6), matched(), signed(), met(held_at="2026-03-02T10:00:00Z")]
    for _ in range(2):
        await hear(evaluation, *history)
    assert await _stream(ports, "partnership:p1") == ["MembersJoined", "PartnershipActivated", "PartnershipMet"]
    assert await _stream(ports, "program:g1") == ["ProgramTermsHeard"]
    for process in (evaluation, _evaluation(ports)):  # held, and read again by a process started anew
        pair = await process.held_partnerships.find(AGENCY, "p1")
        assert (pair.program_id, pair.mentor_id, pair.mentee_ids, pair.group_id) == ("g1", "mentor", {"mentee"}, None)
        assert (pair.matched_at, pair.active_since) == (_when("2026-02-01T09:00:00Z"), _when("2026-03-01T09:00:00Z"))
        assert (pair.first_met_at, pair.status, pair.ended) == (_when("2026-03-02T10:00:00Z"), "active", None)
        # The term runs the programme's six months from the signature.
        assert await process.held_partnerships.term_ends_on(AGENCY, pair) == date(2026, 9, 1)


async def test_every_order_of_the_events_reaches_the_same_partnership(ports: MemoryPorts) -> None:
    history = [
        matched(),
        signed(),
        met(held_at="2026-03-09T10:00:00Z"),
        met(held_at="2026-03-02T10:00:00Z"),
        at(closed(AGENCY, "g1", "p1", "mentor", ["mentee"]), "2027-03-01T09:00:00Z"),
    ]
    seen = set()
    for order in itertools.permutations(history):
        process = wire(*(lambda p: (p.log, p.recorder))(await MemoryPorts.prepared("evaluation")))
        await hear(process, *order)
        pair = await process.held_partnerships.find(AGENCY, "p1")
        seen.add((pair.matched_at, pair.active_since, pair.first_met_at, pair.ended, pair.member_ids))
    [(matched_at, active_since, first_met_at, ended, members)] = seen
    assert first_met_at == _when("2026-03-02T10:00:00Z")  # the earlier meeting, even when heard last
    assert (ended.status, ended.at, members) == ("closed", _when("2027-03-01T09:00:00Z"), {"mentor", "mentee"})


async def test_a_partnership_whose_match_was_not_heard_is_not_found_nor_listed(ports: MemoryPorts) -> None:
    evaluation = _evaluation(ports)
    await hear(evaluation, signed(), met())
    with pytest.raises(NotFound, match="no pair or group 'p1' in your agency"):
        await evaluation.held_partnerships.find(AGENCY, "p1")
    assert await evaluation.held_partnerships.of_member(AGENCY, "mentor") == []
    await hear(evaluation, matched())
    assert (await evaluation.held_partnerships.find(AGENCY, "p1")).status == "active"


async def test_another_agencys_partnership_reads_as_missing(ports: MemoryPorts) -> None:
    evaluation = _evaluation(ports)
    await hear(evaluation, matched())
    with pytest.raises(NotFound):
        await evaluation.held_partnerships.find("agency-b", "p1")
    assert await evaluation.held_partnerships.of_program("agency-b", "g1") == []


@pytest.mark.parametrize("group_formed_first", [True, False])
async def test_a_group_is_one_partnership_found_by_any_members_pair_id(
    ports: MemoryPorts, group_formed_first: bool
) -> None:
    evaluation = _evaluation(ports)
    members = [member_matched("e1"), member_matched("e2")]
    history = [formed(mentees="e1 e2"), *members] if group_formed_first else [*members, formed(mentees="e1 e2")]
    for _ in range(2):
        await hear(evaluation, *history)
    assert len(await _stream(ports, "partnership:grp1")) == (3 if group_formed_first else 2)
    for process in (evaluation, _evaluation(ports)):
        for asked_for in ("grp1", "p-e1", "p-e2"):
            group = await process.held_partnerships.find(AGENCY, asked_for)
            assert (group.partnership_id, group.mentor_id, group.mentee_ids) == ("grp1", "mentor", {"e1", "e2"})
            assert group.is_mentor("mentor") and group.is_mentee("e2") and not group.is_mentee("mentor")


async def test_a_member_joins_a_group_later_and_one_who_left_is_gone_even_if_their_match_comes_late(
    ports: MemoryPorts,
) -> None:
    evaluation = _evaluation(ports)
    held = evaluation.held_partnerships
    left = dissolved(AGENCY, "g1", "grp1", "mentor", ["e2"], whole=False, group_id="grp1")
    await hear(evaluation, formed(mentees="e1"), left, left, member_matched("e3"), member_matched("e2"))
    group = await held.find(AGENCY, "grp1")
    assert (group.mentee_ids, group.former_mentee_ids, group.ended) == ({"e1", "e3"}, {"e2"}, None)
    assert [p.partnership_id for p in await held.of_member(AGENCY, "e3")] == ["grp1"]
    assert await held.of_member(AGENCY, "e2") == []
    assert [p.partnership_id for p in await held.of_member(AGENCY, "e2", former=True)] == ["grp1"]
    assert not group.is_member("e2")
    # e2's late match tells only their own pair id, which still finds the group they left.
    assert await _stream(ports, "partnership:grp1") == ["MembersJoined", "MembersLeft", "MembersJoined"] + [
        "MembersJoined"
    ]
    assert (await held.find(AGENCY, "p-e2")).partnership_id == "grp1"


async def test_the_first_ending_heard_stands(ports: MemoryPorts) -> None:
    evaluation = _evaluation(ports)
    ending = at(dissolved(AGENCY, "g1", "p1", "mentor", ["mentee"]), "2026-05-01T09:00:00Z")
    later = at(closed(AGENCY, "g1", "p1", "mentor", ["mentee"]), "2026-06-01T09:00:00Z")
    await hear(evaluation, matched(), ending, ending, later)
    pair = await evaluation.held_partnerships.find(AGENCY, "p1")
    assert (pair.status, pair.ended.at) == (PartnershipStatus.DISSOLVED, _when("2026-05-01T09:00:00Z"))
    assert await _stream(ports, "partnership:p1") == ["MembersJoined", "PartnershipEnded"]


async def test_lists_by_member_and_programme_newest_match_first(ports: MemoryPorts) -> None:
    evaluation = _evaluation(ports)
    await hear(
        evaluation,
        matched("p1", "2026-02-01T09:00:00Z"),
        matched("p2", "2026-02-03T09:00:00Z", mentee_id="other"),
        matched("p3", "2026-02-02T09:00:00Z", program_id="g2", mentor_id="m2"),
    )
    held = evaluation.held_partnerships
    assert [p.partnership_id for p in await held.of_program(AGENCY, "g1")] == ["p2", "p1"]
    assert [p.partnership_id for p in await held.of_member(AGENCY, "mentor")] in (["p1", "p2"], ["p2", "p1"])
    assert [p.partnership_id for p in await held.of_member(AGENCY, "m2")] == ["p3"]
    await hear(evaluation, matched("p4", "2026-02-04T09:00:00Z", mentee_id="late"))
    assert [p.partnership_id for p in await held.of_program(AGENCY, "g1")] == ["p4", "p2", "p1"]
    assert await held.program_ids(AGENCY, "g1") == ["p4", "p2", "p1"]
    assert held.held(AGENCY, "p3").mentor_id == "m2" and held.held("agency-b", "p3") is None


async def test_a_programme_not_heard_of_has_the_default_term(ports: MemoryPorts) -> None:
    evaluation = _evaluation(ports)
    await hear(evaluation, matched(), opened("g9", kind=ProgramKind.GROUP))
    pair = await evaluation.held_partnerships.find(AGENCY, "p1")
    assert await evaluation.held_partnerships.term_ends_on(AGENCY, pair) == date(2027, 2, 1)
    assert (await evaluation.held_partnerships.program(AGENCY, "g9")).kind == ProgramKind.GROUP


async def test_moments_are_told_to_listeners_once_reached_and_again_on_redelivery(ports: MemoryPorts) -> None:
    evaluation = _evaluation(ports)
    told: list[tuple[Moment, frozenset[str]]] = []

    async def listener(cause: Cause, moment: Told) -> None:
        assert cause.agency_id == AGENCY
        told.append((moment.moment, moment.people))

    evaluation.held_partnerships.listen(listener)
    await hear(evaluation, signed("grp1"), formed(mentees="e1 e2"))  # active before its match was heard
    members = frozenset({"mentor", "e1", "e2"})
    assert told == [(Moment.ACTIVE, members)]
    await hear(evaluation, met("grp1", held_at="2026-03-09T10:00:00Z"), met("grp1", held_at="2026-03-10T10:00:00Z"))
    assert told[1:] == [(Moment.FIRST_MET, members)]  # the later meeting is not a first
    await hear(evaluation, dissolved(AGENCY, "g1", "grp1", "mentor", ["e2"], whole=False, group_id="grp1"))
    assert told[2:] == [(Moment.LEFT, frozenset({"e2"}))]
    ending = dissolved(AGENCY, "g1", "grp1", "mentor", ["e1"], group_id="grp1")
    await hear(evaluation, ending, ending)
    assert told[3:] == [(Moment.ENDED, frozenset({"mentor", "e1"}))] * 2


async def test_features_consuming_one_event_share_it_and_each_keeps_its_own_batching() -> None:
    counted: list[list[str]] = []
    heard: list[str] = []

    async def count(envelopes) -> None:  # type: ignore[no-untyped-def]
        counted.append([envelope.payload.pair_id for envelope in envelopes])

    async def on_matched(envelope) -> None:  # type: ignore[no-untyped-def]
        heard.append(envelope.payload.pair_id)

    async def on_signed(envelope) -> None:  # type: ignore[no-untyped-def]
        heard.append("signed")

    counting = Batched(count)
    subscribers = together(
        {type(matched().payload): counting, type(opened().payload): counting},
        {type(matched().payload): on_matched, type(signed().payload): on_signed},
    )
    shared = subscribers[type(matched().payload)]
    assert isinstance(shared, Batched) and shared is not counting
    assert subscribers[type(opened().payload)] is counting
    assert subscribers[type(signed().payload)] is on_signed
    await shared.handle([matched("p1"), matched("p2")])
    assert (counted, heard) == ([["p1", "p2"]], ["p1", "p2"])
