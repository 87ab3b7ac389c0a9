"""The composition root: the only place that knows the concrete adapters and wires them into one app."""

from litestar import Litestar
from opentelemetry.sdk.trace import TracerProvider

from evaluation.handlers import analytics
from evaluation.handlers.analytics import AnalyticsAnswers
from evaluation.handlers.consuming import together
from evaluation.handlers.metrics import Metrics, consumed
from evaluation.routes import ROUTES
from evaluation.settings import SERVICE, EvaluationSettings
from evaluation.stores.analytics import AnalyticsFacts
from evaluation.stores.facts import ProgramFacts
from mentoring_runtime.service import ServiceRuntime
from mentoring_runtime.telemetry import tracer_provider as make_tracer_provider


def create_app(settings: EvaluationSettings | None = None, tracer_provider: TracerProvider | None = None) -> Litestar:
    settings = settings or EvaluationSettings()
    runtime = ServiceRuntime(
        SERVICE, settings, tracer_provider or make_tracer_provider(SERVICE, settings.otel_exporter)
    )
    facts = ProgramFacts(runtime.database)
    runtime.on_connected(facts.create_indexes)
    metrics = Metrics(facts)
    analysed = AnalyticsFacts(runtime.database)
    runtime.on_connected(analysed.create_indexes)

    async def min_people(agency_id: str) -> int:
        return settings.min_people_for(agency_id)

    answers = AnalyticsAnswers(analysed, min_people=min_people)
    for event, handler in together(consumed(metrics), analytics.consumed(answers)).items():
        runtime.subscribe(event, handler)
    return runtime.app(ROUTES, metrics, answers)
