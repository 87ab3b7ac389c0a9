"""Self-select on in-memory ports: suggestions that spread demand, one open request at a time, answers only from the
addressed mentor, accepts that keep capacity and survive a crash, expiry read off the clock, and who sees what."""

import asyncio
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from matching.bootstrap import Matching, wire
from matching.domain.requests import Step
from mentoring_contracts.api import (
    AnswerRequest,
    MyRequestsQuery,
    MySuggestionsQuery,
    PageQuery,
    PairChoice,
    ProgramRequestsQuery,
    RequestMentor,
)
from mentoring_contracts.names import MatchMode, MentorRequestStatus, ProgramKind
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from mentoring_runtime.web import Caller
from tests.support.delivery import deliver
from tests.support.factories import caller
from tests.support.ports import MemoryPorts
from tests.support.programmes import Programme

pytestmark = pytest.mark.unit
MESSAGE = "I lead a small team and want to get better at budgeting"


@dataclass
class Clock:
    at: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
async def ports() -> MemoryPorts:
    return await MemoryPorts.prepared("matching")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def matching(ports: MemoryPorts, clock: Clock) -> Matching:
    return wire(ports.database, ports.log, ports.recorder, ports.spawn, now=clock)  # type: ignore[arg-type]


def mentee(programme: Programme, person: str) -> Caller:
    return caller(programme.agency_id, person, "mentee")


def mentor(programme: Programme, person: str) -> Caller:
    return caller(programme.agency_id, person, "mentor")


async def opened(matching: Matching, programme: Programme, *envelopes, **policy) -> None:
    await deliver(matching.pool.consumed(), (programme.self_select(**policy), *envelopes))


async def suggested(matching: Matching, who: Caller, **query) -> list[str]:
    found = await matching.requests.suggestions(who, MySuggestionsQuery(**query))
    return [s.mentor_id for s in found.items]


async def requested(matching: Matching, who: Caller, mentor_id: str, **body) -> str:
    return (await matching.requests.request(who, RequestMentor(mentor_id=mentor_id, **body))).id


async def outbox(ports: MemoryPorts) -> list[dict]:
    return [entry["envelope"] for entry in await ports.log.outbox()]


async def test_suggestions_rank_mentors_a_mentee_may_have_and_spread_demand_over_free_places(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    await opened(
        matching, programme, programme.mentor("best", "python sql", 1), programme.mentor("good", "python", 2),
        programme.mentor("boss", "python sql", 3), programme.mentor("full", "python sql", 1),
        *(programme.mentee(f"e{i}", "python sql", manager="boss") for i in range(1, 6)), programme.mentee("x", "go"),
    )  # fmt: skip
    coordinator = caller(programme.agency_id)
    await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="x", mentor_id="full"))

    found = await matching.requests.suggestions(mentee(programme, "e1"), MySuggestionsQuery())
    assert (found.program_id, found.mentee_id) == (programme.program_id, "e1")
    assert [s.mentor_id for s in found.items] == ["best", "good"]  # boss manages them; full has no place
    assert found.items[0].score > found.items[1].score and found.items[1].free_places == 2
    assert "python, sql" in found.items[0].explanation[0].detail
    assert await suggested(matching, mentee(programme, "e1"), limit=1) == ["best"]

    await requested(matching, mentee(programme, "e1"), "best")
    assert await suggested(matching, mentee(programme, "e2")) == ["good"]  # best's one place is spoken for
    assert await suggested(matching, mentee(programme, "e1")) == ["best", "good"]  # not against themself
    await requested(matching, mentee(programme, "e2"), "good")
    assert await suggested(matching, mentee(programme, "e3")) == ["good"]  # one of good's two places left
    await requested(matching, mentee(programme, "e3"), "good")
    assert await suggested(matching, mentee(programme, "e4")) == []

    [first] = (await matching.requests.mine(mentor(programme, "best"), MyRequestsQuery())).items
    await matching.requests.decline(mentor(programme, "best"), first.id, AnswerRequest(reason="I am away in May"))
    assert await suggested(matching, mentee(programme, "e4")) == ["best"]
    assert await suggested(matching, mentee(programme, "e1")) == []  # best said no to e1, good is spoken for


