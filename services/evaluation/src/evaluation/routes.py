"""Evaluation's part of the public API: each row of `mentoring_contracts.routes` it answers, and by which method."""

from evaluation.handlers.analytics import AnalyticsAnswers
from evaluation.handlers.metrics import Metrics
from evaluation.handlers.plans import Plans
from evaluation.handlers.policies import Policies
from evaluation.handlers.progress import ProgressReports
from evaluation.handlers.surveys import Surveys
from mentoring_contracts import routes
from mentoring_runtime.routing import served_routes

ROUTES = [
    *served_routes(Metrics, {routes.GET_PROGRAM_METRICS: Metrics.metrics}),
    *served_routes(
        Plans,
        {
            routes.GET_PLAN: Plans.plan,
            routes.REVISE_PLAN: Plans.revise,
            routes.LIST_PLAN_REVISIONS: Plans.revisions,
            routes.AGREE_PLAN: Plans.agree,
        },
    ),
    *served_routes(
        ProgressReports,
        {
            routes.REPORT_PROGRESS: ProgressReports.report,
            routes.LIST_PROGRESS_REPORTS: ProgressReports.reports,
            routes.ASSESS_PROGRESS: ProgressReports.assess,
            routes.LIST_MISSING_REPORTS: ProgressReports.program_missing,
        },
    ),
    *served_routes(
        Policies,
        {
            routes.GET_EVALUATION_POLICY: Policies.evaluation_policy,
            routes.SET_EVALUATION_POLICY: Policies.set_evaluation_policy,
        },
    ),
    *served_routes(
        Surveys,
        {
            routes.LIST_MY_SURVEYS: Surveys.my_surveys,
            routes.RESPOND_TO_SURVEY: Surveys.respond,
            routes.LIST_SURVEY_RESPONSES: Surveys.program_responses,
        },
    ),
    *served_routes(
        AnalyticsAnswers,
        {
            routes.GET_PROGRAM_ANALYTICS: AnalyticsAnswers.program_analytics,
            routes.GET_AGENCY_ANALYTICS: AnalyticsAnswers.agency_analytics,
        },
    ),
]
