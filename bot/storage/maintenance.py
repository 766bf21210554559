"""Keeping the file healthy: online backup, integrity checks, the full-text index, seed bookkeeping."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from factbot.bot.storage.tables import Tables


class MaintenanceTables(Tables):
    """Backup, check and repair."""

    def backup(self, target: str | Path) -> None:
        """A consistent copy via SQLite's online backup, safe while bots keep reading and writing.

        All pages in one step: a step-by-step copy starts over whenever a bot commits in between, and on a
        busy, large file may never finish. The copy is written beside the target and renamed into place,
        so an interrupted backup never leaves a half-written file under the target's name.
        """
        final = Path(target)
        partial = final.with_name(final.name + ".partial")
        partial.unlink(missing_ok=True)
        destination = sqlite3.connect(str(partial))
        try:
            self.db.conn.backup(destination, pages=-1)
        finally:
            destination.close()
        os.replace(partial, final)

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity and foreign-key checks and the full-text index's own
        check against the facts (empty: all is well)."""
        try:
            problems = [r[0] for r in self.db.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
            for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check").fetchall():
                problems.append(f"{table} row {rowid} points at a missing {parent} row")
        except sqlite3.DatabaseError as exc:
            return [f"the file is damaged: {exc}"]
        try:
            # rank 1: compare the external-content index with the facts table itself.
            self.db.execute("INSERT INTO facts_fts(facts_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError:
            problems.append(
                "the full-text index is out of step with the facts (factbot db check --repair rebuilds it)"
            )
        return problems

    def rebuild_search_index(self) -> None:
        """Rebuild the full-text index from the facts (the repair for a drifted index)."""
        with self.write():
            self.db.execute("INSERT INTO facts_fts(facts_fts) VALUES ('rebuild')")

    def seed_state(self) -> dict[str, str]:
        """What the last seed load recorded: 'edition', 'hash', 'loaded_at'."""
        return {r[0]: r[1] for r in self.db.execute("SELECT key, value FROM seed_state")}

    def set_seed_state(self, state: dict[str, str]) -> None:
        with self.write():
            for k, v in state.items():
                self.db.execute("INSERT OR REPLACE INTO seed_state (key, value) VALUES (?, ?)", [k, v])

    def seed_facts_of(self, subject_id: int, relation: str) -> list[tuple[int, str, str, int]]:
        """(id, object, last actor, removed) of the facts that came from the seed for a subject and relation."""
        rows = self.db.execute(
            "SELECT id, object, updated_by, removed FROM facts WHERE seed_key IS NOT NULL "
            "AND subject_id = ? AND relation = ? ORDER BY id",
            [subject_id, relation],
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def seed_rows(self) -> dict[str, tuple[int, str, int]]:
        """seed_key -> (fact id, last actor, removed) for every fact that came from the seed."""
        rows = self.db.execute(
            "SELECT seed_key, id, updated_by, removed FROM facts WHERE seed_key IS NOT NULL"
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}
