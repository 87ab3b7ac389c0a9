"""Driving a programme's matching through the gateway as a coordinator does: run, wait for the proposal, publish."""

from collections.abc import Callable
from typing import Any

import httpx

from tests.support.waiting import eventually


def proposed_run(client: httpx.Client, program_id: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """Start a run and wait for its proposal; 404 until matching has the programme from enrolment, so retried."""
    program = f"/api/v1/programs/{program_id}"
    started = eventually(
        lambda: client.post(f"{program}/match-runs", json=body or {}), lambda r: r.status_code != 404, what="run"
    )
    assert started.status_code == 202, started.text
    return settled_run(client, program_id, started.json()["id"], "proposed")


def settled_run(client: httpx.Client, program_id: str, run_id: str, status: str) -> dict[str, Any]:
    return eventually(
        lambda: client.get(f"/api/v1/programs/{program_id}/match-runs/{run_id}").json(),
        lambda run: run.get("status") in (status, "failed"),
        what=f"match run {run_id} {status}",
    )


def publish(client: httpx.Client, program_id: str, run_id: str) -> list[dict[str, Any]]:
    """Publish a proposed run and return the programme's pairs once it is published."""
    published = client.post(f"/api/v1/programs/{program_id}/match-runs/{run_id}/publish")
    assert published.status_code == 202, published.text
    assert settled_run(client, program_id, run_id, "published")["status"] == "published"
    return pairs(client, program_id)


def pairs(client: httpx.Client, program_id: str) -> list[dict[str, Any]]:
    """Every page of the programme's pairs."""
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"/api/v1/programs/{program_id}/pairs", params=params).json()
        found.extend(page["items"])
        if (cursor := page.get("next_cursor")) is None:
            return found


def matched(
    client: httpx.Client, program_id: str, until: Callable[[dict[str, Any]], bool] = lambda run: True
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run until a proposal satisfies `until` (matching builds its pool from events), publish it, and return the
    run and the programme's pairs."""
    run = eventually(lambda: proposed_run(client, program_id), until, what="a run over the whole pool")
    return run, publish(client, program_id, run["id"])
