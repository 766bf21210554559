"""Running the synchronous core from an adapter's event loop.

The core answers in well under a millisecond, but one slow moment (a disk hiccup, a big undo) must never
hold up a platform's 3-second acknowledgement or the websocket heartbeat. So calls go to one worker
thread: the loop stays free, and the core's single SQLite connection is only ever used by that thread.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bot.core import Core
from bot.port import Reply, Request


class CoreRunner:
    def __init__(self, core: Core):
        self.core = core
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factbot-core")

    async def handle(self, request: Request) -> Reply:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.core.handle, request)

    def close(self) -> None:
        """Finish what is in flight, then stop the worker."""
        self._executor.shutdown(wait=True)
