"""Shared fixtures: a fresh copy of the embedded fact base per test, and a core with a fixed 'today'."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.support import EMBEDDED_DB, TODAY


@pytest.fixture(autouse=True)
def _private_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real per-user fact base (~/.local/share/factbot), in or out of process."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.delenv("FACTBOT_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A private copy of the committed facts.db (tests never write to the repo's file)."""
    target = tmp_path / "facts.db"
    shutil.copyfile(EMBEDDED_DB, target)
    with sqlite3.connect(target) as conn:  # an ordinary fact base, no longer marked as the shipped one
        conn.execute("PRAGMA application_id = 0")
    conn.close()
    return target


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def core(store: Store) -> Core:
    return Core(store, today=lambda: TODAY)


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "empty.db")
    yield s
    s.close()
