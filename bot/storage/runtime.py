"""What several long-running processes on one fact base share: events already answered, small settings,
and a heartbeat row that the health check writes to prove the file is still writable."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from factbot.bot.storage.tables import Tables

PURGE_EVERY = 500  # expired event ids are swept after this many new ones (a cheap indexed delete)


class RuntimeTables(Tables):
    """events_seen, runtime_settings and heartbeats (migration v4)."""

    _events_since_purge: int = 0

    def first_time(self, key: str, ttl_seconds: float, wait_ms: int | None = None) -> bool:
        """True for the first process that claims `key` within its lifetime; False for every later claim.

        One INSERT in one transaction: SQLite's write lock makes the claim atomic across processes, so
        several HTTP workers given the same retried Slack event answer it once. `wait_ms` bounds the wait
        for the write lock (a long import may hold it): past it, sqlite3.OperationalError ("locked")."""
        now = self._clock().timestamp()
        with self._lock_wait(wait_ms), self.write():
            self.db.execute("DELETE FROM events_seen WHERE key = ? AND expires_at < ?", [key, now])
            claimed = self.db.execute(
                "INSERT OR IGNORE INTO events_seen (key, expires_at) VALUES (?, ?)", [key, now + ttl_seconds]
            ).rowcount
            self._events_since_purge += 1
            if self._events_since_purge >= PURGE_EVERY:
                self._events_since_purge = 0
                self.db.execute("DELETE FROM events_seen WHERE expires_at < ?", [now])
        return bool(claimed == 1)

    @contextmanager
    def _lock_wait(self, wait_ms: int | None) -> Iterator[None]:
        if wait_ms is None:
            yield
            return
        previous = int(self.db.execute("PRAGMA busy_timeout").fetchone()[0])
        self.db.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {previous}")

    def events_remembered(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM events_seen").fetchone()[0])

    def runtime_setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM runtime_settings WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_runtime_setting(self, key: str, value: str) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO runtime_settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def probe_read(self) -> None:
        """One cheap read (the schema and a fact row, whatever the base's size); raises sqlite3.Error when
        the file cannot be read."""
        self.db.execute("SELECT id FROM facts LIMIT 1").fetchone()

    def heartbeat(self, process: str) -> None:
        """Commit one small write: raises sqlite3.Error when the file is not writable."""
        with self.write():
            self.db.execute(
                "INSERT INTO heartbeats (process, at) VALUES (?, ?) "
                "ON CONFLICT(process) DO UPDATE SET at = excluded.at",
                [process[:200], self.now()],
            )
