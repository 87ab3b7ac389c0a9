"""The gateway's settings: MENTORING_* variables as every service, plus where tokens and services are."""

import os
from pathlib import Path

from pydantic import AliasChoices, Field

from mentoring_runtime.settings import ServiceSettings


def _default_dev_keys_dir() -> Path:
    # The same cache the local stack uses, so the CLI and the gateway find the same key pair.
    cache = os.environ.get("MENTORING_CACHE")
    return (Path(cache) if cache else Path.home() / ".cache" / "mentoring") / "dev-keys"


class GatewaySettings(ServiceSettings):
    # GATEWAY_PORT wins because MENTORING_HTTP_PORT may be set for every service of a stack at once.
    http_port: int = Field(
        default=8000, validation_alias=AliasChoices("GATEWAY_PORT", "MENTORING_HTTP_PORT", "http_port")
    )
    jwt_issuer: str = "mentoring-dev"
    jwt_audience: str = "mentoring-api"
    # A remote JWKS (fetched and cached) or a file; with neither, a local development key pair is used.
    jwks_url: str | None = None
    jwks_file: Path | None = None
    dev_keys_dir: Path = Field(default_factory=_default_dev_keys_dir)
    # Each service's base URL; a service run as several instances without a load balancer in front of it (the local
    # stack's MATCHING_INSTANCES) lists each instance's, separated by commas.
    enrolment_url: str = "http://127.0.0.1:8101"
    matching_url: str = "http://127.0.0.1:8102"
    scheduling_url: str = "http://127.0.0.1:8103"
    evaluation_url: str = "http://127.0.0.1:8104"
    upstream_timeout_seconds: float = Field(default=10, gt=0)
