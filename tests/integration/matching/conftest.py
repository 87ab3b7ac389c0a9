"""Fixtures for matching's integration tests: the service's parts on a fresh namespace of the real store."""

from collections.abc import AsyncIterator

import pytest
from opentelemetry.sdk.trace import TracerProvider

from matching.bootstrap import MatchingService, build
from matching.settings import SERVICE, MatchingSettings
from mentoring_runtime.service import ServiceRuntime
from tests.support.programmes import Programme
from tests.support.stores import drop_service_database, fresh_settings


@pytest.fixture
def settings(stack) -> MatchingSettings:
    return fresh_settings(MatchingSettings, stack)


@pytest.fixture
def programme() -> Programme:
    return Programme()


@pytest.fixture
async def matching(settings: MatchingSettings) -> AsyncIterator[MatchingService]:
    """The service's parts on a real store, not started: tests drive runs and handlers themselves."""
    runtime = ServiceRuntime(SERVICE, settings, TracerProvider())
    service = build(runtime)
    await runtime.prepare_store()
    yield service
    await drop_service_database(settings, SERVICE)
    await runtime.client.close()
