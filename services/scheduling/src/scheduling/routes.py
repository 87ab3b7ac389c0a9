"""Scheduling's part of the public API, one handler per row of `mentoring_contracts.routes`."""

from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from mentoring_contracts import routes
from mentoring_contracts.api import Created, LogMeeting
from mentoring_runtime.web import Caller, serves
from scheduling.handlers import Scheduling


@serves(routes.LOG_MEETING)
async def log_meeting(
    pair_id: FromPath[str],
    data: JSONBody[LogMeeting],
    caller: NamedDependency[Caller],
    scheduling: NamedDependency[Scheduling],
) -> Created:
    return Created(id=await scheduling.log_meeting(caller, pair_id, data))


ROUTES = [log_meeting]
