"""Matching's application services on in-memory ports: runs, their review and publication, manual pairs, the pool."""

from collections import Counter
from datetime import timedelta

import pytest

from matching.bootstrap import Matching, wire
from matching.domain import Problem, Solution
from mentoring_contracts.api import PageQuery, PairChoice, StartMatchRun, SuggestionsQuery
from mentoring_contracts.names import MatchMode, MatchObjective, MatchRunStatus, ProgramKind, UnmatchedReason
from mentoring_runtime.errors import Conflict, Invalid, NotFound
from mentoring_runtime.recording import Cause
from tests.support.delivery import deliver
from tests.support.factories import caller, pair_matched, program_opened, wrapped
from tests.support.ports import MemoryPorts
from tests.support.programmes import Programme

pytestmark = pytest.mark.unit
EVERYTHING = PageQuery(limit=200)


async def enrolled(matching: Matching, programme: Programme, *envelopes) -> None:
    await deliver(matching.pool.consumed(), (programme.opened(), *envelopes))


async def proposed(
    matching: Matching, ports: MemoryPorts, programme: Programme, body: StartMatchRun | None = None
) -> str:
    run_id = await matching.runs.request_run(caller(programme.agency_id), programme.program_id, body or StartMatchRun())
    await ports.run_spawned()
    return run_id


async def published(matching: Matching, ports: MemoryPorts, programme: Programme, run_id: str) -> None:
    await matching.runs.publish(caller(programme.agency_id), programme.program_id, run_id)
    await ports.run_spawned()


async def pairs_of(matching: Matching, programme: Programme) -> list:
    return (await matching.manual.pairs(caller(programme.agency_id), programme.program_id, EVERYTHING)).items


async def published_facts(ports: MemoryPorts, event_type: str) -> list[dict]:
    return [e["envelope"]["payload"] for e in await ports.log.outbox() if e["envelope"]["event_type"] == event_type]


async def proposals_of(matching: Matching, programme: Programme, run_id: str) -> list:
    page = await matching.runs.proposals(caller(programme.agency_id), programme.program_id, run_id, EVERYTHING)
    return page.items


