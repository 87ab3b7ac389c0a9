"""Matching's application services on in-memory ports: requests, reads and runs."""

from collections import Counter
from datetime import timedelta

import pytest

from matching.domain import greedy
from matching.handlers import Matching, MatchRunner, Pool
from matching.stores import CandidateStore, Claims, RunStore
from mentoring_contracts.names import MatchRunStatus
from mentoring_runtime.errors import Conflict, NotFound
from tests.support.delivery import deliver
from tests.support.factories import caller
from tests.support.ports import MemoryPorts
from tests.support.programmes import Programme


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("matching")


@pytest.fixture
def matching(ports: MemoryPorts) -> Matching:
    candidates, runs = CandidateStore(ports.database), RunStore(ports.database)  # type: ignore[arg-type]
    runner = MatchRunner(
        candidates=candidates,
        runs=runs,
        claims=Claims(ports.database),  # type: ignore[arg-type]
        log=ports.log,
        recorder=ports.recorder,
        propose=greedy,
        spawn=ports.spawn,
    )
    return Matching(candidates, runs, ports.log, runner)


async def enrolled(matching: Matching, programme: Programme, *envelopes) -> None:
    await deliver(Pool(matching.candidates).consumed(), (programme.opened(), *envelopes))


pytestmark = pytest.mark.unit


async def test_a_requested_run_pairs_within_capacity_and_is_reported(matching: Matching, ports: MemoryPorts) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    mentors = [programme.mentor("m1", "python sql", 2), programme.mentor("m2", "python", 1)]
    mentees = [programme.mentee(f"e{i}", "python") for i in range(5)]
    await enrolled(matching, programme, *mentors, *mentees)

    run_id = await matching.request_run(coordinator, programme.program_id)
    assert (await matching.run(coordinator, programme.program_id, run_id)).status == MatchRunStatus.REQUESTED
    await ports.run_spawned()

    view = await matching.run(coordinator, programme.program_id, run_id)
    assert (view.status, view.mentors_considered, view.mentees_considered, view.pairs) == ("completed", 2, 5, 3)
    pairs = await matching.pairs(coordinator, programme.program_id)
    assert Counter(pair.mentor_id for pair in pairs) == {"m1": 2, "m2": 1}


