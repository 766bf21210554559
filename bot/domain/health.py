"""Whether the process can still do everything it should: answers keep working on a read-only or full
disk, but an operator must hear that the question log and changes are not being saved."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class HealthStatus:
    status: str  # "ok" or "degraded"
    problem: str = ""  # what is wrong, one line
    since: float = 0.0  # time.time() when it started

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def text(self) -> str:
        return "ok" if self.ok else f"degraded: {self.problem}"


class Health:
    """Set by whoever sees a write fail or succeed; read by health checks (GET /healthz) from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._status = HealthStatus("ok")

    def wrote(self) -> None:
        """A write succeeded: the fact base accepts changes again."""
        if not self._status.ok:
            with self._lock:
                self._status = HealthStatus("ok")

    def failed(self, problem: str) -> None:
        with self._lock:
            if self._status.ok or self._status.problem != problem:
                self._status = HealthStatus("degraded", problem, time.time())

    def status(self) -> HealthStatus:
        return self._status
