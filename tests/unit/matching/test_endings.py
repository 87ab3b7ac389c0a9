"""Scheduling's endings taken in, on in-memory ports: a dissolved pair returns its mentor's place and its mentee to
runs, suggestions, pairs by hand and self-select; a closed one returns only the place; a fact delivered again, or
to another instance, changes nothing more; and every instance sees the release."""

from collections import Counter

import pytest

from matching.bootstrap import Matching, wire
from mentoring_contracts.api import (
    AnswerRequest,
    MySuggestionsQuery,
    PageQuery,
    PairChoice,
    RequestMentor,
    StartMatchRun,
    SuggestionsQuery,
)
from mentoring_contracts.names import MatchMode, PartnershipStatus, ProgramKind
from mentoring_runtime.errors import Conflict
from tests.support.delivery import deliver
from tests.support.endings import closed, dissolved
from tests.support.factories import caller, program_opened, wrapped
from tests.support.ports import MemoryPorts
from tests.support.programmes import Programme

pytestmark = pytest.mark.unit
EVERYTHING = PageQuery(limit=200)


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("matching")


@pytest.fixture
def matching(ports: MemoryPorts) -> Matching:
    return wire(ports.database, ports.log, ports.recorder, ports.spawn)  # type: ignore[arg-type]


async def enrolled(matching: Matching, programme: Programme, *envelopes) -> None:
    await deliver(matching.pool.consumed(), envelopes)


async def run_published(matching: Matching, ports: MemoryPorts, programme: Programme) -> str:
    coordinator = caller(programme.agency_id)
    run_id = await matching.runs.request_run(coordinator, programme.program_id, StartMatchRun())
    await ports.run_spawned()
    await matching.runs.publish(coordinator, programme.program_id, run_id)
    await ports.run_spawned()
    return run_id


async def proposed(matching: Matching, ports: MemoryPorts, programme: Programme) -> set[tuple[str, str]]:
    coordinator = caller(programme.agency_id)
    run_id = await matching.runs.request_run(coordinator, programme.program_id, StartMatchRun())
    await ports.run_spawned()
    page = await matching.runs.proposals(coordinator, programme.program_id, run_id, EVERYTHING)
    return {(p.mentee_id, p.mentor_id) for p in page.items}


async def pairs_of(matching: Matching, programme: Programme) -> list:
    return (await matching.manual.pairs(caller(programme.agency_id), programme.program_id, EVERYTHING)).items


def ending(programme: Programme, pair, kind=dissolved, **fields):
    return kind(programme.agency_id, programme.program_id, pair.id, pair.mentor_id, [pair.mentee_id], **fields)


async def told(matching: Matching, *envelopes) -> None:
    await deliver(matching.endings.consumed(), envelopes)


async def endings_logged(ports: MemoryPorts) -> list[dict]:
    return [doc async for doc in ports.database["event_log"].find({"event_type": "PairEnded"})]