async def test_suggestions_past_the_mentors_asked_one_by_one_still_spread_demand(matching: Matching) -> None:
    programme = Programme()
    mentors = [programme.mentor(f"m{i:02}", "python", 1) for i in range(60)]
    mentees = [programme.mentee(f"r{i:02}", "python") for i in range(55)]
    await opened(matching, programme, *mentors, *mentees, programme.mentee("late", "python"))
    await requested(matching, mentee(programme, "r01"), "m01")
    assert await suggested(matching, mentee(programme, "late"), limit=3) == ["m00", "m02", "m03"]  # ties by id
    for i in range(55):
        if i != 1:
            await requested(matching, mentee(programme, f"r{i:02}"), f"m{i:02}")
    # The 50 best are asked one by one and are all spoken for; the rest are judged on the programme's requests.
    assert await suggested(matching, mentee(programme, "late"), limit=3) == ["m55", "m56", "m57"]
    assert await suggested(matching, mentee(programme, "r07"), limit=2) == ["m07", "m55"]


async def test_a_mentee_names_the_programme_only_when_it_is_ambiguous_and_is_told_why_they_may_not_choose(
    matching: Matching,
) -> None:
    first, second, coordinated = Programme("agency-x"), Programme("agency-x"), Programme("agency-x")
    await opened(matching, first, first.mentor("m1", "python", 1), first.mentee("e1", "python"))
    await opened(matching, second, second.mentor("m2", "python", 1), second.mentee("e1", "python"))
    await deliver(matching.pool.consumed(), [coordinated.opened(), coordinated.mentee("e2", "python")])
    e1, e2 = caller("agency-x", "e1", "mentee"), caller("agency-x", "e2", "mentee")

    with pytest.raises(Invalid, match=f"several programmes .*{first.program_id}") as ambiguous:
        await suggested(matching, e1)
    assert ambiguous.value.field == "program_id"
    assert await suggested(matching, e1, program_id=second.program_id) == ["m2"]
    with pytest.raises(Conflict, match="does not let mentees choose their mentor"):
        await suggested(matching, e2)
    with pytest.raises(Forbidden, match=f"no approved mentee of the programme {first.program_id}"):
        await suggested(matching, e2, program_id=first.program_id)
    with pytest.raises(NotFound):
        await suggested(matching, e1, program_id="no-such-programme")
    with pytest.raises(Forbidden, match="no approved mentee of an open programme"):
        await suggested(matching, caller("agency-x", "m1", "mentee"))
    with pytest.raises(Forbidden, match="mentee"):
        await suggested(matching, caller("agency-x", "e1", "mentor"))
    with pytest.raises(Invalid, match="several programmes") as ambiguous:
        await requested(matching, e1, "m1")
    assert ambiguous.value.field == "program_id"
    assert (await matching.requests.request(e1, RequestMentor(mentor_id="m1", program_id=first.program_id))).status

    await deliver(matching.pool.consumed(), [second.closed()])
    assert await suggested(matching, e1) == ["m1"]  # the only one left; e1's own request does not hide m1 from e1
    with pytest.raises(Conflict, match="is closed"):
        await suggested(matching, e1, program_id=second.program_id)


async def test_one_open_request_at_a_time_a_retry_finds_its_first_and_a_decline_frees_the_mentee(
    matching: Matching,
) -> None:
    programme = Programme()
    await opened(
        matching, programme, programme.mentor("m1", "python", 1), programme.mentor("m2", "python", 1),
        programme.mentee("e1", "python"),
    )  # fmt: skip
    e1 = mentee(programme, "e1")
    made = await matching.requests.request(e1, RequestMentor(mentor_id="m1", message=MESSAGE))
    assert (made.status, made.message, made.mentee_id, made.program_id) == ("open", MESSAGE, "e1", programme.program_id)
    assert made.expires_at - made.requested_at == timedelta(days=7)
    with pytest.raises(Conflict, match=f"your request {made.id} to m1 is open until"):
        await requested(matching, e1, "m2")
    retried = caller(programme.agency_id, "e1", "mentee", request_key="key-1")

    answered = await matching.requests.decline(mentor(programme, "m1"), made.id, AnswerRequest(reason="full diary"))
    assert (answered.status, answered.reason) == ("declined", "full diary") and answered.answered_at is not None
    again = await matching.requests.decline(mentor(programme, "m1"), made.id, AnswerRequest())
    assert again == answered  # a repeat answers the same
    with pytest.raises(Conflict, match="m1 declined your request"):
        await requested(matching, e1, "m1")
    keyed = await requested(matching, retried, "m2")
    assert await requested(matching, retried, "m2") == keyed  # the same Idempotency-Key: the same request
    with pytest.raises(Conflict, match=f"your request {keyed}"):
        await requested(matching, mentee(programme, "e1"), "m2")


