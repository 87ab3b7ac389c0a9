"""`make bench`: drive the platform `make run` started through its gateway and print one table of figures.

Starts nothing itself. Enrols a cohort (2,000 mentors with capacity 1-5 and 10,000 mentees by default) with
32 concurrent clients, and measures, each against its aim and where there is one against a baseline run in the
same process: errors, throughput, latency at the start and at the end of the load, how long the consumers take
to catch up, one consumer's ingest rate, a whole-cohort match run, and the gateway's overhead on a read.
"""

import argparse
import asyncio
import os
import statistics
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
from httpx_aiohttp import AiohttpTransport
from pymongo import AsyncMongoClient
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from deploy.bench.baselines import committed_by, messages_on, raw_consume, raw_inserts
from deploy.bench.cohort import cohort
from deploy.bench.imports import bench_import
from deploy.bench.load import Outcome, drive, percentile, until
from evaluation.bootstrap import create_app as evaluation_app
from evaluation.settings import EvaluationSettings
from gateway.tokens import issue_dev_token
from mentoring_contracts.topics import ENROLMENT_EVENTS
from mentoring_runtime.web import caller_headers

console = Console()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--mentees", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--gateway", default=f"http://127.0.0.1:{os.environ.get('GATEWAY_PORT', '8000')}")
    parser.add_argument("--matching", default=os.environ.get("MENTORING_MATCHING_URL", "http://127.0.0.1:8102"))
    parser.add_argument("--mongo-url", default=os.environ.get("MENTORING_MONGO_URL", "mongodb://127.0.0.1:27017"))
    parser.add_argument("--kafka", default=os.environ.get("MENTORING_KAFKA_BOOTSTRAP", "127.0.0.1:9092"))
    parser.add_argument("--namespace", default=os.environ.get("MENTORING_NAMESPACE", "mentoring"))
    parser.add_argument(
        "--import",
        dest="import_file",
        action="store_true",
        help="instead: import the cohort as one CSV file (--mentors + --mentees rows), again, then approve it",
    )
    parser.add_argument(
        "--matching-only",
        action="store_true",
        help="only enrol the cohort, then run, publish and time its matching (no ingest or gateway baselines)",
    )
    return parser.parse_args()


class Figures:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def add(self, figure: str, measured: str, aim: str) -> None:
        self.rows.append((figure, measured, aim))
        console.print(f"  {figure}: [bold]{measured}[/bold]  (aim: {aim})", soft_wrap=True)

    def table(self) -> Table:
        table = Table(title="mentoring platform: cohort benchmark")
        for column in ("figure", "measured", "aim on this 2-core machine"):
            table.add_column(column)
        for row in self.rows:
            table.add_row(*row)
        return table


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


async def _open_program(api: httpx.AsyncClient) -> str:
    program = await api.post(
        "/api/v1/programs",
        json={
            "name": "Benchmark cohort",
            "kind": "one_to_one",
            "cadence": {"meetings_per_month": 1, "hours_per_month": 2},
        },
    )
    program.raise_for_status()
    program_id = program.json()["id"]
    (await api.post(f"/api/v1/programs/{program_id}/open")).raise_for_status()  # a new programme is a draft
    return str(program_id)


async def _enrol(args: argparse.Namespace, api: httpx.AsyncClient, progress: Progress, figures: Figures) -> str:
    program_id = await _open_program(api)
    bodies = cohort(args.mentors, args.mentees)

    async def enrol(body: dict[str, Any]) -> int:
        return (await api.post(f"/api/v1/programs/{program_id}/participants", json=body)).status_code

    outcome = await drive(bodies, enrol, args.concurrency, "enrolments through the gateway", progress)
    baseline = await raw_inserts(args.mongo_url, min(len(bodies), 3000), args.concurrency, progress)
    figures.add("enrolment requests answered other than 201", str(outcome.errors(201)), "0")
    figures.add(
        "enrolments/s through the gateway (ratio to PyMongo insert_one, same store, same concurrency)",
        f"{outcome.rate:.0f}/s ({outcome.rate / baseline.rate:.2f} of {baseline.rate:.0f}/s)",
        "≥ 150/s",
    )
    _latency(outcome, figures)
    return program_id


