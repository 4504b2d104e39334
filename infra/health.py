"""A health endpoint for a process with no HTTP of its own (the worker): GET /health answers
200 while the process runs and the Temporal server answers it, else 503, for the
orchestrator's probe. Nothing but the two facts is said."""

import json
from collections.abc import Awaitable, Callable

from aiohttp import web

Check = Callable[[], Awaitable[bool]]


async def serve_health(host: str, port: int, server_answers: Check) -> web.AppRunner:
    async def health(_: web.Request) -> web.Response:
        try:
            temporal = await server_answers()
        except Exception:
            temporal = False
        body = {"status": "ok" if temporal else "degraded", "temporal": temporal}
        return web.Response(
            text=json.dumps(body), content_type="application/json", status=200 if temporal else 503
        )

    app = web.Application()
    app.router.add_get("/health", health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