async def test_a_request_the_mentor_could_not_take_is_refused_naming_the_rule(matching: Matching) -> None:
    programme = Programme()
    await opened(
        matching, programme, programme.mentor("boss", "python", 2), programme.mentor("m1", "python", 1),
        programme.mentee("e1", "python", manager="boss"), programme.mentee("e2", "python"),
        programme.mentee("e3", "python", languages=("fr",)),
    )  # fmt: skip
    with pytest.raises(Conflict, match="reporting_line"):
        await requested(matching, mentee(programme, "e1"), "boss")
    with pytest.raises(Conflict, match="shared_language"):
        await requested(matching, mentee(programme, "e3"), "m1")
    with pytest.raises(Invalid, match="nobody is no mentor") as unknown:
        await requested(matching, mentee(programme, "e2"), "nobody")
    assert unknown.value.field == "mentor_id"
    coordinator = caller(programme.agency_id)
    await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e2", mentor_id="m1"))
    with pytest.raises(Conflict, match="capacity: m1 mentors at most 1"):
        await requested(matching, mentee(programme, "e1"), "m1")
    with pytest.raises(Conflict, match="already_matched"):
        await requested(matching, mentee(programme, "e2"), "boss")
    with pytest.raises(Conflict, match="already in a pair"):
        await suggested(matching, mentee(programme, "e2"))


