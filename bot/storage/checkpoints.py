"""WAL checkpoints on a thread of their own, so no answer pays for one.

In WAL mode SQLite copies the log back into the main file (a checkpoint, with an fsync) inside whichever
commit takes the log past 1,000 pages. A bot commits a question-log row after every answer, so about one
answer in 170 paid ~4 ms for a checkpoint — the whole warm p99 at 100k facts (1.26 ms → 4.97 ms max).
Here the answering connection checkpoints only as a fallback (past FALLBACK_PAGES); a daemon thread with its
own connection runs a PASSIVE checkpoint every `interval` seconds instead. PASSIVE never waits for or blocks
readers and writers, and SQLite's `sqlite3_step` releases the GIL, so it runs beside the answers. An idle
check (nothing new in the log) costs a read of the WAL index, no I/O. The log starts over at the first commit
after a checkpoint that copied all of it, so it needs a quiet moment between commits (a chat has many);
under back-to-back commits it grows until FALLBACK_PAGES.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

log = logging.getLogger("factbot.storage")
INTERVAL_SECONDS = 1.0
# The answering connection's own checkpoints are off; past this many pages (the thread has fallen far
# behind, e.g. a reader held the log) SQLite's usual rule comes back so the log cannot grow without bound.
FALLBACK_PAGES = 20_000


class BackgroundCheckpoints:
    """Checkpoint the WAL of the base at `path` every `interval` seconds until stop()."""

    def __init__(self, path: str, interval: float = INTERVAL_SECONDS):
        self.path = path
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="factbot-checkpoints", daemon=True)

    def start(self, answering: sqlite3.Connection) -> None:
        """Take checkpoints off `answering` (the connection that commits after answers) and begin."""
        answering.execute(f"PRAGMA wal_autocheckpoint = {FALLBACK_PAGES}")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        if self._stop.wait(self.interval):
            return  # a one-shot command (`factbot ask`) ends before the first round: no connection opened
        try:
            conn = sqlite3.connect(self.path, timeout=1.0, check_same_thread=False)
        except sqlite3.Error as exc:
            log.warning("background checkpoints not started: %s", exc)
            return
        try:
            self._checkpoint(conn)
            while not self._stop.wait(self.interval):
                self._checkpoint(conn)
        finally:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as exc:  # a busy or vanished file: the next round tries again
            log.debug("checkpoint skipped: %s", exc)
