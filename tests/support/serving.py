"""One way to run a service in a test's process: under uvicorn, on the test's event loop, reached over real HTTP.

The store client is bound to the loop it was created on, as in production, and requests sent together really
interleave (an in-process ASGI client would serve them one at a time).
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn
from litestar import Litestar

from tests.support.processes import free_port
from tests.support.waiting import eventually_async


@asynccontextmanager
async def serving(app: Litestar, port: int | None = None) -> AsyncIterator[httpx.AsyncClient]:
    """The app on 127.0.0.1, once its /ready answers 200; stopped (its shutdown hooks run) afterwards."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on"))
    task = asyncio.create_task(server.serve())
    try:
        await eventually_async(_started(server), bool, timeout=10, what="the server started")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            await eventually_async(lambda: client.get("/ready"), _ok, timeout=60, what=f"{app} ready")
            yield client
    finally:
        server.should_exit = True
        await task


def _started(server: uvicorn.Server) -> Any:
    async def probe() -> bool:
        return server.started

    return probe


def _ok(response: httpx.Response) -> bool:
    return response.status_code == 200