async def test_a_run_proposes_the_optimum_and_publishes_nothing_until_told(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    mentors = [programme.mentor("m1", "python sql", 2), programme.mentor("m2", "python", 1)]
    mentees = [programme.mentee(f"e{i}", "python") for i in range(5)]
    await enrolled(matching, programme, *mentors, *mentees)

    run_id = await matching.runs.request_run(coordinator, programme.program_id, StartMatchRun())
    assert (await matching.runs.run(coordinator, programme.program_id, run_id)).status == MatchRunStatus.REQUESTED
    await ports.run_spawned()

    view = await matching.runs.run(coordinator, programme.program_id, run_id)
    assert (view.status, view.mentors, view.mentees, view.proposed) == ("proposed", 2, 5, 3)
    assert view.unmatched is not None and view.unmatched.mentors_full == 2
    assert view.certified_optimal and view.inputs_hash and view.algorithm_version
    proposals = await proposals_of(matching, programme, run_id)
    assert Counter(p.mentor_id for p in proposals) == {"m1": 2, "m2": 1}
    assert all(p.explanation[0].criterion == "skills" and "python" in p.explanation[0].detail for p in proposals)
    assert await pairs_of(matching, programme) == []

    await published(matching, ports, programme, run_id)
    assert (await matching.runs.run(coordinator, programme.program_id, run_id)).published == 3
    pairs = await pairs_of(matching, programme)
    assert Counter(pair.mentor_id for pair in pairs) == {"m1": 2, "m2": 1}
    assert {pair.mode for pair in pairs} == {MatchMode.RUN}
    with pytest.raises(Conflict, match="only a proposed run can be published"):
        await matching.runs.publish(coordinator, programme.program_id, run_id)


async def test_lists_are_paged_by_mentee(matching: Matching, ports: MemoryPorts) -> None:
    programme = Programme()
    await enrolled(
        matching,
        programme,
        programme.mentor("m1", "python", 3),
        *(programme.mentee(f"e{i}", "python") for i in range(5)),
    )
    run_id = await proposed(matching, ports, programme)
    coordinator = caller(programme.agency_id)
    first = await matching.runs.proposals(coordinator, programme.program_id, run_id, PageQuery(limit=2))
    second = await matching.runs.proposals(
        coordinator, programme.program_id, run_id, PageQuery(limit=2, cursor=first.next_cursor)
    )
    paged = [p.mentee_id for p in first.items + second.items]
    assert len(paged) == 3 and paged == sorted(paged) and second.next_cursor is None
    unmatched = await matching.runs.unmatched(coordinator, programme.program_id, run_id, EVERYTHING)
    assert sorted([u.mentee_id for u in unmatched.items] + paged) == [f"e{i}" for i in range(5)]
    assert {u.reason for u in unmatched.items} == {UnmatchedReason.MENTORS_FULL}
    with pytest.raises(Invalid, match="cursor"):
        await matching.runs.proposals(coordinator, programme.program_id, run_id, PageQuery(cursor="nobody"))


async def test_a_mentee_no_mentor_may_take_is_told_which_rule_stood_in_the_way(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    await enrolled(
        matching, programme, programme.mentor("boss", "python", 2), programme.mentee("e1", "python", manager="boss")
    )
    run_id = await proposed(matching, ports, programme)
    page = await matching.runs.unmatched(caller(programme.agency_id), programme.program_id, run_id, EVERYTHING)
    [unmatched] = page.items
    assert unmatched.reason == UnmatchedReason.NO_ELIGIBLE_MENTOR
    assert "boss" in unmatched.detail and "reporting line" in unmatched.detail


async def test_locks_and_exclusions_start_new_runs_on_the_same_inputs(matching: Matching, ports: MemoryPorts) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    await enrolled(
        matching, programme, programme.mentor("m1", "python", 1), programme.mentor("m2", "go", 1),
        programme.mentee("e1", "python"), programme.mentee("e2", "python go"),
    )  # fmt: skip
    run_id = await proposed(matching, ports, programme)
    assert {(p.mentee_id, p.mentor_id) for p in await proposals_of(matching, programme, run_id)} == {
        ("e1", "m1"), ("e2", "m2"),
    }  # fmt: skip

    locked = await matching.runs.lock(
        coordinator, programme.program_id, run_id, PairChoice(mentee_id="e2", mentor_id="m1")
    )
    await enrolled(
        matching, programme, programme.mentor("m3", "python go", 1)
    )  # joins after the run: not in its inputs
    await ports.run_spawned()
    view = await matching.runs.run(coordinator, programme.program_id, locked)
    assert (view.parent_run_id, view.status, view.mentors) == (run_id, "proposed", 2)
    assert {(p.mentee_id, p.mentor_id, p.locked) for p in await proposals_of(matching, programme, locked)} == {
        ("e2", "m1", True),
        ("e1", "m2", False),  # most matched first: a pair that scores nothing still beats leaving e1 out
    }

    excluded = await matching.runs.exclude(
        coordinator, programme.program_id, locked, PairChoice(mentee_id="e2", mentor_id="m1")
    )
    await ports.run_spawned()
    child = await matching.runs.run(coordinator, programme.program_id, excluded)
    assert (child.locks, [(e.mentee_id, e.mentor_id) for e in child.exclusions]) == ([], [("e2", "m1")])
    assert {(p.mentee_id, p.mentor_id) for p in await proposals_of(matching, programme, excluded)} == {
        ("e1", "m1"), ("e2", "m2"),
    }  # fmt: skip

    resolved = await matching.runs.resolve(coordinator, programme.program_id, excluded)
    await ports.run_spawned()
    assert (await matching.runs.run(coordinator, programme.program_id, resolved)).mentors == 3  # the pool as it is now


async def test_a_resolve_keeps_the_locks_that_still_hold_in_the_pool_as_it_is_now(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    leaving = programme.mentee("e2", "go")
    await enrolled(
        matching, programme, programme.mentor("m1", "python go", 2), programme.mentee("e1", "python"), leaving
    )
    run_id = await proposed(matching, ports, programme)
    for mentee in ("e1", "e2"):
        run_id = await matching.runs.lock(
            coordinator, programme.program_id, run_id, PairChoice(mentee_id=mentee, mentor_id="m1")
        )
        await ports.run_spawned()
    await enrolled(matching, programme, programme.withdrawn(leaving))
    resolved = await matching.runs.resolve(coordinator, programme.program_id, run_id)
    await ports.run_spawned()
    assert {(p.mentee_id, p.locked) for p in await proposals_of(matching, programme, resolved)} == {("e1", True)}
    view = await matching.runs.run(coordinator, programme.program_id, resolved)
    assert [(lock.mentee_id, lock.mentor_id) for lock in view.locks] == [("e1", "m1")]


async def test_a_lock_that_breaks_a_rule_or_overfills_a_mentor_is_refused_naming_it(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    await enrolled(
        matching, programme, programme.mentor("boss", "python", 1), programme.mentee("e1", "python", manager="boss"),
        programme.mentee("e2", "python"), programme.mentee("e3", "python"),
    )  # fmt: skip
    run_id = await proposed(matching, ports, programme)
    with pytest.raises(Conflict, match="reporting_line"):
        await matching.runs.lock(
            coordinator, programme.program_id, run_id, PairChoice(mentee_id="e1", mentor_id="boss")
        )
    with pytest.raises(Invalid, match="no mentee of this run"):
        await matching.runs.lock(coordinator, programme.program_id, run_id, PairChoice(mentee_id="x", mentor_id="boss"))
    locked = await matching.runs.lock(
        coordinator, programme.program_id, run_id, PairChoice(mentee_id="e2", mentor_id="boss")
    )
    await ports.run_spawned()
    with pytest.raises(Conflict, match="capacity"):
        await matching.runs.lock(
            coordinator, programme.program_id, locked, PairChoice(mentee_id="e3", mentor_id="boss")
        )


async def test_a_run_reproduces_identically_from_its_stored_inputs(matching: Matching, ports: MemoryPorts) -> None:
    programme = Programme()
    await enrolled(
        matching, programme, *(programme.mentor(f"m{i}", "python sql go"[: 6 + i], 2) for i in range(3)),
        *(programme.mentee(f"e{i}", "python sql") for i in range(8)),
    )  # fmt: skip
    run_id = await proposed(matching, ports, programme)
    await enrolled(matching, programme, programme.mentee("late", "python"))  # the pool moves on; the run does not
    coordinator = caller(programme.agency_id)
    reproduction = await matching.runs.reproduce(coordinator, programme.program_id, run_id)
    view = await matching.runs.run(coordinator, programme.program_id, run_id)
    assert reproduction.identical and reproduction.inputs_hash == view.inputs_hash


async def test_publishing_one_proposal_discards_the_others_and_they_cannot_double_a_pair(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    capacities = {"m1": 2, "m2": 1, "m3": 3}
    mentors = [programme.mentor(person, "python", capacity) for person, capacity in capacities.items()]
    await enrolled(matching, programme, *mentors, *(programme.mentee(f"e{i}", "python") for i in range(10)))
    first, second = await proposed(matching, ports, programme), await proposed(matching, ports, programme)
    coordinator = caller(programme.agency_id)
    await matching.runs.publish(coordinator, programme.program_id, first)
    await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e9", mentor_id="m3"))
    await ports.run_spawned()
    assert (await matching.runs.run(coordinator, programme.program_id, second)).status == MatchRunStatus.DISCARDED
    pairs = await pairs_of(matching, programme)
    assert len({pair.mentee_id for pair in pairs}) == len(pairs)
    assert all(count <= capacities[mentor] for mentor, count in Counter(p.mentor_id for p in pairs).items())
    assert ("e9", "m3", MatchMode.MANUAL) in {(p.mentee_id, p.mentor_id, p.mode) for p in pairs}
    run_view = await matching.runs.run(coordinator, programme.program_id, first)
    assert run_view.published == len(pairs) - 1 and run_view.taken_meanwhile >= 1
    assert run_view.published + run_view.taken_meanwhile == run_view.proposed


async def test_suggestions_rank_mentors_with_a_free_place_and_explain_them(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    await enrolled(
        matching, programme, programme.mentor("best", "python sql", 1), programme.mentor("good", "python", 2),
        programme.mentor("boss", "python sql", 3), programme.mentor("full", "python sql", 1),
        programme.mentee("e1", "python sql", manager="boss"), programme.mentee("e2", "python"),
    )  # fmt: skip
    await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e2", mentor_id="full"))
    found = await matching.manual.suggestions(coordinator, programme.program_id, "e1", SuggestionsQuery(limit=5))
    assert [s.mentor_id for s in found.items] == ["best", "good"]
    assert found.items[0].score > found.items[1].score and found.items[1].free_places == 2
    assert "python, sql" in found.items[0].explanation[0].detail
    with pytest.raises(Conflict, match="already in a pair"):
        await matching.manual.suggestions(coordinator, programme.program_id, "e2", SuggestionsQuery())
    with pytest.raises(NotFound, match="no mentee"):
        await matching.manual.suggestions(coordinator, programme.program_id, "nobody", SuggestionsQuery())


async def test_a_manual_pair_keeps_the_rules_and_capacity_and_a_retry_is_the_same_pair(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    await enrolled(
        matching, programme, programme.mentor("m1", "python", 1), programme.mentor("boss", "python", 1),
        programme.mentee("e1", "python"), programme.mentee("e2", "python", manager="boss"),
        programme.mentee("e3", "python"),
    )  # fmt: skip
    pair_id = await matching.manual.create_pair(
        coordinator, programme.program_id, PairChoice(mentee_id="e1", mentor_id="m1")
    )
    again = await matching.manual.create_pair(
        coordinator, programme.program_id, PairChoice(mentee_id="e1", mentor_id="m1")
    )
    assert again == pair_id
    with pytest.raises(Conflict, match="reporting_line"):
        await matching.manual.create_pair(
            coordinator, programme.program_id, PairChoice(mentee_id="e2", mentor_id="boss")
        )
    with pytest.raises(Conflict, match="capacity"):
        await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e3", mentor_id="m1"))
    with pytest.raises(Conflict, match="already_matched"):
        await matching.manual.create_pair(
            coordinator, programme.program_id, PairChoice(mentee_id="e1", mentor_id="boss")
        )
    [pair] = await pairs_of(matching, programme)
    assert (pair.id, pair.mode, pair.run_id) == (pair_id, MatchMode.MANUAL, None)


async def test_a_run_request_can_seek_the_highest_total_with_a_minimum_score(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    await enrolled(
        matching, programme, programme.mentor("m1", "python", 2), programme.mentee("e1", "python"),
        programme.mentee("e2", "cobol"),
    )  # fmt: skip
    body = StartMatchRun(objective=MatchObjective.HIGHEST_TOTAL, min_score=30)  # all the skills wanted: 35.714
    run_id = await proposed(matching, ports, programme, body)
    view = await matching.runs.run(caller(programme.agency_id), programme.program_id, run_id)
    assert (view.objective, view.min_score, view.proposed) == ("highest_total", 30, 1)
    assert view.unmatched is not None and view.unmatched.below_min_score == 1


async def test_another_agency_finds_neither_the_programme_nor_its_runs(matching: Matching, ports: MemoryPorts) -> None:
    programme = Programme()
    await enrolled(matching, programme, programme.mentor("m1", "python", 1))
    run_id = await proposed(matching, ports, programme)
    stranger = caller("another-agency")
    with pytest.raises(NotFound):
        await matching.runs.request_run(stranger, programme.program_id, StartMatchRun())
    with pytest.raises(NotFound):
        await matching.runs.run(stranger, programme.program_id, run_id)
    with pytest.raises(NotFound):
        await matching.manual.pairs(stranger, programme.program_id, EVERYTHING)


async def test_a_run_that_fails_says_why(ports: MemoryPorts) -> None:
    def broken(problem: Problem) -> Solution:
        raise RuntimeError("the algorithm broke")

    matching = wire(ports.database, ports.log, ports.recorder, ports.spawn, broken)  # type: ignore[arg-type]
    programme = Programme()
    await enrolled(matching, programme, programme.mentor("m1", "python", 1), programme.mentee("e1", "python"))
    run_id = await proposed(matching, ports, programme)
    view = await matching.runs.run(caller(programme.agency_id), programme.program_id, run_id)
    assert (view.status, view.failure) == (MatchRunStatus.FAILED, "RuntimeError: the algorithm broke")


async def test_a_retried_run_request_with_its_key_is_the_same_run(matching: Matching, ports: MemoryPorts) -> None:
    programme = Programme()
    await enrolled(matching, programme, programme.mentor("m1", "python", 1), programme.mentee("e1", "python"))
    first = await matching.runs.request_run(
        caller(programme.agency_id, request_key="k1"), programme.program_id, StartMatchRun()
    )
    again = await matching.runs.request_run(
        caller(programme.agency_id, request_key="k1"), programme.program_id, StartMatchRun()
    )
    assert again == first
    await ports.run_spawned()
    assert len(await proposals_of(matching, programme, first)) == 1


async def test_a_closed_programme_takes_no_more_runs_nor_publications_and_keeps_its_pairs(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    await enrolled(
        matching, programme, programme.mentor("m1", "python", 2), programme.mentee("e1", "python"),
        programme.mentee("e2", "python"),
    )  # fmt: skip
    await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e1", mentor_id="m1"))
    run_id = await proposed(matching, ports, programme)
    await deliver(matching.pool.consumed(), [programme.closed(), programme.closed()])
    with pytest.raises(Conflict, match=f"the programme {programme.program_id} is closed"):
        await matching.runs.request_run(coordinator, programme.program_id, StartMatchRun())
    with pytest.raises(Conflict, match="closed"):
        await matching.runs.publish(coordinator, programme.program_id, run_id)
    assert len(await pairs_of(matching, programme)) == 1
    assert ports.spawned == []


async def test_enrolment_facts_delivered_twice_add_each_person_once(matching: Matching) -> None:
    programme = Programme()
    mentor, mentee = programme.mentor("m1", "python", 2), programme.mentee("e1", "python")
    await enrolled(matching, programme, mentor, mentee)
    await enrolled(matching, programme, mentor, mentee)
    mentors, mentees = await matching.runs.candidates.of_program(programme.agency_id, programme.program_id)
    assert [m.person_id for m in mentors] == ["m1"] and [m.person_id for m in mentees] == ["e1"]


async def test_people_enrolled_in_one_batch_join_their_own_programmes_pools(matching: Matching) -> None:
    first, second = Programme(), Programme()
    await deliver(matching.pool.consumed(), (first.opened(), second.opened()))
    joining = matching.pool.consumed()[type(first.mentor("m", "x", 1).payload)]
    await joining.handle([first.mentor("m1", "python", 1), second.mentee("e1", "python"), first.mentee("e2", "go")])
    assert [
        [p.person_id for p in group]
        for group in await matching.runs.candidates.of_program(first.agency_id, first.program_id)
    ] == [
        ["m1"],
        ["e2"],
    ]
    mentors, mentees = await matching.runs.candidates.of_program(second.agency_id, second.program_id)
    assert (mentors, [m.person_id for m in mentees]) == ([], ["e1"])


async def pool(matching: Matching, programme: Programme) -> tuple[list, list]:
    return await matching.runs.candidates.of_program(programme.agency_id, programme.program_id)


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

    run_id = await proposed(matching, ports, programme)
    [pair] = await proposals_of(matching, programme, run_id)
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
        await deliver(matching.pool.consumed(), [programme.profile_updated(mentor, capacity=None)])
    [unchanged], _ = await pool(matching, programme)
    assert unchanged.capacity == 1


async def test_pairs_recorded_before_a_restarted_process_first_lists_them_are_all_listed(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    await enrolled(matching, programme, programme.mentor("m1", "python", 2), programme.mentee("e1", "python"))
    await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e1", mentor_id="m1"))
    restarted = wire(ports.database, ports.log, ports.recorder, ports.spawn)  # type: ignore[arg-type]
    later = pair_matched("p-later", program_id=programme.program_id, mentee_id="e2", mentor_id="m1")
    await restarted.ledger.record([later], Cause(programme.agency_id))  # before anything read the programme's pairs
    assert {p.mentee_id for p in await pairs_of(restarted, programme)} == {"e1", "e2"}


async def test_a_group_programme_fills_each_mentors_batch_up_to_the_group_size_and_forms_their_group(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    coordinator = caller(programme.agency_id)
    opened = wrapped(
        program_opened(programme.program_id, kind=ProgramKind.GROUP, group_size=2), programme.agency_id, "enrolment"
    )
    mentees = [programme.mentee(f"e{i}", "python") for i in range(5)]
    await deliver(matching.pool.consumed(), [opened, programme.mentor("m1", "python", 5), *mentees])
    run_id = await proposed(matching, ports, programme)
    assert len(await proposals_of(matching, programme, run_id)) == 2  # the batch: capacity 5, at most the group size
    await published(matching, ports, programme, run_id)
    pairs = await pairs_of(matching, programme)
    [group] = await published_facts(ports, "GroupFormed")
    assert (group["mentor_id"], sorted(group["mentee_ids"])) == ("m1", sorted(p.mentee_id for p in pairs))
    assert {fact["group_id"] for fact in await published_facts(ports, "PairMatched")} == {group["group_id"]}
    waiting = next(f"e{i}" for i in range(5) if f"e{i}" not in {p.mentee_id for p in pairs})
    with pytest.raises(Conflict, match="capacity"):  # a pair by hand counts against the same batch
        await matching.manual.create_pair(
            coordinator, programme.program_id, PairChoice(mentee_id=waiting, mentor_id="m1")
        )
