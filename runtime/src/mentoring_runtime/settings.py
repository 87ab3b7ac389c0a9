"""Settings from the environment (prefix MENTORING_), the same names locally, in containers and in tests."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MENTORING_", extra="ignore")

    # Several stacks may share one broker and store: the namespace prefixes database names and consumer groups.
    namespace: str = Field(default="mentoring", pattern=r"^[a-z][a-z0-9_]{0,30}$")
    kafka_bootstrap: str = "127.0.0.1:9092"
    mongo_url: str = "mongodb://127.0.0.1:27017"
    http_host: str = "127.0.0.1"
    http_port: int = 8100
    log_level: str = "INFO"
    # "none", "console" (spans to stderr) or "otlp" (OTEL_EXPORTER_OTLP_* variables say where).
    otel_exporter: str = "none"
    # The outbox relay publishes stored events; turning it off stores events without publishing them.
    relay_enabled: bool = True
    # Facts are handed to the relay as they are stored; the sweep finds those a crash or another instance left.
    relay_sweep_seconds: float = Field(default=10, gt=0)
    # Each instance's relay says it is alive this often; the oldest live one publishes (relay_peers.py), and while it
    # has peers it looks for the facts they stored this often.
    relay_beat_seconds: float = Field(default=1, gt=0)
    relay_poll_seconds: float = Field(default=0.2, gt=0)
    consumer_max_attempts: int = Field(default=5, ge=1)
    # /api requests one process serves at once; more are answered 503 with Retry-After at once (backpressure.py).
    # 64 keeps a 2-core machine's queues well inside the gateway's upstream timeout.
    max_in_flight: int = Field(default=64, ge=1)

    def database_name(self, service: str) -> str:
        return f"{self.namespace}_{service}"

    def group_id(self, service: str) -> str:
        return f"{self.namespace}.{service}"
