"""What keeping the base current needs: Wikidata ids on entities, what a sync already proposed, and when a
periodic job last ran (so a restart does not run a daily job again)."""

from __future__ import annotations

from collections.abc import Iterable

from factbot.bot.storage.tables import Tables


class SyncTables(Tables):
    """Entity QIDs, sync keys of proposals, job runs."""

    def qid(self, entity_id: int) -> str | None:
        row = self.db.execute("SELECT qid FROM entities WHERE id = ?", [entity_id]).fetchone()
        return row[0] if row and row[0] else None

    def set_qid(self, entity_id: int, qid: str) -> None:
        with self.write():
            self.db.execute("UPDATE entities SET qid = ? WHERE id = ?", [qid, entity_id])

    def known_sync_keys(self, keys: Iterable[str]) -> set[str]:
        """The keys among `keys` a proposal already carries, whatever became of it (pending, approved or
        rejected): a difference is proposed once, and a rejected one is not brought up again."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            found.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT sync_key FROM proposals WHERE sync_key IN ({','.join('?' * len(chunk))})", chunk
                )
            )
        return found

    def last_run(self, job: str) -> str | None:
        row = self.db.execute("SELECT at FROM job_runs WHERE name = ?", [job]).fetchone()
        return row[0] if row else None

    def record_run(self, job: str, at: str) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO job_runs (name, at) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET at = excluded.at",
                [job, at],
            )
