"""The public /api/v1 routes, one controller per resource, each forwarding to the service that owns it."""

from gateway.routes.match_runs import MatchRunController
from gateway.routes.meetings import MeetingController
from gateway.routes.metrics import MetricsController
from gateway.routes.pairs import PairController
from gateway.routes.participants import ParticipantController
from gateway.routes.programs import ProgramController

CONTROLLERS = [
    ProgramController,
    ParticipantController,
    MatchRunController,
    PairController,
    MeetingController,
    MetricsController,
]
