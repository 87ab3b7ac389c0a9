"""Each programme's applications in the order they came in, for paged lists and bulk approval.

A programme's applications are read from the log in one query the first time they are listed, folded into the
applications held in memory, and from then on this process adds each application it records. A page is then
answered from memory, however many thousands applied.
"""

from collections import defaultdict

from enrolment.domain.applications import Application
from enrolment.stores.aggregates import Aggregates
from mentoring_contracts import (
    ApplicationRejected,
    ApplicationSubmitted,
    MenteeEnrolled,
    MentorEnrolled,
    ParticipantProfileUpdated,
    ParticipantWithdrawn,
)
from mentoring_runtime.event_log import EventLog, StoredFact

APPLICATION_FACTS = [
    cls.event_type
    for cls in (
        ApplicationSubmitted,
        MentorEnrolled,
        MenteeEnrolled,
        ApplicationRejected,
        ParticipantWithdrawn,
        ParticipantProfileUpdated,
    )
]


class Rosters:
    def __init__(self, log: EventLog, applications: Aggregates[Application]) -> None:
        self._log = log
        self._applications = applications
        self._streams: dict[tuple[str, str], dict[str, None]] = {}  # an ordered set of application streams

    async def of(self, agency_id: str, program_id: str) -> list[Application]:
        """The programme's applications, oldest first."""
        key = (agency_id, program_id)
        if key not in self._streams:
            facts = await self._log.for_agency(agency_id).facts(APPLICATION_FACTS, program_id=program_id)
            streams: dict[str, list[StoredFact]] = defaultdict(list)
            for fact in facts:
                streams[fact.stream_id].append(fact)
            for stream_id, stream in streams.items():
                self._applications.hold(agency_id, stream_id, sorted(stream, key=lambda fact: fact.version))
            self._streams[key] = dict.fromkeys(streams)
        return self._applications.held(agency_id, self._streams[key])

    def added(self, agency_id: str, program_id: str, stream_id: str) -> None:
        if (agency_id, program_id) in self._streams:
            self._streams[agency_id, program_id][stream_id] = None
