"""The composition root: settings -> fact base -> core. Every entry point (console, Slack, Discord) builds
its core here; nothing runs at import time and nothing is a module-level singleton."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from factbot.bot.domain.errors import BadArgument
from factbot.bot.ingest import seed
from factbot.bot.settings import EMBEDDED_APPLICATION_ID, Settings
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core

log = logging.getLogger("factbot.seed")


@dataclass
class App:
    """An open fact base and the core answering from it; close() when done."""

    settings: Settings
    store: Store
    core: Core
    reports: Core | None = None  # a second core on its own connection, for long reports (bots only)

    def close(self) -> None:
        self.core.close()
        self.store.close()
        if self.reports is not None:
            self.reports.close()
            self.reports.store.close()


def build(
    settings: Settings, today: Callable[[], date] = date.today, upgrade: bool = False, with_reports: bool = False
) -> App:
    """upgrade: first bring the base up to the package's seed edition (the bots do, at start-up).
    with_reports: also a core on a second connection, so a bot's admin reports run beside questions."""
    store = open_store(settings)
    if upgrade:
        try:
            upgrade_seed(store)
        except BaseException:
            store.close()
            raise
    store.checkpoint_in_background()
    core = Core(store, today=today, stale_after_days=settings.stale_after_days)
    reports = None
    if with_reports and settings.db_path != ":memory:":
        reports = Core(Store(store.path), today=today, stale_after_days=settings.stale_after_days)
    return App(settings, store, core, reports)


def open_store(settings: Settings, must_exist: bool = True) -> Store:
    """The configured fact base. The per-user default is built from the packaged seed on first use."""
    path = Path(settings.db_path)
    if settings.db_path == ":memory:":
        return Store(":memory:", question_log_days=settings.question_log_days)
    if settings.db_is_user_default and not path.exists():
        build_from_seed(path)
    if must_exist and not path.exists():
        raise BadArgument(
            f"No fact base at {settings.db_path}. Build one with: factbot db seed --db {settings.db_path}"
        )
    if path.is_dir():
        raise BadArgument(f"{settings.db_path} is a folder, not a fact base file.")
    refuse_empty_file(path)
    try:
        store = Store(path, question_log_days=settings.question_log_days)
    except sqlite3.DatabaseError as exc:
        raise BadArgument(f"{settings.db_path} is not a usable fact base ({exc}).") from None
    if settings.db_is_user_default:
        try:
            upgrade_seed(store)
        except BaseException:
            store.close()
            raise
    return store


def upgrade_seed(store: Store) -> seed.SeedReport | None:
    """Bring a deployed base up to the package's seed edition when it is behind; admins' changes win."""
    report = seed.upgrade_if_outdated(store)
    if report is not None:
        log.info(
            "seed upgraded to edition %s: %d added, %d superseded, %d updated, %d retired, %d kept as "
            "admins left them (%d conflicts; factbot db upgrade lists them)",
            report.edition,
            report.added,
            report.superseded,
            report.updated,
            report.retired,
            report.kept,
            len(report.conflicts),
        )
    return report


def refuse_empty_file(path: Path) -> None:
    """A 0-byte file is not a fact base: opening it would silently make an empty one that answers nothing
    (a truncated copy, a failed download, an accidental `> facts.db`)."""
    if path.is_file() and path.stat().st_size == 0:
        raise BadArgument(
            f"{path} is empty (0 bytes), not a fact base. Build one with: factbot db seed --fresh --db {path}"
        )


def build_from_seed(target: Path, embedded: bool = False) -> seed.SeedReport:
    """A new fact base from the packaged seed, built beside `target` and renamed into place in one step,
    so a crash mid-way leaves either no file or the old one, never a half-built base."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".building", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        store = Store(tmp)
        try:
            report = seed.load(store)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            store.db.execute("PRAGMA journal_mode = DELETE")
            if embedded:
                store.db.execute(f"PRAGMA application_id = {EMBEDDED_APPLICATION_ID}")
            store.db.execute("VACUUM")
        finally:
            store.close()
        os.replace(tmp, target)
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
    return report
