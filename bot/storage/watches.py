"""Channels watching organizations or taking the weekly digest, and the outbox of notes for them.

A note is queued once per (watch, change) under a unique key and marked when delivered, so however many
processes collect, and however often they poll, one change is posted once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from factbot.bot.domain.model import HistoryEntry, OutboxItem, Watch
from factbot.bot.storage.tables import Tables, _history_entry

_WATCH_COLUMNS = "id, kind, platform, workspace_id, channel_id, scope, entity_id, cursor, period, added_by"


class WatchTables(Tables):
    """Watches, digests and the outbox."""

    def add_watch(self, values: dict[str, Any]) -> tuple[int, bool]:
        """(watch id, whether it is new); the same channel watching the same thing twice is one watch."""
        with self.write():
            existing = self.db.execute(
                "SELECT id FROM watches WHERE kind = ? AND platform = ? AND channel_id = ? AND entity_id IS ?",
                [values["kind"], values["platform"], values["channel_id"], values.get("entity_id")],
            ).fetchone()
            if existing:
                return int(existing[0]), False
            row = {**values, "cursor": self.newest_history_id(), "added_at": self.now()}
            wid = self.db.execute(
                f"INSERT INTO watches ({','.join(row)}) VALUES ({','.join('?' * len(row))})",
                list(row.values()),
            ).lastrowid
        assert wid is not None
        return wid, True

    def remove_watch(self, kind: str, platform: str, channel_id: str, entity_id: int | None) -> bool:
        with self.write():
            changed = self.db.execute(
                "DELETE FROM watches WHERE kind = ? AND platform = ? AND channel_id = ? AND entity_id IS ?",
                [kind, platform, channel_id, entity_id],
            ).rowcount
        return changed > 0

    def watches(
        self, kind: str | None = None, platform: str | None = None, channel_id: str | None = None
    ) -> list[Watch]:
        where, params = ["1"], []
        for column, value in (("kind", kind), ("platform", platform), ("channel_id", channel_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        rows = self.db.execute(
            f"SELECT {_WATCH_COLUMNS} FROM watches WHERE {' AND '.join(where)} ORDER BY id", params
        ).fetchall()
        return [Watch(*r) for r in rows]

    def set_watch_progress(self, watch_id: int, cursor: int | None = None, period: str | None = None) -> None:
        with self.write():
            if cursor is not None:
                self.db.execute("UPDATE watches SET cursor = ? WHERE id = ?", [cursor, watch_id])
            if period is not None:
                self.db.execute("UPDATE watches SET period = ? WHERE id = ?", [period, watch_id])

    def newest_history_id(self) -> int:
        return int(self.db.execute("SELECT coalesce(max(id), 0) FROM history").fetchone()[0])

    def history_since(self, after_id: int, limit: int = 1000) -> list[HistoryEntry]:
        rows = self.db.execute(
            "SELECT id, fact_id, action, actor, at, old, new, undone_by FROM history WHERE id > ? "
            "ORDER BY id LIMIT ?",
            [after_id, limit],
        ).fetchall()
        return [_history_entry(r) for r in rows]

    def history_between(self, start: str, end: str) -> list[HistoryEntry]:
        """History rows recorded from `start` (inclusive) to `end` (exclusive), ISO timestamps."""
        rows = self.db.execute(
            "SELECT id, fact_id, action, actor, at, old, new, undone_by FROM history WHERE at >= ? AND at < ? "
            "ORDER BY id",
            [start, end],
        ).fetchall()
        return [_history_entry(r) for r in rows]

    def queue_note(self, watch: Watch, key: str, text: str) -> bool:
        """Queue a note unless one with this key exists; True when it was queued now."""
        with self.write():
            added = self.db.execute(
                'INSERT OR IGNORE INTO outbox (watch_id, "key", platform, channel_id, text, at) '
                "VALUES (?,?,?,?,?,?)",
                [watch.id, key, watch.platform, watch.channel_id, text, self.now()],
            ).rowcount
        return added > 0

    def undelivered(self, platform: str, limit: int = 50) -> list[OutboxItem]:
        rows = self.db.execute(
            'SELECT id, watch_id, "key", platform, channel_id, text FROM outbox '
            "WHERE platform = ? AND delivered_at IS NULL ORDER BY id LIMIT ?",
            [platform, limit],
        ).fetchall()
        return [OutboxItem(*r) for r in rows]

    def mark_delivered(self, item_ids: Sequence[int], at: str | None = None) -> None:
        with self.write():
            for item_id in item_ids:
                self.db.execute(
                    "UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
                    [at or self.now(), item_id],
                )
