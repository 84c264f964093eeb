"""TEST-ONLY probe of create-fastapi-docker's e2e suite: never part of a generated project.

The suite copies this module and a .pth file that imports it into the site-packages of a TEST image
built FROM a generated image. When the server imports FastAPI, two routes are added to every app:

- /_e2e/runtime: the event loop and the HTTP protocol that serve this very request, in this process;
- /_e2e/slow?s=N: answers after N seconds, and marks /tmp/cfd_e2e_inflight while it waits;
- /_e2e/inflight: whether a slow request is waiting, in any process of the container.

Nothing else changes: the generated app, its CMD, entrypoint, user and healthcheck stay as built.
"""

import importlib.util
import sys
from importlib.abc import MetaPathFinder

INFLIGHT = "/tmp/cfd_e2e_inflight"


def _add_routes(fastapi_class):
    import asyncio
    import os
    from pathlib import Path

    original_init = fastapi_class.__init__

    async def runtime():
        task = asyncio.current_task()
        coro = task.get_coro() if task else None
        frame = getattr(coro, "cr_frame", None)
        return {
            "pid": os.getpid(),
            "loop": f"{type(asyncio.get_running_loop()).__module__}.{type(asyncio.get_running_loop()).__name__}",
            # uvicorn runs each request in a task made from its protocol's RequestResponseCycle.run_asgi
            "protocol": frame.f_globals.get("__name__") if frame else None,
            "task": getattr(getattr(coro, "cr_code", None), "co_qualname", None),
        }

    async def slow(s: float = 2.0):
        marker = Path(INFLIGHT)
        marker.write_text(str(os.getpid()))
        try:
            await asyncio.sleep(s)
        finally:
            marker.unlink(missing_ok=True)
        return {"slept": s}

    async def inflight():
        return {"inflight": Path(INFLIGHT).exists()}

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.add_api_route("/_e2e/runtime", runtime)
        self.add_api_route("/_e2e/slow", slow)
        self.add_api_route("/_e2e/inflight", inflight)

    fastapi_class.__init__ = __init__


class _PatchFastAPI(MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "fastapi.applications":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            _add_routes(module.FastAPI)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _PatchFastAPI())
