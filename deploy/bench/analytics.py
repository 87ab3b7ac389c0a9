"""`python -m deploy.bench.analytics`: what an analytics answer costs as a programme's events pile up, and what
folding them again costs a restarted evaluation.

Evaluation's analytics runs in this process on the store `make run` started (or `--mongo-url`), in a namespace of
its own that is dropped at the end. A year of a programme is loaded as evaluation consumes it, in batches of 200
events (each stored once, then folded): `--mentees` mentees and `--mentors` mentors applying and approved, each
mentee matched, signing, meeting every few weeks, some behind their cadence, agreeing a plan, closing or dissolving,
and answering surveys. The answers (a coordinator's programme and agency analytics over the year, and leadership's,
withheld by the disclosure rules) are timed `--calls` times once the first `--start` mentees are loaded and again
at the end, and a fresh process then folds every stored fact again on its first answer (timed).
"""

import argparse
import asyncio
import gc
import os
import random
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

from pymongo import AsyncMongoClient
from rich.console import Console
from rich.table import Table

from deploy.bench.load import timed
from evaluation.handlers.analytics import AnalyticsAnswers
from evaluation.stores.analytics import AnalyticsFacts
from mentoring_contracts import (
    AgreementSigned,
    ApplicationSubmitted,
    Cadence,
    Envelope,
    Event,
    FeedbackSubmitted,
    GoalsAgreed,
    MeetingLogged,
    MeetingOverdue,
    MenteeEnrolled,
    MentorEnrolled,
    PairDissolved,
    PairMatched,
    PartnershipClosed,
    ProgramOpened,
)
from mentoring_contracts.api.analytics import AnalyticsQuery
from mentoring_contracts.enrolment import ParticipantFacts
from mentoring_contracts.evaluation import Rating
from mentoring_contracts.names import (
    ClosureReason,
    DissolutionReason,
    GoalOutcome,
    Initiator,
    MatchMode,
    ParticipantRole,
    ProgramKind,
    SurveyKind,
)
from mentoring_runtime.web import Caller

console = Console()
AGENCY = "bench-agency"
BATCH = 200
YEAR_START = datetime(2026, 1, 1, 9, tzinfo=UTC)
QUERY = AnalyticsQuery.model_validate({"from": "2026-01-01", "to": "2026-12-31"})
FACTS = ParticipantFacts(department="finance", grade="g7", languages=("en",))
COORDINATOR = Caller(AGENCY, "coordinator", frozenset({"coordinator"}), None)
LEADERSHIP = Caller(AGENCY, "leader", frozenset({"leadership"}), None)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m deploy.bench.analytics", description=__doc__)
    parser.add_argument("--mentees", type=int, default=10000)
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--start", type=int, default=200, help="mentees loaded before the first timing")
    parser.add_argument("--calls", type=int, default=10, help="times each answer is timed")
    parser.add_argument("--mongo-url", default=os.environ.get("MENTORING_MONGO_URL", "mongodb://127.0.0.1:27017"))
    return parser.parse_args()


def _at(event: Event, moment: datetime) -> Envelope[Any]:
    return Envelope.wrap(event, agency_id=AGENCY, producer="bench").model_copy(update={"occurred_at": moment})


def _mentor(program_id: str, n: int) -> list[Envelope[Any]]:
    person, role = f"mentor{n}", ParticipantRole.MENTOR
    ids = {"program_id": program_id, "participant_id": f"app-{person}", "person_id": person}
    return [
        _at(ApplicationSubmitted(**ids, role=role, eligible=True, unmet_rules=()), YEAR_START),
        _at(MentorEnrolled(**ids, facts=FACTS, exception=False, skills=("sql",), capacity=5), YEAR_START),
    ]


