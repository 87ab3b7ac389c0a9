"""The cadence checker: on a timer, in every instance, each held active partnership reports what its cadence makes due.

Invariant: each missed period and each stretch without meetings is recorded once, however many instances check and
however often they restart. The checker decides nothing itself: for each partnership it asks the domain
(`domain/cadence.py`) what is due, on the partnership as held, and records the first report through
`HeldPartnerships.change`, which appends at the version it decided on. Two instances deciding the same report race
for one (stream, version) key: the loser reads the stream again, finds the report folded into the state
(`CadenceReported`), and decides that nothing is due. A restarted instance reads the reports with the stream.

The live instances share the partnerships out (by a hash of the id, among the instances the outbox relay's
heartbeats tell, `share`), so that a report is decided by one of them: were every instance to decide every report,
each would cost every other one a read of the stream (a scan of the log on FerretDB), and after an outage the whole
backlog would be read again by each. While instances come and go their shares overlap for a beat or two, which the
race above settles. What an instance holds is kept current by what it records and what requests make it read; a
partnership another instance changed since is decided on as held, and a report it no longer owes loses the race.
One activated or formed on another instance may not be held here at all: every `reread_seconds` the checker reads
the partnerships and programme terms again, yielding between streams. That costs what a start's warming costs, and
a few hours' delay is nothing against a first period that settles nine days after the agreement is signed.

A pass goes over what is held in memory and reads nothing unless it records: with 10,000 partnerships it is a few
hundred milliseconds of arithmetic, and it yields to requests between partnerships. It runs in a trace of its own,
so its log lines and the facts it records carry one trace id, and says how far it got every PROGRESS_SECONDS. While
the store is away a pass waits and starts again (a pass is idempotent); a partnership whose check fails otherwise is
logged and skipped, so it cannot hold up the others.
"""

import asyncio
import logging
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from time import monotonic

from opentelemetry import trace

from mentoring_contracts import MeetingOverdue
from mentoring_runtime.aggregates import Decision
from mentoring_runtime.recording import Cause
from mentoring_runtime.store import UNAVAILABLE, while_store_away
from scheduling.domain.cadence import CadenceReport, reports_due
from scheduling.domain.partnership import Partnership
from scheduling.domain.programs import ProgramTerms, unknown
from scheduling.stores.partnerships import HeldPartnerships
from scheduling.stores.programs import HeldProgramTerms

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Spawn = Callable[[Awaitable[None], str], None]
Share = Callable[[], tuple[int, int]]  # this instance's place among the live ones, and how many there are
PROGRESS_SECONDS = 10.0
MAX_REPORTS = 50  # more than a partnership can have due at once (a month of weekly periods and one inactivity)


@dataclass(frozen=True)
class Pass:
    """What one pass did: partnerships checked, reports recorded, partnerships whose check failed."""

    checked: int = 0
    reported: int = 0
    failed: int = 0


