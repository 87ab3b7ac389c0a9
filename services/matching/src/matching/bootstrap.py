"""The composition root: the only place that knows the concrete adapters, and which solver proposes pairs."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider
from pymongo.asynchronous.database import AsyncDatabase

from matching.domain.solver import solve
from matching.handlers import ManualMatching, MatchRuns, PairLedger, Planner, Pool, Publisher, RunJobs, RunSolver
from matching.handlers.choosing import MenteePrograms
from matching.handlers.endings import Endings
from matching.handlers.jobs import CommandSender, Send, Spawn
from matching.handlers.requests import MentorRequests
from matching.handlers.settling import Settlement
from matching.handlers.solving import Solve
from matching.handlers.suggesting import MentorSuggestions
from matching.routes import ROUTES
from matching.settings import SERVICE, MatchingSettings
from matching.stores import CandidateStore, Claims, OutcomeStore, RequestStore, RunStore, SnapshotStore
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.freshness import ChangeMarks
from mentoring_runtime.recording import EventRecorder
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider

# Stored with every run: a run is reproduced by the algorithm that solved it.
ALGORITHM = f"min-cost flow over candidate pairs, priced until certified optimal/1; ortools {version('ortools')}"


@dataclass(frozen=True)
class Matching:
    """The service's parts, wired on whichever store, log and spawner: the app's, or a test's in-memory ones."""

    runs: MatchRuns
    manual: ManualMatching
    jobs: RunJobs
    solving: RunSolver
    publishing: Publisher
    pool: Pool
    endings: Endings
    ledger: PairLedger
    indexed: tuple[CandidateStore, RunStore, SnapshotStore, OutcomeStore]
    requests: MentorRequests


@dataclass(frozen=True)
class MatchingService:
    """The parts on one runtime, for the app and for tests that drive runs themselves."""

    runtime: ServiceRuntime
    parts: Matching


def clock() -> datetime:
    return datetime.now(UTC)


def wire(
    database: AsyncDatabase[dict[str, Any]], log: EventLog, recorder: EventRecorder, spawn: Spawn,
    solver: Solve = solve, now: Callable[[], datetime] = clock, send: Send | None = None,
    instance: str = "this process",
) -> Matching:  # fmt: skip
    """Without `send`, runs' jobs run in this process (unit tests); with it, they are commands to the instances."""
    candidates, runs, snapshots, outcomes = (
        CandidateStore(database), RunStore(database), SnapshotStore(database), OutcomeStore(database),
    )  # fmt: skip
    claims, ledger = Claims(database), PairLedger(log, recorder, ChangeMarks(database))
    planner = Planner(candidates, ledger, now)
    solving = RunSolver(
        runs=runs, snapshots=snapshots, outcomes=outcomes, planner=planner, solve=solver, algorithm=ALGORITHM
    )
    publishing = Publisher(
        candidates=candidates, runs=runs, snapshots=snapshots, outcomes=outcomes, claims=claims, ledger=ledger
    )
    jobs = RunJobs(runs=runs, solve=solving, publish=publishing, spawn=spawn, send=send, instance=instance)
    return Matching(
        runs=MatchRuns(
            candidates=candidates, runs=runs, snapshots=snapshots, outcomes=outcomes, jobs=jobs, solve=solver
        ),
        manual=ManualMatching(candidates=candidates, planner=planner, claims=claims, ledger=ledger),
        jobs=jobs,
        solving=solving,
        publishing=publishing,
        pool=Pool(candidates),
        endings=Endings(ledger),
        ledger=ledger,
        indexed=(candidates, runs, snapshots, outcomes),
        requests=_mentor_requests(database, candidates, planner, claims, ledger, now, spawn),
    )


def _mentor_requests(
    database: AsyncDatabase[dict[str, Any]], candidates: CandidateStore, planner: Planner, claims: Claims,
    ledger: PairLedger, now: Callable[[], datetime], spawn: Spawn,
) -> MentorRequests:  # fmt: skip
    requests, programs = RequestStore(database), MenteePrograms(candidates=candidates, planner=planner)
    return MentorRequests(
        candidates=candidates,
        planner=planner,
        ledger=ledger,
        programs=programs,
        requests=requests,
        suggesting=MentorSuggestions(programs=programs, requests=requests, now=now),
        settlement=Settlement(claims=claims, ledger=ledger, requests=requests, now=now),
        now=now,
    )


def build(runtime: ServiceRuntime, solver: Solve = solve) -> MatchingService:
    """Consumers subscribed and start-up steps registered; nothing runs until the runtime starts."""
    send = CommandSender(runtime.recorder)
    parts = wire(
        runtime.database, runtime.event_log, runtime.recorder, runtime.spawn, solver, send=send,
        instance=runtime.instance,
    )  # fmt: skip
    for event, handler in {**parts.pool.consumed(), **parts.endings.consumed()}.items():
        runtime.subscribe(event, handler)
    for command, handler in parts.jobs.consumed().items():
        runtime.execute(command, handler)
    for store in parts.indexed:
        runtime.on_connected(store.create_indexes)
    runtime.on_connected(parts.requests.requests.create_indexes)
    runtime.once_prepared(parts.requests.settlement.resume)  # accepts a crash left unsettled
    runtime.once_prepared(parts.jobs.resume)  # runs' commands a crash may have left unsent
    return MatchingService(runtime, parts)


def create_app(settings: MatchingSettings | None = None, tracer_provider: TracerProvider | None = None) -> Litestar:
    settings = settings or MatchingSettings()
    runtime = ServiceRuntime(
        SERVICE, settings, tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    )
    service = build(runtime)
    app = runtime.app(ROUTES, service.parts.runs, service.parts.manual, service.parts.requests)
    app.state.runtime = runtime
    return app
