"""`make bench ARGS=--import`: a cohort arriving as an HR export, imported, re-imported and approved in bulk.

The cohort is the one the enrolment benchmark sends a request at a time, written as the CSV file a coordinator
uploads. Figures: the import from upload to completed (aim: 10,000 rows in under 60 s), the same file again (every
row already present), and approving every eligible row of the import in one call, until the last has landed.
"""

import csv
import io
import time
from typing import Any, Protocol

import httpx
from rich.progress import Progress

from deploy.bench.load import until
from enrolment.domain.import_file import csv_header
from mentoring_contracts.api.imports import LIST_SEPARATOR


class Figures(Protocol):
    def add(self, figure: str, measured: str, aim: str) -> None: ...


def csv_file(bodies: list[dict[str, Any]]) -> bytes:
    """The enrolment bodies as an HR export: one row a person, lists joined with ';'."""
    header = csv_header(())
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    for body in bodies:
        person = body["person"]
        cells = {
            "person_id": person["id"],
            "role": body["role"],
            **{name: value for name, value in person.items() if name != "id" and value is not None},
            "months_of_service": "48",
            "skills": body.get("skills", []),
            "capacity": body.get("capacity", ""),
            "desired_skills": body.get("desired_skills", []),
        }
        writer.writerow([_cell(cells.get(column, "")) for column in header])
    return text.getvalue().encode()


def _cell(value: Any) -> str:
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)


async def bench_import(
    api: httpx.AsyncClient,
    program_id: str,
    bodies: list[dict[str, Any]],
    progress: Progress,
    figures: Figures,
) -> None:
    data = csv_file(bodies)
    first = await _imported(api, program_id, data, progress, "import")
    figures.add(
        f"import of {len(bodies):,} rows ({len(data) / 1e6:.1f} MB), upload to completed "
        f"({first['imported']} imported, {len(first['rejected'])} rejected)",
        f"{first['seconds']:.1f} s ({len(bodies) / first['seconds']:.0f} rows/s)",
        "≤ 60 s for 10,000 rows",
    )
    again = await _imported(api, program_id, data, progress, "the same file again")
    figures.add(
        f"the same file again ({again['already_present']} already present, {again['imported']} imported)",
        f"{again['seconds']:.1f} s",
        "nothing imported twice",
    )
    started = time.perf_counter()
    path = f"/api/v1/programs/{program_id}/imports/{first['id']}"
    approving = await api.post(f"{path}/approve-eligible")
    approving.raise_for_status()
    wanted = approving.json()["approving"]
    task = progress.add_task("approving the eligible rows", total=wanted)

    async def approved() -> bool:
        done = (await api.get(path)).json()["approved"]
        progress.update(task, completed=done)
        return bool(done >= wanted)

    await until(approved, 600, "approving the eligible rows")
    figures.add(
        f"approving every eligible row of the import in one call ({wanted} approved), call to the last approval",
        f"{time.perf_counter() - started:.1f} s",
        "≤ 60 s",
    )


async def _imported(
    api: httpx.AsyncClient, program_id: str, data: bytes, progress: Progress, what: str
) -> dict[str, Any]:
    started = time.perf_counter()
    response = await api.post(
        f"/api/v1/programs/{program_id}/imports", content=data, headers={"content-type": "text/csv"}, timeout=120
    )
    response.raise_for_status()
    path = f"/api/v1/programs/{program_id}/imports/{response.json()['id']}"
    task = progress.add_task(what, total=None)
    view: dict[str, Any] = {}

    async def finished() -> bool:
        view.update((await api.get(path)).json())
        progress.update(task, completed=view["rows_done"], total=view["rows_total"])
        return view["status"] != "running"

    await until(finished, 600, what)
    if view["status"] != "completed":
        raise RuntimeError(f"the {what} {view['status']}: {view.get('failure')}")
    return {**view, "seconds": time.perf_counter() - started}
