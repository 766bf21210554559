"""The ask path and the core must not load chat-platform SDKs: they cost start-up time and tie the core
to a platform. Each check runs in a fresh interpreter, so modules imported by other tests don't count."""

from __future__ import annotations

import ast
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.support import EMBEDDED_DB, ROOT

PLATFORM_PACKAGES = ("slack_bolt", "slack_sdk", "discord")


def _loaded(code: str) -> list[str]:
    """Run `code` in a fresh interpreter at the repo root; it prints a list of module names last."""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return list(ast.literal_eval(out.stdout.strip().splitlines()[-1]))


def _loaded_by_a_question(tmp_path: Path, packages: tuple[str, ...]) -> list[str]:
    """Which of these top-level packages `factbot ask` imported, in a fresh interpreter."""
    db = tmp_path / "facts.db"
    shutil.copyfile(EMBEDDED_DB, db)
    code = (
        "import sys; from factbot.cli import main; "
        f"main(['ask', '--db', {str(db)!r}, 'who runs openai']); "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(packages)!r}))"
    )
    return _loaded(code)


def test_ask_path_imports_no_platform_sdk(tmp_path: Path) -> None:
    assert _loaded_by_a_question(tmp_path, PLATFORM_PACKAGES) == []


def test_ask_path_does_not_load_the_metrics_library(tmp_path: Path) -> None:
    """prometheus-client is the bots' extra: a console-only install must still answer."""
    assert _loaded_by_a_question(tmp_path, ("prometheus_client",)) == []


def test_a_question_loads_neither_the_schema_library_nor_an_event_loop(tmp_path: Path) -> None:
    """sqlite-utils (and the numpy it imports when installed) only for a migration, asyncio only for the
    bots: a third of a cold `factbot ask` went to importing them. numpy itself is not checked: rapidfuzz
    3.0's `process` module imports it too."""
    assert _loaded_by_a_question(tmp_path, ("sqlite_utils", "asyncio")) == []


def test_an_old_base_is_still_migrated_on_open(tmp_path: Path) -> None:
    """The schema library is imported when a migration does need to run."""
    db = tmp_path / "old.db"
    sqlite3.connect(db).close()  # an empty file: schema version 0
    code = (
        "import sys; from factbot.bot.storage.store import Store; "
        f"s = Store({str(db)!r}); print([s.db.execute('PRAGMA user_version').fetchone()[0] > 0, "
        "'sqlite_utils' in sys.modules])"
    )
    assert _loaded(code) == [True, True]


def test_core_imports_no_platform_sdk_or_adapter() -> None:
    code = (
        "import importlib, pkgutil, sys; import factbot.bot as core; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(core.__path__, 'factbot.bot.')]; "
        "print(sorted(m for m in sys.modules "
        f"if m.split('.')[0] in {PLATFORM_PACKAGES!r} "
        "or (m.startswith('factbot.') and not (m + '.').startswith('factbot.bot.'))))"
    )
    assert _loaded(code) == []


def test_walk_covers_the_core() -> None:
    """Guard against the walk above silently importing nothing."""
    code = (
        "import importlib, pkgutil; import factbot.bot as core; "
        "print([m.name for m in pkgutil.walk_packages(core.__path__, 'factbot.bot.')])"
    )
    expected = {
        "factbot.bot.usecases.dispatch",
        "factbot.bot.storage.store",
        "factbot.bot.answering.answerer",
        "factbot.bot.answering.entity_index",
    }
    assert expected <= set(_loaded(code))
