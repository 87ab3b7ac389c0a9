"""Matching's claims, on the in-memory stand-in and the real store: whatever the interleaving, one pair per mentee
and never more pairs than a mentor's capacity; a resumed run keeps what it claimed."""

import asyncio

from matching.stores import Claims, WantedPair


def _wanted(run: str, mentees: range, mentor: str = "m1", capacity: int = 3) -> list[WantedPair]:
    return [WantedPair(f"{run}-e{i}", f"e{i}", mentor, capacity) for i in mentees]


async def test_runs_claiming_at_once_share_mentees_and_slots_without_overlap(database) -> None:
    claims = Claims(database)
    results = await asyncio.gather(*(claims.claim("a", "g1", _wanted(f"run{n}", range(5))) for n in range(4)))
    held = [pair for result in results for pair in result]
    assert len(held) == 3  # the mentor's capacity
    assert len({pair.mentee_id for pair in held}) == 3


async def test_a_resumed_run_keeps_its_claims_and_others_find_them_taken(database) -> None:
    claims = Claims(database)
    first = await claims.claim("a", "g1", _wanted("run1", range(2), capacity=2))
    assert await claims.claim("a", "g1", _wanted("run1", range(2), capacity=2)) == first
    assert await claims.claim("a", "g1", _wanted("run2", range(2, 4), capacity=2)) == []


async def test_a_mentee_whose_mentor_is_full_is_let_go_for_a_later_run(database) -> None:
    claims = Claims(database)
    assert len(await claims.claim("a", "g1", _wanted("run1", range(1), capacity=1))) == 1
    assert await claims.claim("a", "g1", _wanted("run2", range(1, 2), capacity=1)) == []
    # e1 was let go, so another mentor can have them
    assert len(await claims.claim("a", "g1", _wanted("run3", range(1, 2), mentor="m2", capacity=1))) == 1


async def test_claims_of_one_agency_do_not_block_another(database) -> None:
    claims = Claims(database)
    assert len(await claims.claim("a", "g1", _wanted("run1", range(1), capacity=1))) == 1
    assert len(await claims.claim("b", "g2", _wanted("run2", range(1), capacity=1))) == 1


async def test_a_mentee_whose_pair_dissolved_is_claimed_again_in_their_next_round_once(database) -> None:
    claims = Claims(database)
    assert len(await claims.claim("a", "g1", [WantedPair("p1", "e1", "m1", 1)])) == 1
    # The pair dissolved: the mentee's round and the mentor's released places moved on by one.
    again = [WantedPair(f"p{n}", "e1", "m1", 1, round=1, released=1) for n in (2, 3)]
    results = await asyncio.gather(*(claims.claim("a", "g1", [pair]) for pair in again))
    assert sorted(len(result) for result in results) == [0, 1]
    # One who read the pairs before the ending was recorded claims keys already taken, and is refused.
    assert await claims.claim("a", "g1", [WantedPair("p4", "e1", "m2", 1)]) == []
    assert await claims.pair_of_mentee("a", "g1", "e1", 0) == "p1"


async def test_each_place_a_mentors_ended_pairs_released_is_claimed_once(database) -> None:
    claims = Claims(database)
    assert len(await claims.claim("a", "g1", _wanted("run1", range(2), capacity=2))) == 2
    # One of the two pairs ended: many claim the place it released at once, and one gets it.
    wanted = [WantedPair(f"run{n}-e{n}", f"e{n}", "m1", 2, released=1) for n in range(10, 14)]
    results = await asyncio.gather(*(claims.claim("a", "g1", [pair]) for pair in wanted))
    assert sorted(len(result) for result in results) == [0, 0, 0, 1]
    assert await claims.claim("a", "g1", [WantedPair("run9-e20", "e20", "m1", 2)]) == []  # missed the ending
