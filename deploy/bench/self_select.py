"""`python -m deploy.bench.self_select`: what each self-select call costs on the document store, as requests pile up.

Matching's parts run in this process on the store `make run` started (or `--mongo-url`), in a namespace of their
own that is dropped at the end: a seeded programme of 2,000 mentors (places 1-5) and 10,000 mentees taken in as
enrolment's events, then `--requests` open requests stored as they would be (spread over the mentors at random, so
many mentors' places are spoken for), then each call timed `--calls` times, at p50 and the slowest, on mentees and
mentors who have not yet been served (the pool is read once before, as a running service holds it).
"""

import argparse
import asyncio
import os
import random
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from opentelemetry.sdk.trace import TracerProvider
from rich.console import Console
from rich.table import Table

from deploy.bench.load import timed
from matching.bootstrap import build
from matching.domain.requests import Step
from matching.settings import SERVICE, MatchingSettings
from mentoring_contracts import (
    Cadence,
    EligibilityRules,
    Envelope,
    MatchingPolicy,
    MenteeEnrolled,
    MentorEnrolled,
    ParticipantFacts,
    ProgramOpened,
)
from mentoring_contracts.api import (
    AnswerRequest,
    MyRequestsQuery,
    MySuggestionsQuery,
    ProgramRequestsQuery,
    RequestMentor,
)
from mentoring_contracts.names import ProgramKind
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.web import Caller

console = Console()
SKILLS = "budgeting negotiation sql python policy procurement law hr coaching data".split()
AGENCY = "bench-agency"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m deploy.bench.self_select", description=__doc__)
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--mentees", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=5000, help="open requests on record before timing")
    parser.add_argument("--calls", type=int, default=20, help="times each call is timed")
    parser.add_argument("--mongo-url", default=os.environ.get("MENTORING_MONGO_URL", "mongodb://127.0.0.1:27017"))
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def _caller(person_id: str, *roles: str) -> Caller:
    return Caller(AGENCY, person_id, frozenset(roles), str(uuid4()))


def _facts(rnd: random.Random) -> ParticipantFacts:
    return ParticipantFacts(department=rnd.choice(("finance", "hr", "digital")), grade="g7", languages=("en",))


def _enrolments(program_id: str, mentors: int, mentees: int, rnd: random.Random) -> list[Envelope]:
    def common(person_id: str) -> dict:
        return {"program_id": program_id, "participant_id": str(uuid4()), "person_id": person_id,
                "facts": _facts(rnd), "exception": False}  # fmt: skip

    people: list[MentorEnrolled | MenteeEnrolled] = [
        MentorEnrolled(**common(f"m{i}"), skills=tuple(rnd.sample(SKILLS, 3)), capacity=rnd.randint(1, 5))
        for i in range(mentors)
    ]
    people += [MenteeEnrolled(**common(f"e{i}"), desired_skills=tuple(rnd.sample(SKILLS, 2))) for i in range(mentees)]
    return [Envelope.wrap(person, agency_id=AGENCY, producer="bench") for person in people]


async def _bench(args: argparse.Namespace) -> Table:
    settings = MatchingSettings(namespace=f"bench{uuid4().hex[:8]}", mongo_url=args.mongo_url)
    runtime = ServiceRuntime(SERVICE, settings, TracerProvider())
    parts = build(runtime).parts
    await runtime.prepare_store()
    rnd, program_id = random.Random(args.seed), str(uuid4())
    try:
        consumed = parts.pool.consumed()
        opened = ProgramOpened(
            program_id=program_id, kind=ProgramKind.ONE_TO_ONE, duration_months=12,
            cadence=Cadence(meetings_per_month=1, hours_per_month=2), matching_policy=MatchingPolicy(self_select=True),
            eligibility=EligibilityRules(), grade_scale=(),
        )  # fmt: skip
        await consumed[ProgramOpened](Envelope.wrap(opened, agency_id=AGENCY, producer="bench"))
        people = _enrolments(program_id, args.mentors, args.mentees, rnd)
        for start in range(0, len(people), 500):
            await consumed[MentorEnrolled].handle(people[start : start + 500])  # type: ignore[union-attr]
        now = datetime.now(UTC)
        stored = [
            {"_id": f"{program_id}:e{i}:1", "agency_id": AGENCY, "position": 1, "step": Step.REQUESTED,
             "request_id": str(uuid4()), "program_id": program_id, "mentee_id": f"e{i}",
             "mentor_id": f"m{rnd.randrange(args.mentors)}", "at": now, "by": f"e{i}", "message": "hello " * 20,
             "expires_at": now + timedelta(days=7), "reason": None, "pair": None, "closed_because": None}
            for i in range(args.requests)
        ]  # fmt: skip
        for start in range(0, len(stored), 1000):
            await runtime.database["mentor_requests"].insert_many(stored[start : start + 1000])
        requests = parts.requests
        idle = [f"e{i}" for i in range(args.requests, args.mentees)]
        await requests.suggestions(_caller(idle[-1], "mentee"), MySuggestionsQuery())  # the pool read once
        made = []

        async def request(i: int) -> None:
            made.append(
                await requests.request(_caller(idle[args.calls + i], "mentee"), RequestMentor(mentor_id=f"m{i}"))
            )

        timings = {
            "GET /me/suggestions": lambda i: requests.suggestions(_caller(idle[i], "mentee"), MySuggestionsQuery()),
            "POST /me/mentor-requests": request,
            "GET /me/mentor-requests, as a mentor": lambda i: requests.mine(
                _caller(f"m{i}", "mentor"), MyRequestsQuery()
            ),
            "GET /me/mentor-requests, as a mentee": lambda i: requests.mine(
                _caller(f"e{i}", "mentee"), MyRequestsQuery()
            ),
            "GET /programs/{id}/mentor-requests, a page": lambda i: requests.of_program(
                _caller("coordinator", "coordinator"), program_id, ProgramRequestsQuery()
            ),
            "POST /mentor-requests/{id}/accept": lambda i: requests.accept(
                _caller(made[i].mentor_id, "mentor"), made[i].id, AnswerRequest()
            ),
        }
        table = Table(
            title=f"self-select: {args.mentors:,} mentors × {args.mentees:,} mentees, {args.requests:,} open requests"
        )
        for column in ("call", "p50", "slowest"):
            table.add_column(column)
        for name, call in timings.items():
            p50, slowest = await timed(args.calls, call)
            table.add_row(name, f"{p50:.0f} ms", f"{slowest:.0f} ms")
        return table
    finally:
        await runtime.client.drop_database(runtime.database.name)
        await runtime.client.close()


def main() -> None:
    console.print(asyncio.run(_bench(_arguments())))


if __name__ == "__main__":
    main()