def _latency(outcome: Outcome, figures: Figures) -> None:
    first, last = outcome.latencies[:1000], outcome.latencies[-1000:]
    figures.add(
        "p50 / p99 of the first 1,000 enrolments",
        f"{_ms(percentile(first, 50))} / {_ms(percentile(first, 99))}",
        "p99 ≤ 1 s",
    )
    figures.add(
        "p50 / p99 of the last 1,000 enrolments (p50 last / p50 first)",
        f"{_ms(percentile(last, 50))} / {_ms(percentile(last, 99))} ({percentile(last, 50) / percentile(first, 50):.2f})",
        "ratio ≤ 1.5; p99 ≤ 1 s",
    )


async def _caught_up(args: argparse.Namespace, api: httpx.AsyncClient, program_id: str, figures: Figures) -> None:
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(args.mongo_url)
    candidates = mongo[f"{args.namespace}_matching"]["candidates"]
    expected = args.mentors + args.mentees

    async def applied() -> bool:
        metrics = (await api.get(f"/api/v1/programs/{program_id}/metrics")).json()
        counted = metrics.get("mentors", 0) + metrics.get("mentees", 0)
        return counted == expected and await candidates.count_documents({"program_id": program_id}) == expected

    try:
        seconds = await until(applied, 300, "matching and evaluation catching up")
    finally:
        await mongo.close()
    figures.add(
        "seconds from the last enrolment until matching and evaluation applied every event",
        f"{seconds:.1f} s",
        "≤ 10 s",
    )


async def _ingest(args: argparse.Namespace, progress: Progress, figures: Figures) -> None:
    """Evaluation's consumer in a fresh namespace reads enrolment.events from its start, against the raw loop.
    Its progress is its group's committed offsets: the topic carries events evaluation reads and passes over
    (a programme started, an application submitted), which become no fact it could be counted by."""
    count = await messages_on(args.kafka, ENROLMENT_EVENTS)
    settings = EvaluationSettings(
        namespace=f"bench{uuid.uuid4().hex[:8]}", kafka_bootstrap=args.kafka, mongo_url=args.mongo_url
    )
    task = progress.add_task("evaluation's consumer, from the start of the topic", total=count)
    read: list[int] = []
    try:
        async with committed_by(args.kafka, settings.group_id("evaluation"), ENROLMENT_EVENTS) as committed:

            async def ingested(at_least: int) -> bool:
                read.append(await committed())
                progress.update(task, completed=read[-1])
                return read[-1] >= at_least

            async with evaluation_app(settings).lifespan():
                # Timed from the first batch committed, as the raw loop is from the first message read: joining the
                # consumer group takes seconds and is not ingestion.
                await until(lambda: ingested(1), 120, "evaluation's consumer joining its group")
                first = read[-1]
                seconds = await until(lambda: ingested(count), 600, "evaluation's consumer reading the topic")
                service_rate = (count - first) / seconds
        raw_rate = await raw_consume(args.kafka, ENROLMENT_EVENTS.name, args.mongo_url, count, progress)
    finally:
        mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(args.mongo_url)
        await mongo.drop_database(settings.database_name("evaluation"))
        await mongo.close()
    figures.add(
        f"one consumer's ingest rate over {count} events (ratio to aiokafka + PyMongo loop)",
        f"{service_rate:.0f}/s ({service_rate / raw_rate:.2f} of {raw_rate:.0f}/s)",
        "ratio ≥ 0.5",
    )