def _mentee(program_id: str, n: int, mentors: int, randomly: random.Random) -> list[Envelope[Any]]:
    """A mentee's year: applied, approved, matched, signed, meetings, a plan, an ending, surveys answered."""
    person, mentor, pair = f"mentee{n}", f"mentor{n % mentors}", f"pair{n}"
    ids = {"program_id": program_id, "participant_id": f"app-{person}", "person_id": person}
    applied = YEAR_START + timedelta(days=randomly.randrange(0, 120), hours=randomly.randrange(0, 8))
    eligible = randomly.random() < 0.9
    events = [_at(ApplicationSubmitted(**ids, role=ParticipantRole.MENTEE, eligible=eligible, unmet_rules=()), applied)]
    if randomly.random() < 0.15:
        return events  # never approved
    approved = applied + timedelta(days=randomly.randrange(1, 14))
    enrolled = MenteeEnrolled(**ids, facts=FACTS, exception=not eligible, desired_skills=("sql",))
    matched = approved + timedelta(days=randomly.randrange(3, 40))
    signed = matched + timedelta(days=randomly.randrange(1, 10))
    pair_ids = {"pair_id": pair, "program_id": program_id}
    events += [
        _at(enrolled, approved),
        _at(PairMatched(**pair_ids, mode=MatchMode.RUN, run_id="run1", mentor_id=mentor, mentee_id=person, score=70),
            matched),
        _at(AgreementSigned(**pair_ids, version=1, mentor_id=mentor, mentee_ids=(person,), signed_at=signed), signed),
        _at(GoalsAgreed(**pair_ids, revision=1, objective_count=2, target_dates=(date(2026, 12, 1),) * 2,
                        agreed_at=signed + timedelta(days=7)), signed + timedelta(days=7)),
    ]  # fmt: skip
    for k in range(randomly.randrange(3, 10)):
        held = signed + timedelta(days=14 + 21 * k)
        events.append(
            _at(MeetingLogged(**pair_ids, meeting_id=f"{pair}-{k}", held_at=held, duration_minutes=randomly.choice(
                (30, 45, 60, 90)), logged_by=person, attendee_ids=(person,)), held + timedelta(hours=2))
        )  # fmt: skip
    if randomly.random() < 0.3:
        end = signed + timedelta(days=60)
        events.append(
            _at(MeetingOverdue(**pair_ids, period_start=end - timedelta(days=30), period_end=end, expected_meetings=2,
                               held_meetings=0, days_overdue=2), end + timedelta(days=2))
        )  # fmt: skip
    ended = signed + timedelta(days=randomly.randrange(150, 300))
    members = {"mentor_id": mentor, "mentee_ids": (person,)}
    if randomly.random() < 0.8:
        outcomes = tuple(randomly.choice(list(GoalOutcome)) for _ in range(2))
        reason = randomly.choice(list(ClosureReason))
        events.append(_at(PartnershipClosed(**pair_ids, **members, reason=reason, goal_outcomes=outcomes), ended))
    else:
        reason = randomly.choice(list(DissolutionReason))
        events.append(
            _at(PairDissolved(**pair_ids, **members, whole=True, reason=reason, initiated_by=Initiator.MENTEE), ended)
        )
    for who, role in ((person, ParticipantRole.MENTEE), (mentor, ParticipantRole.MENTOR)):
        ratings = (Rating(question_id="satisfaction", rating=randomly.randrange(1, 6)),
                   Rating(question_id="fit", rating=randomly.randrange(1, 6)))  # fmt: skip
        answered = ended + timedelta(days=randomly.randrange(1, 14))
        events.append(
            _at(FeedbackSubmitted(**pair_ids, survey_id=str(uuid4()), kind=SurveyKind.CLOSING, respondent_id=who,
                                  respondent_role=role, ratings=ratings, submitted_at=answered), answered)
        )  # fmt: skip
    return events


async def _load(analytics: AnalyticsAnswers, events: list[Envelope[Any]]) -> float:
    started = time.perf_counter()
    for start in range(0, len(events), BATCH):
        await analytics.record(events[start : start + BATCH])
    return time.perf_counter() - started