async def test_an_accepted_request_is_a_self_selected_pair_and_no_event_carries_the_message(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    await opened(matching, programme, programme.mentor("m1", "python sql", 2), programme.mentee("e1", "python"))
    request_id = await requested(matching, mentee(programme, "e1"), "m1", message=MESSAGE)
    accepted = await matching.requests.accept(mentor(programme, "m1"), request_id, AnswerRequest(reason="gladly"))
    assert (accepted.status, accepted.reason) == (MentorRequestStatus.ACCEPTED, "gladly") and accepted.pair_id
    assert await matching.requests.accept(mentor(programme, "m1"), request_id, AnswerRequest()) == accepted
    with pytest.raises(Conflict, match="already accepted"):
        await matching.requests.decline(mentor(programme, "m1"), request_id, AnswerRequest())

    [pair] = (await matching.manual.pairs(caller(programme.agency_id), programme.program_id, PageQuery())).items
    assert (pair.id, pair.mode, pair.mentee_id, pair.mentor_id) == (accepted.pair_id, MatchMode.SELF_SELECT, "e1", "m1")
    envelopes = await outbox(ports)
    [published] = [e["payload"] for e in envelopes if e["event_type"] == "PairMatched"]
    assert (published["mode"], published["pair_id"], published["run_id"]) == ("self_select", pair.id, None)
    assert published["score"] > 0 and published["contributions"][0]["criterion"] == "skills"
    assert MESSAGE not in json.dumps(envelopes) and "gladly" not in json.dumps(envelopes)
    with pytest.raises(Conflict, match="already_matched"):
        await requested(matching, mentee(programme, "e1"), "m1")


async def test_only_the_mentor_a_request_was_made_to_answers_it(matching: Matching) -> None:
    programme = Programme()
    await opened(
        matching, programme, programme.mentor("m1", "python", 1), programme.mentor("m2", "python", 1),
        programme.mentee("e1", "python"),
    )  # fmt: skip
    request_id = await requested(matching, mentee(programme, "e1"), "m1")
    for answer in (matching.requests.accept, matching.requests.decline):
        with pytest.raises(Forbidden, match="only m1"):
            await answer(mentor(programme, "m2"), request_id, AnswerRequest())
        with pytest.raises(Forbidden, match="needs the role mentor"):
            await answer(mentee(programme, "e1"), request_id, AnswerRequest())
        with pytest.raises(NotFound):
            await answer(mentor(programme, "m1"), "no-such-request", AnswerRequest())
        with pytest.raises(NotFound):
            await answer(caller("another-agency", "m1", "mentor"), request_id, AnswerRequest())
    [still] = (await matching.requests.mine(mentee(programme, "e1"), MyRequestsQuery())).items
    assert still.status == MentorRequestStatus.OPEN


async def test_accepting_for_a_full_mentor_or_a_mentee_matched_meanwhile_closes_the_request_saying_why(
    matching: Matching,
) -> None:
    programme = Programme()
    await opened(
        matching, programme, programme.mentor("m1", "python", 1), programme.mentor("m2", "python", 2),
        *(programme.mentee(f"e{i}", "python") for i in range(1, 4)),
    )  # fmt: skip
    m1 = mentor(programme, "m1")
    first, second = [await requested(matching, mentee(programme, e), "m1") for e in ("e1", "e2")]
    third = await requested(matching, mentee(programme, "e3"), "m2")
    await matching.requests.accept(m1, first, AnswerRequest())
    with pytest.raises(
        Conflict, match="capacity: m1 mentors at most 1, and every place is taken; the request is closed"
    ):
        await matching.requests.accept(m1, second, AnswerRequest())
    coordinator = caller(programme.agency_id)
    await matching.manual.create_pair(coordinator, programme.program_id, PairChoice(mentee_id="e3", mentor_id="m2"))
    with pytest.raises(Conflict, match="already_matched: e3"):
        await matching.requests.accept(mentor(programme, "m2"), third, AnswerRequest())

    listed = await matching.requests.of_program(coordinator, programme.program_id, ProgramRequestsQuery())
    by_id = {view.id: view for view in listed.items}
    assert (by_id[second].status, by_id[third].status) == ("closed", "closed")
    assert "capacity" in by_id[second].closed_because and "already_matched" in by_id[third].closed_because
    with pytest.raises(Conflict, match="is closed: capacity"):
        await matching.requests.accept(m1, second, AnswerRequest())
    assert await requested(matching, mentee(programme, "e2"), "m2")  # closed: e2 may request again
    await deliver(matching.pool.consumed(), [programme.closed()])
    [open_one] = (await matching.requests.mine(mentee(programme, "e2"), MyRequestsQuery(status="open"))).items
    with pytest.raises(Conflict, match="is closed: it takes no more pairs; the request is closed"):
        await matching.requests.accept(mentor(programme, "m2"), open_one.id, AnswerRequest())


async def test_an_unanswered_request_expires_by_the_clock_and_the_mentee_may_request_again(
    matching: Matching, clock: Clock
) -> None:
    programme = Programme()
    await opened(
        matching, programme, programme.mentor("m1", "python", 1), programme.mentor("m2", "python", 1),
        programme.mentee("e1", "python"), programme.mentee("e2", "python"), request_expiry_days=0.5,
    )  # fmt: skip
    e1 = mentee(programme, "e1")
    made = await matching.requests.request(e1, RequestMentor(mentor_id="m1"))
    assert made.expires_at == clock.at + timedelta(hours=12)
    assert await suggested(matching, mentee(programme, "e2")) == ["m2"]
    clock.advance(hours=11, minutes=59)
    assert (await matching.requests.mine(e1, MyRequestsQuery())).items[0].status == MentorRequestStatus.OPEN
    clock.advance(minutes=1)
    [expired] = (await matching.requests.mine(e1, MyRequestsQuery())).items
    assert expired.status == MentorRequestStatus.EXPIRED
    with pytest.raises(Conflict, match="expired unanswered"):
        await matching.requests.accept(mentor(programme, "m1"), made.id, AnswerRequest())
    assert await suggested(matching, mentee(programme, "e2")) == ["m1", "m2"]  # its place is free for others
    again = await requested(matching, e1, "m1")  # an expired request is not a decline: the same mentor again
    statuses = {
        v.id: v.status for v in (await matching.requests.mine(mentor(programme, "m1"), MyRequestsQuery())).items
    }
    assert statuses == {made.id: MentorRequestStatus.EXPIRED, again: MentorRequestStatus.OPEN}


async def test_a_capacity_one_mentor_accepting_two_requests_at_once_ends_with_one_mentee(matching: Matching) -> None:
    programme = Programme()
    await opened(
        matching, programme, programme.mentor("m1", "python", 1), *(programme.mentee(f"e{i}", "python") for i in (1, 2))
    )
    requests = [await requested(matching, mentee(programme, e), "m1") for e in ("e1", "e2")]
    m1 = mentor(programme, "m1")
    outcomes = await asyncio.gather(
        *(matching.requests.accept(m1, r, AnswerRequest()) for r in requests), return_exceptions=True
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Conflict", "MentorRequestView"]
    pairs = (await matching.manual.pairs(caller(programme.agency_id), programme.program_id, PageQuery())).items
    assert [p.mentor_id for p in pairs] == ["m1"]
    statuses = Counter(v.status for v in (await matching.requests.mine(m1, MyRequestsQuery())).items)
    assert statuses == {MentorRequestStatus.ACCEPTED: 1, MentorRequestStatus.CLOSED: 1}


class Crash(Exception):
    pass


async def crashing_accept(matching: Matching, programme: Programme, request_id: str) -> None:
    """The mentor accepts, and the process dies after claiming the places, before recording the pair."""
    settlement = matching.requests.settlement
    ledger = settlement.ledger

    async def dies(*_: object) -> None:
        raise Crash("the process died after claiming the places")

    dying = {"record": staticmethod(dies), "taken": staticmethod(ledger.taken)}
    settlement.ledger = type("Dying", (), dying)()  # type: ignore[assignment]
    try:
        with pytest.raises(Crash):
            await matching.requests.accept(mentor(programme, "m1"), request_id, AnswerRequest())
    finally:
        settlement.ledger = ledger


async def pairs_published(ports: MemoryPorts) -> list[tuple[str, str]]:
    return [
        (e["payload"]["pair_id"], e["payload"]["mentee_id"])
        for e in await outbox(ports)
        if e["event_type"] == "PairMatched"
    ]


async def test_an_accept_interrupted_between_claiming_and_recording_is_finished_once_by_the_next_start(
    matching: Matching, ports: MemoryPorts, clock: Clock
) -> None:
    programme = Programme()
    await opened(matching, programme, programme.mentor("m1", "python", 1), programme.mentee("e1", "python"))
    request_id = await requested(matching, mentee(programme, "e1"), "m1")
    await crashing_accept(matching, programme, request_id)
    [view] = (await matching.requests.mine(mentee(programme, "e1"), MyRequestsQuery())).items
    assert view.status == MentorRequestStatus.ACCEPTED  # the mentor's answer stands while it is settled
    assert await pairs_published(ports) == []

    restarted = wire(ports.database, ports.log, ports.recorder, ports.spawn, now=clock)  # type: ignore[arg-type]
    await restarted.requests.settlement.resume()
    assert len(await pairs_published(ports)) == 1
    await restarted.requests.settlement.resume()  # nothing left to settle
    again = await matching.requests.accept(mentor(programme, "m1"), request_id, AnswerRequest())
    assert await pairs_published(ports) == [(again.pair_id, "e1")]
    facts = await matching.requests.requests.of_request(programme.agency_id, request_id)
    assert [f.step for f in sorted(facts, key=lambda f: f.position)] == [Step.REQUESTED, Step.ACCEPTED, Step.PAIRED]


async def test_an_interrupted_accept_is_finished_by_whoever_touches_the_request_next(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    await opened(
        matching, programme, programme.mentor("m1", "python", 1), programme.mentor("m2", "python", 1),
        programme.mentee("e1", "python"),
    )  # fmt: skip
    request_id = await requested(matching, mentee(programme, "e1"), "m1")
    await crashing_accept(matching, programme, request_id)
    with pytest.raises(Conflict, match="already_matched: e1"):  # the mentee's next request settles it first
        await requested(matching, mentee(programme, "e1"), "m2")
    [(pair_id, _)] = await pairs_published(ports)
    assert (await matching.requests.accept(mentor(programme, "m1"), request_id, AnswerRequest())).pair_id == pair_id
    assert len(await pairs_published(ports)) == 1


async def test_who_sees_which_requests(matching: Matching) -> None:
    programme = Programme()
    await opened(
        matching, programme, programme.mentor("m1", "python", 3), programme.mentor("m2", "python", 1),
        *(programme.mentee(f"e{i}", "python") for i in (1, 2, 3)),
    )  # fmt: skip
    made = {e: await requested(matching, mentee(programme, e), m, message=f"from {e}") for e, m in
            (("e1", "m1"), ("e2", "m1"), ("e3", "m2"))}  # fmt: skip
    mine = await matching.requests.mine(mentee(programme, "e1"), MyRequestsQuery())
    assert [(v.id, v.message) for v in mine.items] == [(made["e1"], "from e1")]
    to_m1 = await matching.requests.mine(mentor(programme, "m1"), MyRequestsQuery())
    assert {v.id for v in to_m1.items} == {made["e1"], made["e2"]} and all(v.message for v in to_m1.items)
    first = await matching.requests.mine(mentor(programme, "m1"), MyRequestsQuery(limit=1))
    rest = await matching.requests.mine(mentor(programme, "m1"), MyRequestsQuery(limit=1, cursor=first.next_cursor))
    assert [v.id for v in first.items + rest.items] == [v.id for v in to_m1.items] and rest.next_cursor is None
    with pytest.raises(Invalid, match="cursor"):
        await matching.requests.mine(mentor(programme, "m1"), MyRequestsQuery(cursor="not-from-this-list"))
    both = caller(programme.agency_id, "e3", "mentee", "mentor")
    assert [v.id for v in (await matching.requests.mine(both, MyRequestsQuery())).items] == [made["e3"]]
    elsewhere = MyRequestsQuery(program_id="another-programme")
    assert (await matching.requests.mine(mentor(programme, "m1"), elsewhere)).items == []

    coordinator = caller(programme.agency_id)
    everything = await matching.requests.of_program(coordinator, programme.program_id, ProgramRequestsQuery())
    assert {v.id for v in everything.items} == set(made.values())
    await matching.requests.decline(mentor(programme, "m2"), made["e3"], AnswerRequest())
    declined = await matching.requests.of_program(
        coordinator, programme.program_id, ProgramRequestsQuery(status=MentorRequestStatus.DECLINED)
    )
    assert [v.id for v in declined.items] == [made["e3"]]
    with pytest.raises(NotFound):
        await matching.requests.of_program(caller("another-agency"), programme.program_id, ProgramRequestsQuery())
    with pytest.raises(Forbidden):
        await matching.requests.of_program(mentor(programme, "m1"), programme.program_id, ProgramRequestsQuery())
    with pytest.raises(Forbidden):
        await matching.requests.mine(coordinator, MyRequestsQuery())


async def test_an_accepted_request_in_a_group_programme_joins_the_mentors_group(
    matching: Matching, ports: MemoryPorts
) -> None:
    programme = Programme()
    await deliver(
        matching.pool.consumed(),
        [
            programme.opened(
                kind=ProgramKind.GROUP, group_size=2, matching_policy=programme.self_select().payload.matching_policy
            ),
            programme.mentor("m1", "python", 5),
            *(programme.mentee(f"e{i}", "python") for i in (1, 2, 3)),
        ],
    )
    found = await matching.requests.suggestions(mentee(programme, "e1"), MySuggestionsQuery())
    assert [(s.mentor_id, s.free_places) for s in found.items] == [("m1", 2)]  # a batch is the group size at most
    made = [await requested(matching, mentee(programme, e), "m1") for e in ("e1", "e2", "e3")]
    for request_id in made[:2]:
        await matching.requests.accept(mentor(programme, "m1"), request_id, AnswerRequest())
    with pytest.raises(Conflict, match="capacity: m1 mentors at most 2"):
        await matching.requests.accept(mentor(programme, "m1"), made[2], AnswerRequest())
    groups = [e["payload"] for e in await outbox(ports) if e["event_type"] == "GroupFormed"]
    assert [sorted(g["mentee_ids"]) for g in groups] == [["e1"], ["e1", "e2"]]  # the group told whole each time


async def test_a_coordinators_list_held_by_one_instance_shows_what_another_instance_stored(
    matching: Matching, ports: MemoryPorts, clock: Clock
) -> None:
    programme = Programme()
    await opened(
        matching, programme, programme.mentor("m1", "python", 2), programme.mentee("e1", "python"),
        programme.mentee("e2", "python"),
    )  # fmt: skip
    other = wire(ports.database, ports.log, ports.recorder, ports.spawn, now=clock)  # type: ignore[arg-type]
    coordinator, everything = caller(programme.agency_id), ProgramRequestsQuery()
    first = await requested(matching, mentee(programme, "e1"), "m1")
    assert [
        v.id for v in (await matching.requests.of_program(coordinator, programme.program_id, everything)).items
    ] == [first]
    second = await requested(other, mentee(programme, "e2"), "m1")
    listed = await matching.requests.of_program(coordinator, programme.program_id, everything)
    assert {v.id for v in listed.items} == {first, second}
