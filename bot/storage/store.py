"""The fact base on SQLite: opening the file and the one Store object made of the table modules.

Only bot/storage speaks SQL.

Every write runs in one `BEGIN IMMEDIATE` transaction (nested writes become savepoints), so concurrent
bots on one file never interleave half-done changes; WAL mode lets readers go on while one writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from factbot.bot.storage import migrations
from factbot.bot.storage.checkpoints import INTERVAL_SECONDS, BackgroundCheckpoints
from factbot.bot.storage.connection import Connection
from factbot.bot.storage.entities import EntityTables
from factbot.bot.storage.facts import FactTables
from factbot.bot.storage.maintenance import MaintenanceTables
from factbot.bot.storage.proposals import ProposalTables
from factbot.bot.storage.question_log import DEFAULT_RETENTION_DAYS, QuestionLogTables
from factbot.bot.storage.runtime import RuntimeTables
from factbot.bot.storage.sync import SyncTables
from factbot.bot.storage.tables import (
    EDITABLE,
    seed_key,
    utc_now,
)
from factbot.bot.storage.watches import WatchTables

__all__ = ["EDITABLE", "Store", "seed_key", "utc_now"]


class Store(
    EntityTables,
    FactTables,
    QuestionLogTables,
    ProposalTables,
    MaintenanceTables,
    SyncTables,
    WatchTables,
    RuntimeTables,
):
    """Entities, facts, their history, the question log, proposals, watches and what running bots share,
    in one SQLite file."""

    def __init__(
        self,
        path: str | Path,
        clock: Callable[[], datetime] = utc_now,
        busy_timeout_ms: int = 10_000,
        question_log_days: int = DEFAULT_RETENTION_DAYS,
    ):
        self.path = str(path)
        self._clock = clock
        self.question_log_days = question_log_days  # 0: keep the question log forever
        self._naming_memo = {}
        conn = sqlite3.connect(self.path, timeout=busy_timeout_ms / 1000, check_same_thread=False)
        self.db = Connection(conn)
        self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA synchronous = NORMAL")
        try:
            migrations.migrate(self.db, self.write)
        except BaseException:
            self.db.close()
            raise

    _checkpoints: BackgroundCheckpoints | None = None

    def checkpoint_in_background(self, interval: float = INTERVAL_SECONDS) -> None:
        """For a process that answers: WAL checkpoints on a thread of their own, never inside an answer's
        commit (see checkpoints.py). Nothing to do for an in-memory base."""
        if self.path == ":memory:" or self._checkpoints is not None:
            return
        self._checkpoints = BackgroundCheckpoints(self.path, interval)
        self._checkpoints.start(self.db.conn)

    def close(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.stop()
            self._checkpoints = None
        self.db.close()
