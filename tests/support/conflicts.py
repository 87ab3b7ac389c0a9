"""Counting the version conflicts writers meet, so a test of concurrent writers can show they really collided."""

import pytest

from mentoring_runtime.event_log import ConcurrencyConflict, EventLog


def count_conflicts(monkeypatch: pytest.MonkeyPatch) -> list[ConcurrencyConflict]:
    """Every ConcurrencyConflict an append raises from now on, as it is raised."""
    seen: list[ConcurrencyConflict] = []
    append = EventLog.append

    async def counting(self, fact, *, expected_version):  # type: ignore[no-untyped-def]
        try:
            return await append(self, fact, expected_version=expected_version)
        except ConcurrencyConflict as exc:
            seen.append(exc)
            raise

    monkeypatch.setattr(EventLog, "append", counting)
    return seen
