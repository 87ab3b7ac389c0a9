"""Matching's part of the public API: each row of `mentoring_contracts.routes` it answers, and by which method."""

from matching.handlers import ManualMatching, MatchRuns
from matching.handlers.requests import MentorRequests
from mentoring_contracts import routes
from mentoring_runtime.routing import served_routes

ROUTES = served_routes(
    MatchRuns,
    {
        routes.START_MATCH_RUN: MatchRuns.request_run,
        routes.GET_MATCH_RUN: MatchRuns.run,
        routes.LIST_PROPOSALS: MatchRuns.proposals,
        routes.LIST_UNMATCHED: MatchRuns.unmatched,
        routes.LOCK_PAIR: MatchRuns.lock,
        routes.EXCLUDE_PAIR: MatchRuns.exclude,
        routes.RESOLVE_RUN: MatchRuns.resolve,
        routes.PUBLISH_RUN: MatchRuns.publish,
        routes.REPRODUCE_RUN: MatchRuns.reproduce,
    },
) + served_routes(
    ManualMatching,
    {
        routes.SUGGEST_MENTORS: ManualMatching.suggestions,
        routes.CREATE_PAIR: ManualMatching.create_pair,
        routes.LIST_PAIRS: ManualMatching.pairs,
    },
)
ROUTES += served_routes(
    MentorRequests,
    {
        routes.SUGGEST_MY_MENTORS: MentorRequests.suggestions,
        routes.REQUEST_MENTOR: MentorRequests.request,
        routes.LIST_MY_MENTOR_REQUESTS: MentorRequests.mine,
        routes.LIST_MENTOR_REQUESTS: MentorRequests.of_program,
        routes.ACCEPT_MENTOR_REQUEST: MentorRequests.accept,
        routes.DECLINE_MENTOR_REQUEST: MentorRequests.decline,
    },
)
