"""Each programme's applications in the order they came in, for paged lists, imports and bulk approval.

An agency's applications are read from the log in one query the first time any of its programmes is listed,
grouped by programme, and from then on this process adds each application it records. A page is then answered
from memory, however many thousands applied.
"""

from collections.abc import Collection

from enrolment.domain.applications import Application
from mentoring_runtime.aggregates import Aggregates


class Rosters:
    def __init__(self, applications: Aggregates[Application]) -> None:
        self._applications = applications
        self._streams: dict[str, dict[str, dict[str, None]]] = {}  # agency → programme → ordered application streams

    async def _of_agency(self, agency_id: str) -> dict[str, dict[str, None]]:
        if agency_id not in self._streams:
            everyone = await self._applications.all(agency_id)
            oldest_first = sorted(everyone.items(), key=lambda item: (item[1].state.submitted_at, item[0]))
            rosters: dict[str, dict[str, None]] = {}
            for stream_id, versioned in oldest_first:
                rosters.setdefault(versioned.state.program_id, {})[stream_id] = None
            self._streams[agency_id] = rosters
        return self._streams[agency_id]

    async def of(self, agency_id: str, program_id: str) -> list[Application]:
        """The programme's applications, oldest first."""
        streams = await self.streams(agency_id, program_id)
        found = await self._applications.get_many(agency_id, list(streams))
        return [found[stream_id].state for stream_id in streams if stream_id in found]

    async def streams(self, agency_id: str, program_id: str) -> Collection[str]:
        """The streams of the programme's applications, to tell who applied without reading the log again."""
        return (await self._of_agency(agency_id)).get(program_id, {}).keys()

    def added(self, agency_id: str, program_id: str, stream_id: str) -> None:
        if agency_id in self._streams:
            self._streams[agency_id].setdefault(program_id, {})[stream_id] = None
