"""`python -m deploy.bench.partnerships`: what each partnership call costs as a programme's partnerships pile up.

Scheduling's parts run in this process on the store `make run` started (or `--mongo-url`), in a namespace of their
own that is dropped at the end. Partnerships are stored as scheduling stores them (each formed, half of them
active with a signed agreement and a few meetings logged), in bulk, first `--start` of them and then up to
`--partnerships`; after each, a fresh set of parts reads them all as a restarting service does (timed), and each
call is timed `--calls` times, at p50 and the slowest. The calls are the service's own methods, without HTTP: the
gateway's part is measured by `make bench`.
"""

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from opentelemetry.sdk.trace import TracerProvider
from rich.console import Console
from rich.table import Table

from mentoring_contracts import AgreementSigned, Cadence, Envelope, MeetingLogged, ProgramOpened
from mentoring_contracts.api import (
    AgreementsQuery,
    AgreementTerms,
    DissolvePartnership,
    LogMeeting,
    MeetingSchedule,
    MyPartnershipsQuery,
    PartnershipsQuery,
    ProposeAgreement,
    ScheduleMeeting,
    SignAgreement,
)
from mentoring_contracts.names import DissolutionReason, Initiator, MeetingFrequency, MeetingMode, ProgramKind
from mentoring_contracts.routes import API_PREFIX
from mentoring_runtime.recording import Cause, NewRecord
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.web import Caller
from scheduling.bootstrap import Scheduling, wire
from scheduling.domain.agreement import AgreementText
from scheduling.domain.facts import AgreementProposed, Member, MembersJoined
from scheduling.domain.meeting import MeetingNotes
from scheduling.settings import SERVICE, SchedulingSettings
from scheduling.stores.partnerships import stream_id

console = Console()
AGENCY = "bench-agency"
COORDINATOR = "coordinator"
BATCH = 2000


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m deploy.bench.partnerships", description=__doc__)
    parser.add_argument("--start", type=int, default=1000, help="partnerships stored before the first timing")
    parser.add_argument("--partnerships", type=int, default=10000, help="partnerships stored before the second")
    parser.add_argument("--calls", type=int, default=20, help="times each call is timed")
    parser.add_argument("--mongo-url", default=os.environ.get("MENTORING_MONGO_URL", "mongodb://127.0.0.1:27017"))
    return parser.parse_args()


def _caller(person_id: str, *roles: str) -> Caller:
    return Caller(AGENCY, person_id, frozenset(roles), str(uuid4()))


def _facts(program_id: str, i: int, matched_at: datetime) -> list[NewRecord]:
    """Partnership `i` as scheduling stores it: formed, and every other one active with three meetings logged."""
    pair_id = f"pair{i}"
    stream = stream_id(pair_id)
    formed = MembersJoined(
        pair_id=pair_id, program_id=program_id, mentor_id=f"m{i // 3}",
        members=(Member(mentee_id=f"e{i}", pair_id=pair_id),), matched_at=matched_at,
    )  # fmt: skip
    records = [NewRecord(stream, formed, 0)]
    if i % 2:
        return records
    terms = AgreementTerms(schedule=MeetingSchedule(frequency=MeetingFrequency.FORTNIGHTLY, mode=MeetingMode.VIRTUAL))
    proposed = AgreementProposed(pair_id=pair_id, version=1, proposed_by=f"e{i}")
    signed = AgreementSigned(
        pair_id=pair_id, program_id=program_id, version=1, mentor_id=f"m{i // 3}", mentee_ids=(f"e{i}",),
        signed_at=matched_at,
    )  # fmt: skip
    records += [
        NewRecord(stream, proposed, 1, AgreementText(terms.model_dump(mode="json"))),
        NewRecord(stream, signed, 2),
    ]
    for n in range(3):
        met = MeetingLogged(
            meeting_id=f"{pair_id}-{n}", pair_id=pair_id, program_id=program_id,
            held_at=matched_at + timedelta(days=14 * n), duration_minutes=60, logged_by=f"e{i}",
            attendee_ids=(f"e{i}",),
        )  # fmt: skip
        records.append(NewRecord(stream, met, 3 + n, MeetingNotes("notes " * 20, f"e{i}")))
    return records


async def _store(runtime: ServiceRuntime, program_id: str, first: int, last: int) -> None:
    matched_at = datetime.now(UTC) - timedelta(days=60)
    records = [record for i in range(first, last) for record in _facts(program_id, i, matched_at)]
    for start in range(0, len(records), BATCH):
        stored, conflicted = await runtime.recorder.record_many(records[start : start + BATCH], Cause(AGENCY))
        assert not conflicted, conflicted
    console.print(f"  {last:,} partnerships stored ({len(records):,} facts more)")


async def _restarted(runtime: ServiceRuntime) -> tuple[Scheduling, float]:
    """Fresh parts that read every partnership, as a restarting service does, and how long that took."""
    scheduling = wire(runtime.event_log, runtime.recorder)
    started = time.perf_counter()
    await scheduling.held_programs.warm()
    await scheduling.held_partnerships.warm()
    return scheduling, (time.perf_counter() - started) * 1000


