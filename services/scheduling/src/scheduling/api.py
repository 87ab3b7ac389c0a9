"""Scheduling's internal HTTP API, reached through the gateway."""

from litestar import post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody

from mentoring_contracts.api import Created, LogMeeting
from mentoring_runtime.web import Caller
from scheduling.domain import NotAMember
from scheduling.meetings import MeetingLog, PairBusy, PairNotFound


def meeting_routes(meetings: MeetingLog) -> list[HTTPRouteHandler]:
    @post("/api/v1/pairs/{pair_id:str}/meetings", status_code=201)
    async def log_meeting(
        pair_id: FromPath[str], data: JSONBody[LogMeeting], caller: NamedDependency[Caller]
    ) -> Created:
        try:
            return Created(id=await meetings.log(caller, pair_id, data))
        except PairNotFound:
            raise NotFoundException(f"no pair {pair_id!r} in your agency") from None
        except NotAMember as exc:
            raise PermissionDeniedException(str(exc)) from None
        except PairBusy:
            detail = "other meetings of this pair were being logged at the same time; nothing was stored, retry"
            raise HTTPException(status_code=409, detail=detail) from None

    return [log_meeting]
