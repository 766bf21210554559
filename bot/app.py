"""Composition root: settings -> store -> core. Adapters get a ready Core from here; nothing runs at import."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.errors import BadArgument
from bot.settings import Settings
from bot.store import Store


def open_store(settings: Settings, must_exist: bool = True) -> Store:
    path = Path(settings.db_path)
    if must_exist and settings.db_path != ":memory:" and not path.exists():
        raise BadArgument(
            f"No fact base at {settings.db_path}. Build one with: factbot db seed --db {settings.db_path}"
        )
    if path.is_dir():
        raise BadArgument(f"{settings.db_path} is a folder, not a fact base file.")
    try:
        return Store(path if settings.db_path != ":memory:" else ":memory:")
    except sqlite3.DatabaseError as exc:
        raise BadArgument(f"{settings.db_path} is not a usable fact base ({exc}).") from None
