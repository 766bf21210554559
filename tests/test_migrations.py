"""Schema migrations: run at start-up, idempotent, and an older database keeps what admins added."""

from __future__ import annotations

import shutil
from pathlib import Path

from factbot.bot.storage import migrations
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.support import ROOT, TODAY, ask

FIRST_SCHEMA = ROOT / "tests" / "data" / "schema_v1.db"  # made by the first release; never rebuild it


def test_a_database_of_the_first_schema_opens_and_keeps_admin_facts(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copyfile(FIRST_SCHEMA, old)
    store = Store(old)
    try:
        assert migrations.current_version(store.db) == len(migrations.MIGRATIONS)
        assert store.check() == []
        facts = {f.object: f for f in store.all_facts()}
        assert facts["Jane Roe"].scope == "slack:T1" and facts["Jane Roe"].added_by == "slack:UADMIN"
        assert facts["Ann Lee"].end == "2025-06"
        assert [h.action for h in store.history(facts["Ann Lee"].id)] == ["add", "end"]
        core = Core(store, today=lambda: TODAY)
        assert ask(core, "who runs acme robotics", platform="slack", workspace="T1").text.startswith(
            "Jane Roe"
        )
    finally:
        store.close()


def test_migrating_twice_and_from_two_processes_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    first, second = Store(path), Store(path)  # both ran migrate(); the second found nothing to do
    try:
        assert migrations.migrate(first.db, first.write) == len(migrations.MIGRATIONS)
        tables = first.db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        ).fetchall()
        assert (
            tables
            == second.db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").fetchall()
        )
    finally:
        first.close()
        second.close()