class CadenceChecker:
    def __init__(
        self,
        partnerships: HeldPartnerships,
        programs: HeldProgramTerms,
        clock: Clock,
        *,
        tracer: trace.Tracer | None = None,
        share: Share = lambda: (0, 1),
    ) -> None:
        """`share`: which share of the partnerships this instance checks, asked at each pass (all of them alone)."""
        self.partnerships = partnerships
        self.programs = programs
        self.clock = clock
        self.share = share
        self.tracer = tracer or trace.get_tracer(__name__)
        self._running = False
        self._unheard: set[tuple[str, str]] = set()  # programmes (agency, id) scheduling has not heard of

    def start(self, spawn: Spawn, every_seconds: float, reread_seconds: float) -> None:
        """Run the checker in the background, a first pass at once; starting it again changes nothing."""
        if not self._running:
            self._running = True
            spawn(self.run(every_seconds, reread_seconds), "cadence-checker")

    async def run(self, every_seconds: float, reread_seconds: float) -> None:
        read_at = monotonic()
        while True:
            try:
                if monotonic() - read_at >= reread_seconds:
                    await while_store_away(self.read_again, "the cadence checker's reading again")
                    read_at = monotonic()
                await while_store_away(self.check, "the cadence check")
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the cadence check failed; it runs again in %.0fs", every_seconds)
            await asyncio.sleep(every_seconds)

    async def read_again(self) -> None:
        """Read the programme terms and partnerships again: what other instances recorded, held here too."""
        await self.programs.read_all_again()
        await self.partnerships.read_all_again()
        self._unheard.clear()

    async def _terms(self, agency_id: str, program_id: str) -> ProgramTerms:
        """The programme's terms. Only one instance consumes a programme's facts, so one not held here is read (once
        until the next reading again) before its partnerships are held to the defaults: a programme that allows 180
        days without a meeting must not see its pairs reported inactive after the default 90."""
        if (agency_id, program_id) not in self._unheard:
            heard = await self.programs.heard_of(agency_id, program_id)
            if heard is not None:
                return heard
            self._unheard.add((agency_id, program_id))
        return unknown(program_id)

    async def check(self) -> Pass:
        """One pass over this instance's share of the partnerships held, in every agency: record each report due."""
        with self.tracer.start_as_current_span("cadence check"):
            rank, instances = self.share()
            held = [
                (agency_id, partnership)
                for agency_id, partnerships in self.partnerships.held_in_every_agency().items()
                for partnership in partnerships
                if _share_of(partnership.partnership_id, instances) == rank
            ]
            started = noted = monotonic()
            done = Pass()
            for agency_id, partnership in held:
                done = await self._check(agency_id, partnership, done)
                await asyncio.sleep(0)  # let requests in between partnerships
                if monotonic() - noted >= PROGRESS_SECONDS:
                    noted = monotonic()
                    log.info(
                        "cadence check: %d of %d partnerships checked, %d reports recorded",
                        done.checked,
                        len(held),
                        done.reported,
                    )
            took = monotonic() - started
            level = logging.INFO if done.reported or done.failed or took >= PROGRESS_SECONDS else logging.DEBUG
            log.log(
                level,
                "cadence check done: %d partnerships (share %d of %d), %d reports recorded, %d failed, in %.2fs",
                done.checked,
                rank + 1,
                instances,
                done.reported,
                done.failed,
                took,
            )
            return done

    async def _check(self, agency_id: str, partnership: Partnership, done: Pass) -> Pass:
        try:
            reported = await self._report(agency_id, partnership)
        except UNAVAILABLE:
            raise  # the whole pass waits for the store
        except Exception:
            log.exception(
                "cadence check of partnership %s failed; the next pass tries again", partnership.partnership_id
            )
            return Pass(done.checked + 1, done.reported, done.failed + 1)
        return Pass(done.checked + 1, done.reported + reported, done.failed)

    async def _report(self, agency_id: str, partnership: Partnership) -> int:
        """Record every report due for the partnership, one at a time, each decided on the partnership as it is."""
        terms = await self._terms(agency_id, partnership.program_id)
        if not reports_due(partnership, terms, self.clock()):
            return 0
        recorded = 0
        for _ in range(MAX_REPORTS):
            decided: CadenceReport | None = None

            def decide(current: Partnership) -> Decision:
                nonlocal decided
                due = reports_due(current, terms, self.clock())
                decided = due[0] if due else None
                return (decided, None) if decided else None

            await self.partnerships.change(Cause(agency_id), partnership.partnership_id, decide)
            if decided is None:  # the last decision: nothing (more) due, or another instance had recorded it
                return recorded
            recorded += 1
            log.info("partnership %s: %s", partnership.partnership_id, _described(decided))
        raise RuntimeError(f"{MAX_REPORTS} cadence reports in a row were due: the fold does not take them in")


def _share_of(partnership_id: str, instances: int) -> int:
    """Which of `instances` live instances checks the partnership: a hash every instance computes alike."""
    return zlib.crc32(partnership_id.encode()) % instances


def _described(report: CadenceReport) -> str:
    if isinstance(report, MeetingOverdue):
        return (
            f"MeetingOverdue for the period {report.period_start:%Y-%m-%d} to {report.period_end:%Y-%m-%d} "
            f"({report.held_meetings} of {report.expected_meetings} meetings held)"
        )
    return f"PartnershipInactive, {report.days_without_meeting:.0f} days without a meeting"
