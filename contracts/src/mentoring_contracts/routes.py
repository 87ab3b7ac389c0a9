"""The public HTTP API, version 1: every route once, as a row of data.

The gateway builds its handlers and OpenAPI document from these rows, each service serves exactly the rows the
gateway sends it (a contract test checks both), the route tests read their matrix here, and the README's API table
is checked against them. Adding a route is adding a row; nothing else repeats its path, method or status.
"""

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from mentoring_contracts.api import (
    Created,
    CreateProgram,
    EnrolParticipant,
    LogMeeting,
    MatchRunView,
    PairView,
    ProgramMetrics,
)

API_PREFIX = "/api/v1"
_PARAMETER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Route:
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str  # OpenAPI form, from the root: /api/v1/programs/{program_id}/pairs
    operation_id: str
    summary: str
    status: int
    response: Any  # a model, or list[model]
    tag: str
    body: type[BaseModel] | None = None
    creates: str | None = None  # the path parameter that the `Created` id fills in on later routes

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def parameters(self) -> tuple[str, ...]:
        return path_parameters(self.path)


def path_parameters(path: str) -> tuple[str, ...]:
    """The names of a path's parameters, in path order: /programs/{program_id}/pairs → (program_id,)."""
    return tuple(_PARAMETER.findall(path))


CREATE_PROGRAM = Route(
    "POST", "/api/v1/programs", "createProgram", "Create a programme in the caller's agency", 201, Created,
    "programs", CreateProgram, creates="program_id",
)  # fmt: skip
ENROL_PARTICIPANT = Route(
    "POST", "/api/v1/programs/{program_id}/participants", "enrolParticipant",
    "Enrol a mentor or a mentee in a programme", 201, Created, "participants", EnrolParticipant,
)  # fmt: skip
START_MATCH_RUN = Route(
    "POST", "/api/v1/programs/{program_id}/match-runs", "startMatchRun",
    "Start a matching run over the programme's pool", 202, Created, "matching", creates="run_id",
)  # fmt: skip
GET_MATCH_RUN = Route(
    "GET", "/api/v1/programs/{program_id}/match-runs/{run_id}", "getMatchRun",
    "A matching run: its status and how many it considered and paired", 200, MatchRunView, "matching",
)  # fmt: skip
LIST_PAIRS = Route(
    "GET", "/api/v1/programs/{program_id}/pairs", "listPairs", "The programme's matched pairs", 200,
    list[PairView], "matching",
)  # fmt: skip
LOG_MEETING = Route(
    "POST", "/api/v1/pairs/{pair_id}/meetings", "logMeeting", "Log a meeting of the caller's pair", 201, Created,
    "meetings", LogMeeting,
)  # fmt: skip
GET_PROGRAM_METRICS = Route(
    "GET", "/api/v1/programs/{program_id}/metrics", "getProgramMetrics", "The programme's aggregate figures", 200,
    ProgramMetrics, "evaluation",
)  # fmt: skip

PUBLIC_API: tuple[Route, ...] = (
    CREATE_PROGRAM,
    ENROL_PARTICIPANT,
    START_MATCH_RUN,
    GET_MATCH_RUN,
    LIST_PAIRS,
    LOG_MEETING,
    GET_PROGRAM_METRICS,
)
