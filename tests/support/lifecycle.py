"""Scheduling on in-memory ports with a clock the test moves: partnerships formed from matching's and enrolment's
events as scheduling consumes them, the people who act on them, and every fact it stored."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mentoring_contracts import Envelope, Event
from mentoring_contracts.api import ProposeAgreement, SignAgreement
from mentoring_contracts.names import MeetingFrequency, MeetingMode
from mentoring_runtime.event_log import StoredFact
from mentoring_runtime.web import Caller
from scheduling.bootstrap import Scheduling, wire
from tests.support.clock import Clock
from tests.support.factories import caller, group_formed, mentee_enrolled, mentor_enrolled, pair_matched
from tests.support.factories import participant_withdrawn as withdrawal
from tests.support.ports import MemoryPorts

AGENCY = "agency-a"
START = datetime(2026, 3, 2, 9, tzinfo=UTC)
TERMS = {"schedule": {"frequency": MeetingFrequency.FORTNIGHTLY, "mode": MeetingMode.VIRTUAL}}


def proposal(version: int, **terms: Any) -> ProposeAgreement:
    """The agreement's terms (a fortnightly virtual schedule unless told) as a change of `version`."""
    return ProposeAgreement.model_validate({**TERMS, **terms, "based_on_version": version})


@dataclass
class Lifecycle:
    """One scheduling process on in-memory ports, told what matching and enrolment published, at the clock's time."""

    ports: MemoryPorts
    clock: Clock
    scheduling: Scheduling

    @classmethod
    async def started(cls) -> "Lifecycle":
        ports = await MemoryPorts.prepared("scheduling")
        clock = Clock(START)
        return cls(ports, clock, wire(ports.log, ports.recorder, clock))

    async def told(self, event: Event, agency: str = AGENCY, producer: str = "matching") -> None:
        """Scheduling consumes `event`, published at the clock's time."""
        envelope = Envelope.wrap(event, agency_id=agency, producer=producer).model_copy(
            update={"occurred_at": self.clock()}
        )
        await self.scheduling.consumed()[type(event)](envelope)

    async def pair(self, pair_id: str = "p1", agency: str = AGENCY, **fields: Any) -> str:
        """A pair matched: "mentor" and "mentee" in programme g1 unless told."""
        await self.told(pair_matched(pair_id, **fields), agency)
        return pair_id

    async def group(self, group_id: str = "grp1", mentees: str = "e1 e2", **fields: Any) -> str:
        """A group of "mentor" and the mentees named, space-separated, in programme g1 unless told."""
        await self.told(group_formed(group_id, mentees, **fields))
        return group_id

    async def withdrawn(self, person: str, role: str = "mentee", program_id: str = "g1") -> None:
        enrolled = (mentor_enrolled if role == "mentor" else mentee_enrolled)(person, program_id=program_id)
        await self.told(withdrawal(enrolled), producer="enrolment")

    async def signed(self, pair_id: str = "p1", members: tuple[str, ...] = ("mentor", "mentee")) -> None:
        """The agreement proposed by its first member and signed by every one: the partnership is active."""
        agreements = self.scheduling.agreements
        view = await agreements.agreement(member(members[0]), pair_id)
        view = await agreements.propose(member(members[0]), pair_id, proposal(view.version))
        for person in members:
            await agreements.sign(member(person), pair_id, SignAgreement(version=view.version))

    async def stream(self, partnership_id: str = "p1", agency: str = AGENCY) -> list[StoredFact]:
        return await self.ports.log.for_agency(agency).stream(f"partnership:{partnership_id}")

    async def kinds(self, partnership_id: str = "p1") -> list[str]:
        """The kinds of fact in the partnership's stream, in order."""
        return [fact.event_type for fact in await self.stream(partnership_id)]

    async def every_fact(self) -> list[dict[str, Any]]:
        """Every fact scheduling stored, in any stream and agency, as the log holds it (envelope and private part)."""
        return await self.ports.database["event_log"].find({}).to_list()

    async def outbox(self) -> list[dict[str, Any]]:
        return await self.ports.database["outbox"].find({}).to_list()


def member(person: str, agency: str = AGENCY) -> Caller:
    """A mentor ("mentor…") or mentee (anyone else) of the agency, as the gateway forwards them."""
    return caller(agency, person, "mentor" if person.startswith("mentor") else "mentee")


def coordinator(agency: str = AGENCY) -> Caller:
    return caller(agency, "coord-1", "coordinator")