async def _timed(calls: int, call: Callable[[int], Awaitable[object]]) -> tuple[float, float]:
    times = []
    for i in range(calls):
        started = time.perf_counter()
        await call(i)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def _calls(scheduling: Scheduling, program_id: str, offset: int) -> dict[str, Callable[[int], Awaitable[object]]]:
    """Each call, on partnerships not touched before (`offset` apart between rounds): pending ones are even+1."""
    coordinator = _caller(COORDINATOR, "coordinator")
    terms = AgreementTerms(schedule=MeetingSchedule(frequency=MeetingFrequency.WEEKLY, mode=MeetingMode.VIRTUAL))
    meeting = ScheduleMeeting(
        starts_at=datetime.now(UTC) + timedelta(days=3), duration_minutes=60, mode=MeetingMode.VIRTUAL,
        link="https://meet.example/x",
    )  # fmt: skip
    logged = LogMeeting(held_at=datetime.now(UTC), duration_minutes=45, notes="private")

    def pending(i: int) -> int:
        return offset + 2 * i + 1

    def active(i: int) -> int:
        return offset + 2 * i

    return {
        "GET /pairs/{id}": lambda i: scheduling.partnerships.partnership(
            _caller(f"e{active(i)}", "mentee"), f"pair{active(i)}"
        ),
        "GET /me/partnerships": lambda i: scheduling.partnerships.my_partnerships(
            _caller(f"m{active(i) // 3}", "mentor"), MyPartnershipsQuery()
        ),
        "GET /programs/{id}/partnerships?status=active": lambda i: scheduling.partnerships.program_partnerships(
            coordinator, program_id, PartnershipsQuery(status="active")
        ),
        "GET /programs/{id}/agreements?status=signed": lambda i: scheduling.agreements.program_agreements(
            coordinator, program_id, AgreementsQuery(status="signed")
        ),
        "PUT /pairs/{id}/agreement": lambda i: scheduling.agreements.propose(
            _caller(f"e{pending(i)}", "mentee"),
            f"pair{pending(i)}",
            ProposeAgreement(**terms.model_dump(), based_on_version=0),
        ),  # fmt: skip
        "POST /pairs/{id}/agreement/sign": lambda i: scheduling.agreements.sign(
            _caller(f"e{pending(i)}", "mentee"), f"pair{pending(i)}", SignAgreement(version=1)
        ),
        "POST /pairs/{id}/scheduled-meetings": lambda i: scheduling.meetings.schedule_meeting(
            _caller(f"e{active(i)}", "mentee"), f"pair{active(i)}", meeting
        ),
        "POST /pairs/{id}/meetings": lambda i: scheduling.meetings.log_meeting(
            _caller(f"e{active(i)}", "mentee"), f"pair{active(i)}", logged
        ),
        "POST /pairs/{id}/dissolve": lambda i: scheduling.endings.dissolve(
            coordinator,
            f"pair{active(i)}",
            DissolvePartnership(reason=DissolutionReason.POOR_FIT, initiated_by=Initiator.COORDINATOR),
        ),  # fmt: skip
    }


async def _round(
    runtime: ServiceRuntime, program_id: str, calls: int, offset: int
) -> tuple[float, dict[str, tuple[float, float]]]:
    scheduling, warmed = await _restarted(runtime)
    figures = {name: await _timed(calls, call) for name, call in _calls(scheduling, program_id, offset).items()}
    return warmed, figures


async def _bench(args: argparse.Namespace) -> Table:
    settings = SchedulingSettings(namespace=f"bench{uuid4().hex[:8]}", mongo_url=args.mongo_url)
    runtime = ServiceRuntime(SERVICE, settings, TracerProvider())
    await runtime.prepare_store()
    program_id = str(uuid4())
    try:
        opened = ProgramOpened(
            program_id=program_id, kind=ProgramKind.ONE_TO_ONE, duration_months=12,
            cadence=Cadence(meetings_per_month=2, hours_per_month=2), matching_policy={}, eligibility={},
            grade_scale=(),
        )  # fmt: skip
        await wire(runtime.event_log, runtime.recorder).consumed()[ProgramOpened](
            Envelope.wrap(opened, agency_id=AGENCY, producer="bench")
        )
        await _store(runtime, program_id, 0, args.start)
        small = await _round(runtime, program_id, args.calls, offset=0)
        await _store(runtime, program_id, args.start, args.partnerships)
        large = await _round(runtime, program_id, args.calls, offset=4 * args.calls)
        table = Table(title=f"partnerships: a programme of {args.start:,}, then {args.partnerships:,} ({API_PREFIX})")
        for column in ("call", f"p50 at {args.start:,}", "slowest", f"p50 at {args.partnerships:,}", "slowest"):
            table.add_column(column)
        table.add_row("read every partnership (a restart)", f"{small[0]:.0f} ms", "", f"{large[0]:.0f} ms", "")
        for name, (p50, slowest) in small[1].items():
            p50_large, slowest_large = large[1][name]
            table.add_row(name, f"{p50:.1f} ms", f"{slowest:.1f} ms", f"{p50_large:.1f} ms", f"{slowest_large:.1f} ms")
        return table
    finally:
        await runtime.client.drop_database(runtime.database.name)
        await runtime.client.close()


def main() -> None:
    console.print(asyncio.run(_bench(_arguments())))


if __name__ == "__main__":
    main()
