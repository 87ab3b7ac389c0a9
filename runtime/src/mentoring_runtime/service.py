"""What one service process runs beside its HTTP routes: store, broker, event log and relay, consumers.

Start-up never fails for want of Kafka or the store: the service answers /health at once, says on /ready and in
its log what it cannot reach, and connects when the server comes back.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from litestar import Litestar
from litestar.types import ControllerRouterHandler
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry

from mentoring_contracts import Command, Event
from mentoring_runtime.broker import make_broker
from mentoring_runtime.consumer import EventConsumer, Subscriber
from mentoring_runtime.event_log import EventLog
from mentoring_runtime.recording import EventRecorder
from mentoring_runtime.relay import OutboxRelay
from mentoring_runtime.relay_peers import RelayPeers, instance_name
from mentoring_runtime.routing import application_dependency
from mentoring_runtime.settings import ServiceSettings
from mentoring_runtime.store import mongo_client, store_problem
from mentoring_runtime.topics import ensure_topics
from mentoring_runtime.web import ReadinessCheck, http_app

log = logging.getLogger(__name__)

MAX_CONNECT_BACKOFF_SECONDS = 10.0


class ServiceRuntime:
    def __init__(self, service: str, settings: ServiceSettings, tracer_provider: TracerProvider) -> None:
        self.service = service
        self.settings = settings
        self.tracer_provider = tracer_provider
        self.store_prepared = asyncio.Event()
        self.connected = asyncio.Event()
        self.client = mongo_client(settings.mongo_url)
        self.database = self.client[settings.database_name(service)]
        self.registry = CollectorRegistry()
        self.broker = make_broker(
            settings.kafka_bootstrap, service=service, tracer_provider=tracer_provider, registry=self.registry
        )
        self.event_log = EventLog(self.database)
        self.instance = instance_name()
        self.relay = OutboxRelay(
            self.event_log,
            self.broker,
            RelayPeers(self.database, instance=self.instance, beat_seconds=settings.relay_beat_seconds),
            sweep_seconds=settings.relay_sweep_seconds,
            poll_seconds=settings.relay_poll_seconds,
        )
        self.recorder = EventRecorder(
            self.event_log, service, ready=self.store_prepared.is_set, recorded=self.relay.hand_over
        )
        self.consumer = EventConsumer(
            self.broker,
            group_id=settings.group_id(service),
            max_attempts=settings.consumer_max_attempts,
            tracer=tracer_provider.get_tracer(service),
        )
        self.commands = EventConsumer(
            self.broker,
            group_id=f"{settings.group_id(service)}.commands",
            max_attempts=settings.consumer_max_attempts,
            tracer=tracer_provider.get_tracer(service),
        )
        self._setup_steps: list[Callable[[], Awaitable[None]]] = [self.event_log.create_indexes]
        self._prepared_steps: list[Callable[[], Awaitable[None]]] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._listening = False

    def subscribe(self, event: type[Event], handler: Subscriber) -> None:
        """Hand every `event` (from the topic its class names) to `handler`, once in effect."""
        self.consumer.subscribe(event, handler)

    def execute(self, command: type[Command], handler: Subscriber) -> None:
        """Carry out every `command` with `handler`, in the service's own group for commands, apart from its events:
        each key's commands by one instance at a time and in order, the offset committed once the handler is done,
        so a command whose instance died mid-way is carried out by the instance that takes over its partition."""
        self.commands.subscribe(command, handler)

    def on_connected(self, step: Callable[[], Awaitable[None]]) -> None:
        """Run `step` (creating indexes, resuming work) once the store answers, before consuming starts."""
        self._setup_steps.append(step)

    def once_prepared(self, step: Callable[[], Awaitable[None]]) -> None:
        """Run `step` (work a crash left to finish, which writes) once the store takes writes, before consuming
        starts; with the other start-up steps, again while the store is away."""
        self._prepared_steps.append(step)

    def spawn(self, work: Awaitable[None], name: str) -> None:
        """Run background work owned by the service; it is cancelled at shutdown, and its failure is logged."""
        task = asyncio.ensure_future(work)
        task.set_name(name)
        task.add_done_callback(_log_failure)
        self._tasks.append(task)

    def app(self, route_handlers: Sequence[ControllerRouterHandler], *applications: object) -> Litestar:
        """The service's HTTP app: its routes beside health, readiness and metrics, tied to this runtime's life.
        The routes call `applications`, the service's application services (see `routing.served_routes`)."""
        return http_app(
            service=self.service,
            route_handlers=route_handlers,
            tracer_provider=self.tracer_provider,
            max_in_flight=self.settings.max_in_flight,
            readiness=self.readiness(),
            on_startup=[self.start],
            on_shutdown=[self.stop],
            registries=[self.registry],
            provides={application_dependency(type(application)): application for application in applications},
        )

    async def start(self) -> None:
        self.spawn(self._connect(), f"{self.service}-connect")

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.broker.stop()
        await self.client.close()

    async def _connect(self) -> None:
        await _until_done(
            self.prepare_store, f"{self.service}: cannot reach the document store at {self.settings.mongo_url}"
        )
        await _until_done(self._start_broker, f"{self.service}: cannot reach Kafka at {self.settings.kafka_bootstrap}")
        self.connected.set()
        log.info("%s connected to the document store and Kafka", self.service)
        if self.settings.relay_enabled:
            self.spawn(self.relay.run(), f"{self.service}-relay")
        else:
            log.warning("%s: the outbox relay is off (MENTORING_RELAY_ENABLED=false); stored events wait", self.service)

    async def prepare_store(self) -> None:
        """Create indexes and run the other `on_connected` steps, then the `once_prepared` ones: writes are refused
        until the first are done."""
        for step in self._setup_steps:
            await step()
        self.store_prepared.set()
        for step in self._prepared_steps:
            await step()

    async def _start_broker(self) -> None:
        await ensure_topics(self.settings.kafka_bootstrap)
        if not self._listening:
            self.consumer.listen()
            self.commands.listen()
            self._listening = True
        await self.broker.start()

    def readiness(self) -> dict[str, ReadinessCheck]:
        async def store() -> str | None:
            return await store_problem(self.database)

        async def kafka() -> str | None:
            if not self.connected.is_set():
                return f"not yet connected to Kafka at {self.settings.kafka_bootstrap}; start it or check MENTORING_KAFKA_BOOTSTRAP"
            if not await self.broker.ping(timeout=2):
                return f"Kafka at {self.settings.kafka_bootstrap} does not answer; it reconnects when Kafka is back"
            return None

        return {"store": store, "kafka": kafka}


async def _until_done(step: Callable[[], Awaitable[Any]], problem: str) -> None:
    backoff = 0.5
    while True:
        try:
            await step()
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("%s (%s: %s); retrying in %.1fs", problem, type(exc).__name__, exc, backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_CONNECT_BACKOFF_SECONDS)


def _log_failure(task: "asyncio.Task[None]") -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("background task %s failed", task.get_name(), exc_info=task.exception())
