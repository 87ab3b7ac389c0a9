"""Drive the slice through the running gateway with development tokens, then print the programme's metrics.

A programme, 20 mentors, 60 mentees, a match run, a meeting per pair. Run by `make demo` after `make run`.
"""

import os
import random
import sys
import time
import uuid
from datetime import timedelta

import httpx

from gateway.tokens import issue_dev_token

GATEWAY = f"http://127.0.0.1:{os.environ.get('GATEWAY_PORT', '8000')}"
SKILLS = [
    "budgeting",
    "negotiation",
    "public speaking",
    "policy writing",
    "data analysis",
    "project management",
    "stakeholder engagement",
    "procurement",
]
DEPARTMENTS = ["finance", "housing", "transport", "health", "education"]


def step(message: str) -> None:
    print(f"• {message}", flush=True)


def client(sub: str, agency: str, role: str) -> httpx.Client:
    token = issue_dev_token(sub, agency, [role], timedelta(hours=1))
    return httpx.Client(base_url=GATEWAY, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def expect(response: httpx.Response, status: int) -> dict:
    if response.status_code != status:
        sys.exit(
            f"{response.request.method} {response.request.url.path} answered {response.status_code}: {response.text}"
        )
    return response.json()


def main() -> None:
    rng = random.Random(7)
    agency, run = "demo-agency", uuid.uuid4().hex[:6]
    coordinator = client(f"coordinator-{run}", agency, "coordinator")
    program = expect(
        coordinator.post(
            "/api/v1/programs",
            json={
                "name": f"Demo cohort {run}",
                "kind": "one_to_one",
                "cadence": {"meetings_per_month": 1, "hours_per_month": 2},
            },
        ),
        201,
    )["id"]
    expect(coordinator.post(f"/api/v1/programs/{program}/open"), 200)  # a new programme is a draft until opened
    step(f"programme {program} opened for {agency}")

    mentors = [f"mentor-{run}-{i:02}" for i in range(20)]
    for mentor in mentors:
        expect(
            coordinator.post(
                f"/api/v1/programs/{program}/participants",
                json={
                    "role": "mentor",
                    "capacity": 3,
                    "skills": rng.sample(SKILLS, 3),
                    "person": person(mentor, rng, manager=None),
                },
            ),
            201,
        )
    step("20 mentors enrolled")
    for i in range(60):
        expect(
            coordinator.post(
                f"/api/v1/programs/{program}/participants",
                json={
                    "role": "mentee",
                    "desired_skills": rng.sample(SKILLS, 2),
                    "person": person(f"mentee-{run}-{i:02}", rng, manager=rng.choice(mentors)),
                },
            ),
            201,
        )
        if (i + 1) % 20 == 0:
            step(f"{i + 1} of 60 mentees enrolled")

    # matching builds its pool from enrolment's events, a moment behind: run until the run has seen everyone
    program_path = f"/api/v1/programs/{program}"
    for _ in range(40):
        run_id = expect(coordinator.post(f"{program_path}/match-runs", json={}), 202)["id"]
        run_path = f"{program_path}/match-runs/{run_id}"
        result = wait(lambda path=run_path: coordinator.get(path).json(), lambda r: r.get("status") == "proposed")
        step(
            f"match run {run_id}: {result['proposed']} pairs proposed from {result['mentees']} mentees, "
            f"total score {result['total_score']}, certified optimal: {result['certified_optimal']}"
        )
        if result["mentees"] == 60:
            break
        time.sleep(0.5)
    expect(coordinator.post(f"{run_path}/publish"), 202)
    wait(lambda: coordinator.get(run_path).json(), lambda r: r.get("status") == "published")
    pairs = expect(coordinator.get(f"{program_path}/pairs", params={"limit": 200}), 200)["items"]
    step(f"published: {len(pairs)} pairs")
    for pair in pairs:
        mentee = client(pair["mentee_id"], agency, "mentee")
        expect(
            mentee.post(
                f"/api/v1/pairs/{pair['id']}/meetings",
                json={
                    "held_at": "2026-11-20T10:00:00Z",
                    "duration_minutes": rng.choice([30, 45, 60]),
                    "notes": "first meeting",
                },
            ),
            201,
        )
    step(f"{len(pairs)} first meetings logged")

    metrics = wait(
        lambda: expect(coordinator.get(f"/api/v1/programs/{program}/metrics"), 200),
        lambda m: m["meetings_logged"] == len(pairs) and m["mentees"] == 60,
    )
    print("\nProgramme metrics:")
    for name, value in metrics.items():
        print(f"  {name:16} {value}")


def person(pid: str, rng: random.Random, manager: str | None) -> dict:
    return {
        "id": pid,
        "name": pid.replace("-", " ").title(),
        "email": f"{pid}@demo.example",
        "department": rng.choice(DEPARTMENTS),
        "grade": f"g{rng.randint(5, 9)}",
        "manager_id": manager,
        "languages": ["en"],
    }


def wait(probe, done, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not done(value := probe()):
        if time.monotonic() > deadline:
            sys.exit(f"gave up waiting after {timeout}s; last answer: {value}")
        time.sleep(0.3)
    return value


if __name__ == "__main__":
    try:
        main()
    except httpx.ConnectError:
        sys.exit(f"cannot reach the gateway at {GATEWAY}; start the platform with `make run` first.")