async def test_concurrent_runs_never_exceed_capacity_nor_match_a_mentee_twice(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    capacities = {"m1": 2, "m2": 1, "m3": 3}
    mentors = [programme.mentor(person, "python", capacity) for person, capacity in capacities.items()]
    await enrolled(matching, programme, *mentors, *(programme.mentee(f"e{i}", "python") for i in range(10)))
    runs = [await matching.request_run(caller(programme.agency_id), programme.program_id) for _ in range(4)]
    await ports.run_spawned(together=True)
    pairs = await matching.pairs(caller(programme.agency_id), programme.program_id)
    assert len(runs) == 4
    assert len(pairs) == sum(capacities.values())
    assert len({pair.mentee_id for pair in pairs}) == len(pairs)
    assert all(count <= capacities[mentor] for mentor, count in Counter(p.mentor_id for p in pairs).items())


async def test_another_agency_finds_neither_the_programme_nor_its_runs(matching: Matching, ports: MemoryPorts) -> None:
    programme = Programme()
    await enrolled(matching, programme, programme.mentor("m1", "python", 1))
    run_id = await matching.request_run(caller(programme.agency_id), programme.program_id)
    stranger = caller("another-agency")
    with pytest.raises(NotFound):
        await matching.request_run(stranger, programme.program_id)
    with pytest.raises(NotFound):
        await matching.run(stranger, programme.program_id, run_id)
    with pytest.raises(NotFound):
        await matching.pairs(stranger, programme.program_id)
    await ports.run_spawned()
    assert (await matching.run(caller(programme.agency_id), programme.program_id, run_id)).status == "completed"


async def test_a_run_that_fails_says_so(matching: Matching, ports: MemoryPorts) -> None:
    programme = Programme()
    await enrolled(matching, programme, programme.mentor("m1", "python", 1), programme.mentee("e1", "python"))

    def broken(*_: object) -> list:
        raise RuntimeError("the algorithm broke")

    matching.runner.propose = broken
    run_id = await matching.request_run(caller(programme.agency_id), programme.program_id)
    await ports.run_spawned()
    view = await matching.run(caller(programme.agency_id), programme.program_id, run_id)
    assert view.status == MatchRunStatus.FAILED


async def test_enrolment_facts_delivered_twice_add_each_person_once(matching: Matching) -> None:
    programme = Programme()
    mentor, mentee = programme.mentor("m1", "python", 2), programme.mentee("e1", "python")
    await enrolled(matching, programme, mentor, mentee)
    await enrolled(matching, programme, mentor, mentee)
    mentors, mentees = await matching.candidates.of_program(programme.agency_id, programme.program_id)
    assert [m.person_id for m in mentors] == ["m1"] and [m.person_id for m in mentees] == ["e1"]


async def test_people_enrolled_in_one_batch_join_their_own_programmes_pools(matching: Matching) -> None:
    first, second = Programme(), Programme()
    await deliver(Pool(matching.candidates).consumed(), (first.opened(), second.opened()))
    joining = Pool(matching.candidates).consumed()[type(first.mentor("m", "x", 1).payload)]
    await joining.handle([first.mentor("m1", "python", 1), second.mentee("e1", "python"), first.mentee("e2", "go")])
    assert [
        [p.person_id for p in group]
        for group in await matching.candidates.of_program(first.agency_id, first.program_id)
    ] == [
        ["m1"],
        ["e2"],
    ]
    mentors, mentees = await matching.candidates.of_program(second.agency_id, second.program_id)
    assert (mentors, [m.person_id for m in mentees]) == ([], ["e1"])


async def test_a_retried_run_request_with_its_key_is_the_same_run(matching: Matching, ports: MemoryPorts) -> None:
    programme = Programme()
    await enrolled(matching, programme, programme.mentor("m1", "python", 1), programme.mentee("e1", "python"))
    first = await matching.request_run(caller(programme.agency_id, request_key="k1"), programme.program_id)
    assert await matching.request_run(caller(programme.agency_id, request_key="k1"), programme.program_id) == first
    await ports.run_spawned()
    assert len(await matching.pairs(caller(programme.agency_id), programme.program_id)) == 1


async def pool(matching: Matching, programme: Programme) -> tuple[list, list]:
    return await matching.candidates.of_program(programme.agency_id, programme.program_id)


async def test_the_pool_keeps_the_facts_matching_will_need(matching: Matching) -> None:
    programme = Programme()
    mentor = programme.mentor("m1", "python", 2, grade_level=3, time_zone="Europe/Paris", conflicts=("e9",))
    mentee = programme.mentee("e1", "python", goal_tags=("lead a team",), time_zone="Europe/Berlin")
    await enrolled(matching, programme, mentor, mentee)
    [kept_mentor], [kept_mentee] = await pool(matching, programme)
    assert (kept_mentor.grade_level, kept_mentor.time_zone, kept_mentor.conflicts) == (3, "Europe/Paris", {"e9"})
    assert (kept_mentee.goal_tags, kept_mentee.time_zone, kept_mentee.grade_level) == (
        {"lead a team"},
        "Europe/Berlin",
        None,
    )


async def test_a_withdrawn_participant_leaves_the_pool_and_no_late_enrolment_brings_them_back(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    leaving, staying = programme.mentor("m1", "python", 1), programme.mentor("m2", "python", 1)
    mentee = programme.mentee("e1", "python")
    await enrolled(matching, programme, leaving, staying, mentee, programme.withdrawn(leaving))
    await enrolled(matching, programme, leaving, programme.withdrawn(leaving))  # redelivered, in any order
    mentors, mentees = await pool(matching, programme)
    assert ([m.person_id for m in mentors], [m.person_id for m in mentees]) == (["m2"], ["e1"])

    await matching.request_run(caller(programme.agency_id), programme.program_id)
    await ports.run_spawned()
    [pair] = await matching.pairs(caller(programme.agency_id), programme.program_id)
    assert pair.mentor_id == "m2"


async def test_a_withdrawal_delivered_before_the_enrolment_it_follows_still_holds(matching: Matching) -> None:
    programme = Programme()
    mentee = programme.mentee("e1", "python")
    await enrolled(matching, programme, programme.withdrawn(mentee), mentee)
    assert await pool(matching, programme) == ([], [])


async def test_a_profile_update_changes_the_candidate_and_the_newest_one_wins_whatever_the_order(
    matching: Matching,
) -> None:
    programme = Programme()
    mentor = programme.mentor("m1", "python", 1)
    newer = programme.profile_updated(mentor, skills=("sql", "go"), capacity=3, languages=("en", "fr"))
    older = programme.profile_updated(mentor, skills=("go",), capacity=2, time_zone="Europe/Paris")
    older = older.model_copy(update={"occurred_at": newer.occurred_at - timedelta(seconds=1)})
    await enrolled(matching, programme, newer, mentor, older, newer)  # early, late and redelivered
    [updated], _ = await pool(matching, programme)
    assert (updated.skills, updated.capacity, updated.languages) == ({"sql", "go"}, 3, ("en", "fr"))
    assert updated.time_zone is None  # the newest profile says so, though an older one gave a time zone


async def test_a_mentees_profile_update_changes_what_they_want(matching: Matching) -> None:
    programme = Programme()
    mentee = programme.mentee("e1", "python")
    await enrolled(matching, programme, mentee, programme.profile_updated(mentee, desired_skills=("sql",)))
    _, [updated] = await pool(matching, programme)
    assert (updated.desired_skills, updated.person_id) == ({"sql"}, "e1")


async def test_a_withdrawn_participant_stays_out_whatever_profile_they_update(matching: Matching) -> None:
    programme = Programme()
    mentor = programme.mentor("m1", "python", 1)
    await enrolled(
        matching, programme, mentor, programme.withdrawn(mentor), programme.profile_updated(mentor, capacity=2)
    )
    assert await pool(matching, programme) == ([], [])


async def test_a_mentors_profile_update_without_a_capacity_is_refused_saying_why(matching: Matching) -> None:
    programme = Programme()
    mentor = programme.mentor("m1", "python", 1)
    await enrolled(matching, programme, mentor)
    with pytest.raises(ValueError, match="has no capacity; enrolment must send a mentor's capacity"):
        await deliver(Pool(matching.candidates).consumed(), [programme.profile_updated(mentor, capacity=None)])
    [unchanged], _ = await pool(matching, programme)
    assert unchanged.capacity == 1


async def test_a_closed_programme_takes_no_more_match_runs_and_keeps_its_pairs(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    await enrolled(matching, programme, programme.mentor("m1", "python", 1), programme.mentee("e1", "python"))
    await matching.request_run(coordinator, programme.program_id)
    await ports.run_spawned()
    await deliver(Pool(matching.candidates).consumed(), [programme.closed(), programme.closed()])
    with pytest.raises(Conflict, match=f"the programme {programme.program_id} is closed"):
        await matching.request_run(coordinator, programme.program_id)
    assert len(await matching.pairs(coordinator, programme.program_id)) == 1
    assert ports.spawned == []