def _answers(analytics: AnalyticsAnswers, program_id: str) -> dict[str, Any]:
    return {
        "GET /programs/{id}/analytics (coordinator)": lambda i: analytics.program_analytics(
            COORDINATOR, program_id, QUERY
        ),
        "GET /agency/analytics (coordinator)": lambda i: analytics.agency_analytics(COORDINATOR, QUERY),
        "GET /agency/analytics (leadership, k-anonymous)": lambda i: analytics.agency_analytics(LEADERSHIP, QUERY),
    }


async def _bench(args: argparse.Namespace) -> Table:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(args.mongo_url)
    database = client[f"bench{uuid4().hex[:8]}_evaluation"]
    facts = AnalyticsFacts(database)
    await facts.create_indexes()
    analytics = AnalyticsAnswers(facts, today=lambda: date(2026, 12, 31))
    program_id = str(uuid4())
    randomly = random.Random(7)
    opened = ProgramOpened(
        program_id=program_id, kind=ProgramKind.ONE_TO_ONE, duration_months=12,
        cadence=Cadence(meetings_per_month=2, hours_per_month=2), matching_policy={}, eligibility={}, grade_scale=(),
    )  # fmt: skip
    first = [_at(opened, YEAR_START), *(e for n in range(args.mentors) for e in _mentor(program_id, n))]
    first += [e for n in range(args.start) for e in _mentee(program_id, n, args.mentors, randomly)]
    rest = [e for n in range(args.start, args.mentees) for e in _mentee(program_id, n, args.mentors, randomly)]
    try:
        seconds = await _load(analytics, first)
        console.print(f"  {len(first):,} events of {args.start:,} mentees loaded in {seconds:.1f} s")
        small = {name: await timed(args.calls, call) for name, call in _answers(analytics, program_id).items()}
        seconds = await _load(analytics, rest)
        total = len(first) + len(rest)
        console.print(f"  {total:,} events of {args.mentees:,} mentees loaded ({len(rest) / seconds:,.0f} events/s)")
        del first, rest  # the bench's own events, not evaluation's: a collection of the heap would walk them too
        gc.collect()
        large = {name: await timed(args.calls, call) for name, call in _answers(analytics, program_id).items()}
        started = time.perf_counter()
        read = await AnalyticsFacts(database).agency(AGENCY)
        read_seconds = time.perf_counter() - started
        del read
        restarted = AnalyticsAnswers(AnalyticsFacts(database), today=lambda: date(2026, 12, 31), load_wait_seconds=600)
        started = time.perf_counter()
        reloaded = await restarted.program_analytics(COORDINATOR, program_id, QUERY)
        reload_seconds = time.perf_counter() - started
        assert reloaded == await analytics.program_analytics(COORDINATOR, program_id, QUERY), "the same figures"
        table = Table(title=f"analytics: a year of {args.start:,} mentees' events, then {args.mentees:,}' ({total:,})")
        for column in ("answer", f"p50 at {args.start:,}", "slowest", f"p50 at {args.mentees:,}", "slowest", "ratio"):
            table.add_column(column)
        for name, (p50, slowest) in small.items():
            p50_large, slowest_large = large[name]
            table.add_row(
                name, f"{p50:.1f} ms", f"{slowest:.1f} ms", f"{p50_large:.1f} ms", f"{slowest_large:.1f} ms",
                f"{p50_large / p50:.2f}",
            )  # fmt: skip
        table.add_row(
            f"first answer after a restart: read and fold all {total:,} facts", "", "", f"{reload_seconds:.1f} s"
        )
        table.add_row("  of which reading them from the store", "", "", f"{read_seconds:.1f} s")
        return table
    finally:
        await client.drop_database(database.name)
        await client.close()


def main() -> None:
    console.print(asyncio.run(_bench(_arguments())))


if __name__ == "__main__":
    main()
