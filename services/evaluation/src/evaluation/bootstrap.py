"""The composition root: the only place that knows the concrete adapters and wires them into one app."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from evaluation.domain import partnership, plan, policy, programs, progress, surveys
from evaluation.domain.facts import KNOWN
from evaluation.handlers import analytics
from evaluation.handlers.analytics import AnalyticsAnswers
from evaluation.handlers.consuming import Consumed, together
from evaluation.handlers.metrics import Metrics, consumed
from evaluation.handlers.partnerships import PartnershipsHeard
from evaluation.handlers.plans import Plans
from evaluation.handlers.policies import Policies
from evaluation.handlers.progress import AgreedPlanObjectives, PolicyDueDays, ProgressReports
from evaluation.handlers.surveys import Surveys
from evaluation.routes import ROUTES
from evaluation.settings import SERVICE, EvaluationSettings
from evaluation.stores import partnerships as partnership_store
from evaluation.stores import plans as plan_store
from evaluation.stores import policies as policy_store
from evaluation.stores import programs as program_store
from evaluation.stores import progress as progress_store
from evaluation.stores import responses as response_store
from evaluation.stores.analytics import AnalyticsFacts
from evaluation.stores.facts import ProgramFacts
from evaluation.stores.missing_reports import MissingReports
from evaluation.stores.partnerships import HeldPartnerships
from evaluation.stores.plans import HeldPlans
from evaluation.stores.policies import HeldPolicies
from evaluation.stores.programs import HeldProgramTerms
from evaluation.stores.progress import HeldProgress
from evaluation.stores.responses import HeldResponses
from mentoring_runtime.aggregates import Aggregates
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.recording import EventRecorder
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider


def clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Evaluation:
    """Evaluation's application services on its event log, sharing one view of the partnerships held."""

    partnerships_heard: PartnershipsHeard
    held_partnerships: HeldPartnerships
    plans: Plans
    held_plans: HeldPlans
    progress_reports: ProgressReports
    held_policies: HeldPolicies
    held_responses: HeldResponses
    policies: Policies
    surveys: Surveys

    def services(self) -> tuple[object, ...]:
        return self.plans, self.progress_reports, self.policies, self.surveys

    async def warm(self) -> None:
        """Read every aggregate once, before the first request and the first event: then nothing is read on demand."""
        await self.held_partnerships.warm()
        await self.held_plans.warm()
        await self.progress_reports.progress.warm()
        await self.held_policies.warm()
        await self.held_responses.warm()

    def consumed(self) -> list[Consumed]:
        """What each feature consumes, to be put `together` with the metrics'."""
        return [self.partnerships_heard.consumed()]


def wire(log: EventLog, recorder: EventRecorder, now: Callable[[], datetime] = clock) -> Evaluation:
    held_programs = HeldProgramTerms(Aggregates(log, recorder, programs.mutate, program_store.CATEGORY, KNOWN))
    held_partnerships = HeldPartnerships(
        Aggregates(log, recorder, partnership.mutate, partnership_store.CATEGORY, KNOWN), held_programs
    )
    held_plans = HeldPlans(Aggregates(log, recorder, plan.mutate, plan_store.CATEGORY, KNOWN))
    held_policies = HeldPolicies(Aggregates(log, recorder, policy.mutate, policy_store.CATEGORY, policy.KNOWN))
    held_responses = HeldResponses(Aggregates(log, recorder, surveys.mutate, response_store.CATEGORY, KNOWN))
    held_progress = HeldProgress(
        Aggregates(log, recorder, progress.mutate, progress_store.CATEGORY, progress_store.KNOWN)
    )
    progress_reports = ProgressReports(
        held_partnerships,
        held_programs,
        held_progress,
        MissingReports(),
        AgreedPlanObjectives(held_plans),
        PolicyDueDays(held_policies),
        now,
    )
    held_partnerships.listen(progress_reports.on_moment)
    return Evaluation(
        partnerships_heard=PartnershipsHeard(held_partnerships, held_programs),
        held_partnerships=held_partnerships,
        plans=Plans(held_partnerships, held_plans, now),
        held_plans=held_plans,
        progress_reports=progress_reports,
        held_policies=held_policies,
        held_responses=held_responses,
        policies=Policies(held_policies, now),
        surveys=Surveys(held_partnerships, held_policies, held_responses, now),
    )


def create_app(
    settings: EvaluationSettings | None = None,
    tracer_provider: TracerProvider | None = None,
    now: Callable[[], datetime] = clock,
) -> Litestar:
    settings = settings or EvaluationSettings()
    runtime = ServiceRuntime(
        SERVICE, settings, tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    )
    facts = ProgramFacts(runtime.database)
    runtime.on_connected(facts.create_indexes)
    metrics = Metrics(facts)
    evaluation = wire(runtime.event_log, runtime.recorder, now)
    analysed = AnalyticsFacts(runtime.database)
    runtime.on_connected(analysed.create_indexes)

    async def min_people(agency_id: str) -> int:
        return settings.min_people_for(agency_id)

    answers = AnalyticsAnswers(analysed, min_people=min_people)
    for event, handler in together(consumed(metrics), *evaluation.consumed(), analytics.consumed(answers)).items():
        runtime.subscribe(event, handler)
    # Read once before the first request (and before consuming starts): a request then reads nothing.
    runtime.on_connected(evaluation.warm)

    async def warm_analytics() -> None:
        runtime.spawn(answers.warm(), "analytics-warm")

    runtime.once_prepared(warm_analytics)
    return runtime.app(ROUTES, metrics, *evaluation.services(), answers)