async def test_a_dissolved_pair_gives_its_mentor_the_place_back_and_the_next_run_pairs_its_mentee_again(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    await enrolled(matching, programme, programme.opened(), programme.mentor("m1", "python", 1))
    await enrolled(matching, programme, programme.mentee("e1", "python"))
    await run_published(matching, ports, programme)
    [first] = await pairs_of(matching, programme)
    assert await proposed(matching, ports, programme) == set()  # e1 is matched and m1 full

    await told(matching, ending(programme, first))
    assert await proposed(matching, ports, programme) == {("e1", "m1")}
    coordinator = caller(programme.agency_id)
    found = await matching.manual.suggestions(coordinator, programme.program_id, "e1", SuggestionsQuery())
    assert [(s.mentor_id, s.free_places) for s in found.items] == [("m1", 1)]

    await run_published(matching, ports, programme)
    pairs = await pairs_of(matching, programme)
    assert {(p.mentee_id, p.mentor_id, p.ended) for p in pairs} == {
        ("e1", "m1", None),
        ("e1", "m1", PartnershipStatus.DISSOLVED),
    }
    assert len({p.id for p in pairs}) == 2 and next(p for p in pairs if p.ended).id == first.id


async def test_a_closed_partnership_returns_the_place_but_its_mentee_is_not_matched_again(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    await enrolled(
        matching, programme, programme.opened(), programme.mentor("m1", "python", 1),
        programme.mentor("m2", "python", 1), programme.mentee("e1", "python"), programme.mentee("e2", "python"),
    )  # fmt: skip
    coordinator = caller(programme.agency_id)
    pair_id = await matching.manual.create_pair(
        coordinator, programme.program_id, PairChoice(mentee_id="e1", mentor_id="m1")
    )
    [pair] = await pairs_of(matching, programme)
    assert pair.id == pair_id

    await told(matching, ending(programme, pair, closed))
    assert await proposed(matching, ports, programme) in ({("e2", "m1")}, {("e2", "m2")})  # not e1
    with pytest.raises(Conflict, match="already in a pair"):
        await matching.manual.suggestions(coordinator, programme.program_id, "e1", SuggestionsQuery())
    with pytest.raises(Conflict, match="already_matched"):
        await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e1", mentor_id="m2"))
    await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e2", mentor_id="m1"))
    assert {(p.mentee_id, p.ended) for p in await pairs_of(matching, programme)} == {
        ("e1", PartnershipStatus.CLOSED),
        ("e2", None),
    }


async def test_an_ending_delivered_again_changes_nothing_more_even_after_the_mentee_was_paired_again(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    await enrolled(
        matching, programme, programme.opened(), programme.mentor("m1", "python", 1), programme.mentee("e1", "python"),
        programme.mentee("e2", "python"),
    )  # fmt: skip
    coordinator = caller(programme.agency_id)
    choice = PairChoice(mentee_id="e1", mentor_id="m1")
    first_id = await matching.manual.create_pair(coordinator, programme.program_id, choice)
    [first] = await pairs_of(matching, programme)
    fact = ending(programme, first)
    await told(matching, fact, fact)
    assert len(await endings_logged(ports)) == 1

    again = await matching.manual.create_pair(coordinator, programme.program_id, choice)  # the same mentor again
    assert again != first_id
    assert await matching.manual.create_pair(coordinator, programme.program_id, choice) == again  # a retry
    await told(matching, fact)  # late, after the new pair was made
    restarted = wire(ports.database, ports.log, ports.recorder, ports.spawn)  # type: ignore[arg-type]
    await told(restarted, fact)  # and on another instance, or after a restart
    assert len(await endings_logged(ports)) == 1
    for instance in (matching, restarted):
        assert {(p.id, p.ended) for p in await pairs_of(instance, programme)} == {
            (first_id, PartnershipStatus.DISSOLVED),
            (again, None),
        }
    with pytest.raises(Conflict, match="capacity"):  # m1's one place is the new pair's
        await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e2", mentor_id="m1"))


async def test_every_instance_sees_a_release_another_instance_took_in(matching: Matching, ports: MemoryPorts) -> None:
    programme = Programme()
    await enrolled(
        matching, programme, programme.opened(), programme.mentor("m1", "python", 1), programme.mentee("e1", "python"),
        programme.mentee("e2", "python"),
    )  # fmt: skip
    coordinator = caller(programme.agency_id)
    await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e1", mentor_id="m1"))
    other = wire(ports.database, ports.log, ports.recorder, ports.spawn)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="already in a pair"):  # the other instance holds the pairs as they were
        await other.manual.suggestions(coordinator, programme.program_id, "e1", SuggestionsQuery())
    assert (await other.manual.suggestions(coordinator, programme.program_id, "e2", SuggestionsQuery())).items == []

    [pair] = await pairs_of(matching, programme)
    await told(matching, ending(programme, pair))
    assert [
        s.mentor_id
        for s in (await other.manual.suggestions(coordinator, programme.program_id, "e1", SuggestionsQuery())).items
    ] == ["m1"]
    assert [
        s.mentor_id
        for s in (await other.manual.suggestions(coordinator, programme.program_id, "e2", SuggestionsQuery())).items
    ] == ["m1"]


async def test_a_mentee_whose_self_selected_pair_dissolved_chooses_again_and_the_mentor_may_accept(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    await enrolled(
        matching, programme, programme.self_select(), programme.mentor("m1", "python", 1),
        programme.mentee("e1", "python"),
    )  # fmt: skip
    e1, m1 = caller(programme.agency_id, "e1", "mentee"), caller(programme.agency_id, "m1", "mentor")
    first = await matching.requests.request(e1, RequestMentor(mentor_id="m1"))
    await matching.requests.accept(m1, first.id, AnswerRequest())
    with pytest.raises(Conflict, match="already in a pair"):
        await matching.requests.suggestions(e1, MySuggestionsQuery())
    [pair] = await pairs_of(matching, programme)

    await told(matching, ending(programme, pair))
    assert [s.mentor_id for s in (await matching.requests.suggestions(e1, MySuggestionsQuery())).items] == ["m1"]
    second = await matching.requests.request(e1, RequestMentor(mentor_id="m1"))
    accepted = await matching.requests.accept(m1, second.id, AnswerRequest())
    assert accepted.pair_id is not None and accepted.pair_id != pair.id
    pairs = await pairs_of(matching, programme)
    assert {(p.mode, p.ended) for p in pairs} == {
        (MatchMode.SELF_SELECT, None),
        (MatchMode.SELF_SELECT, PartnershipStatus.DISSOLVED),
    }


async def test_a_group_gets_a_members_place_back_and_once_every_member_left_the_mentor_forms_a_new_group(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    opened = wrapped(
        program_opened(programme.program_id, kind=ProgramKind.GROUP, group_size=2), programme.agency_id, "enrolment"
    )
    first, second = programme.mentee("e0", "python"), programme.mentee("e1", "python")
    await enrolled(matching, programme, opened, programme.mentor("m1", "python", 2), first, second)
    await run_published(matching, ports, programme)
    [group] = {fact["payload"]["group_id"] for fact in await formed(ports)}
    # e0 withdraws from the programme, so scheduling dissolves their membership alone; e2 enrols meanwhile
    await enrolled(matching, programme, programme.withdrawn(first), programme.mentee("e2", "python"))
    await told(matching, dissolved(programme.agency_id, programme.program_id, group, "m1", ["e0"], whole=False))

    await run_published(matching, ports, programme)  # the member still waiting takes the place
    in_effect = [p for p in await pairs_of(matching, programme) if p.ended is None]
    assert sorted(p.mentee_id for p in in_effect) == ["e1", "e2"]
    last = (await formed(ports))[-1]["payload"]
    assert (last["group_id"], sorted(last["mentee_ids"])) == (group, sorted(p.mentee_id for p in in_effect))

    everyone = [p.mentee_id for p in in_effect]
    await told(matching, dissolved(programme.agency_id, programme.program_id, group, "m1", everyone))
    await run_published(matching, ports, programme)
    newest = (await formed(ports))[-1]["payload"]
    assert newest["group_id"] != group and len(newest["mentee_ids"]) == 2
    assert Counter(p.ended for p in await pairs_of(matching, programme)) == {
        PartnershipStatus.DISSOLVED: 3,
        None: 2,
    }


async def formed(ports: MemoryPorts) -> list[dict]:
    """Every GroupFormed matching recorded, oldest first."""
    facts = [doc async for doc in ports.database["event_log"].find({"event_type": "GroupFormed"})]
    return [fact["envelope"] for fact in sorted(facts, key=lambda fact: fact["recorded_at"])]