async def _match(args: argparse.Namespace, api: httpx.AsyncClient, program_id: str, figures: Figures) -> str:
    """A whole-cohort run to its proposal, then its publication until scheduling and evaluation hold every pair."""
    program = f"/api/v1/programs/{program_id}"
    started = time.perf_counter()
    run = await api.post(f"{program}/match-runs", json={})
    run.raise_for_status()
    run_path = f"{program}/match-runs/{run.json()['id']}"

    async def status_in(*statuses: str) -> bool:
        return (await api.get(run_path)).json()["status"] in (*statuses, "failed")

    await until(lambda: status_in("proposed"), 900, "the match run's proposal")
    result = (await api.get(run_path)).json()
    figures.add(
        f"whole-cohort match run, request to {result['status']} ({result.get('proposed')} pairs proposed, "
        f"certified optimal: {result.get('certified_optimal')}, solver {result.get('solver_seconds')} s)",
        f"{time.perf_counter() - started:.1f} s",
        "≤ 30 s",
    )
    started = time.perf_counter()
    (await api.post(f"{run_path}/publish")).raise_for_status()
    await until(lambda: status_in("published"), 900, "the publication")
    published = (await api.get(run_path)).json()["published"]
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(args.mongo_url)
    partnerships = mongo[f"{args.namespace}_scheduling"]["partnerships"]

    async def consumed() -> bool:
        metrics = (await api.get(f"{program}/metrics")).json()
        scheduled = await partnerships.count_documents({"program_id": program_id})
        return metrics.get("pairs") == published and scheduled == published

    try:
        await until(consumed, 900, "scheduling and evaluation taking every pair")
    finally:
        await mongo.close()
    figures.add(
        f"publish {published} pairs → every PairMatched consumed by scheduling and evaluation",
        f"{time.perf_counter() - started:.1f} s",
        "≤ 30 s",
    )
    return run_path


async def _overhead(args: argparse.Namespace, api: httpx.AsyncClient, run_path: str, figures: Figures) -> None:
    headers = caller_headers("bench-agency", "bench-coordinator", ["coordinator"], str(uuid.uuid4()))
    async with httpx.AsyncClient(base_url=args.matching, headers=headers) as direct:

        async def timed(client: httpx.AsyncClient) -> float:
            started = time.perf_counter()
            (await client.get(run_path)).raise_for_status()
            return time.perf_counter() - started

        through, straight = [], []
        for _ in range(300):
            through.append(await timed(api))
            straight.append(await timed(direct))
    overhead = statistics.median(through) - statistics.median(straight)
    figures.add(
        "gateway overhead: p50 of an authenticated read through the gateway minus a direct call",
        f"{overhead * 1000:.1f} ms ({_ms(statistics.median(through))} vs {_ms(statistics.median(straight))})",
        "≤ 3 ms",
    )


async def main() -> None:
    args = _arguments()
    token = issue_dev_token("bench-coordinator", "bench-agency", ["coordinator"], timedelta(hours=2))
    figures = Figures()
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # aiohttp's pool under httpx's interface: the load generator shares the two cores with the platform, and
    # httpx's own pool costs several times more CPU per request.
    transport = AiohttpTransport(limits=limits)
    async with httpx.AsyncClient(
        base_url=args.gateway, headers={"Authorization": f"Bearer {token}"}, timeout=30, transport=transport
    ) as api:
        if args.import_file:
            with Progress(*columns, console=console) as progress:
                program_id = await _open_program(api)
                await bench_import(api, program_id, cohort(args.mentors, args.mentees), progress, figures)
            console.print(figures.table())
            return
        with Progress(*columns, console=console) as progress:
            program_id = await _enrol(args, api, progress, figures)
            await _caught_up(args, api, program_id, figures)
            if not args.matching_only:
                await _ingest(args, progress, figures)
        run_path = await _match(args, api, program_id, figures)
        if not args.matching_only:
            await _overhead(args, api, run_path, figures)
    console.print(figures.table())


if __name__ == "__main__":
    asyncio.run(main())
