"""Composition root: settings -> store -> core. Adapters get a ready Core from here; nothing runs at import."""

from __future__ import annotations

from pathlib import Path

from bot.core import Core
from bot.errors import BadArgument
from bot.settings import Settings
from bot.store import Store


def open_store(settings: Settings, must_exist: bool = True) -> Store:
    path = Path(settings.db_path)
    if must_exist and settings.db_path != ":memory:" and not path.exists():
        raise BadArgument(
            f"No fact base at {settings.db_path}. Build one with: factbot db seed --db {settings.db_path}"
        )
    return Store(path if settings.db_path != ":memory:" else ":memory:")


def build_core(settings: Settings) -> Core:
    return Core(open_store(settings))
