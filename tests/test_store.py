"""The store: schema, transactions, history, scopes, search and the question log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from factbot.bot.domain.errors import NotFound
from factbot.bot.domain.model import GLOBAL_SCOPE
from factbot.bot.storage import migrations
from factbot.bot.storage.store import Store


def _fact(store: Store, subject: str = "Acme AI", obj: str = "Jane Roe", scope: str = GLOBAL_SCOPE) -> int:
    sid = store.ensure_entity(subject, "organization", scope, "t")
    return store.add_fact(
        {
            "subject_id": sid,
            "relation": "ceo",
            "object": obj,
            "statement": f"{obj} runs {subject}.",
            "start": "2025-01",
            "scope": scope,
            "source_url": "https://example.com",
            "as_of": "2025-01-02",
        },
        "console:t",
    )


def test_schema_is_versioned_and_migrations_are_idempotent(empty_store: Store) -> None:
    assert migrations.current_version(empty_store.db) == len(migrations.MIGRATIONS)
    assert migrations.migrate(empty_store.db, empty_store.write) == len(migrations.MIGRATIONS)
    journal = empty_store.db.execute("PRAGMA journal_mode").fetchone()[0]
    assert journal == "wal"


def test_a_failed_write_leaves_nothing_behind(empty_store: Store) -> None:
    before = empty_store.count_facts(include_removed=True)
    with pytest.raises(RuntimeError), empty_store.write():
        _fact(empty_store)
        raise RuntimeError("boom")
    assert empty_store.count_facts(include_removed=True) == before
    assert empty_store.find_entity("Acme AI", [GLOBAL_SCOPE]) is None


def test_every_change_is_in_the_history_and_undo_puts_it_back(empty_store: Store) -> None:
    fid = _fact(empty_store)
    empty_store.update_fact(fid, {"end": "2025-06"}, "console:t", action="end")
    empty_store.set_removed(fid, True, "console:t")
    actions = [h.action for h in empty_store.history(fid)]
    assert actions == ["add", "end", "remove"]
    last = empty_store.last_change("console:t")
    assert last is not None and last.action == "remove"
    empty_store.undo(last, "console:t")
    assert not empty_store.fact(fid).removed
    again = empty_store.last_change("console:t")
    assert again is not None and again.action == "end"
    empty_store.undo(again, "console:t")
    assert empty_store.fact(fid).end is None


def test_aliases_ignore_case_accents_and_spaces(empty_store: Store) -> None:
    eid = empty_store.ensure_entity("Karén Simonyan", "person", GLOBAL_SCOPE, "t")
    empty_store.add_alias(eid, "Open AI")
    found = empty_store.find_entity("karen simonyan", [GLOBAL_SCOPE])
    assert found is not None and found.id == eid
    assert empty_store.find_entity("openai", [GLOBAL_SCOPE]) is not None


def test_scoped_facts_are_invisible_elsewhere(empty_store: Store) -> None:
    fid = _fact(empty_store, "Team Secret Co", "Bob", scope="slack:T1")
    assert empty_store.fact(fid, [GLOBAL_SCOPE, "slack:T1"]).object == "Bob"
    with pytest.raises(NotFound):
        empty_store.fact(fid, [GLOBAL_SCOPE, "discord:G9"])
    assert empty_store.search("Bob", [GLOBAL_SCOPE, "discord:G9"]) == []
    assert empty_store.find_entity("Team Secret Co", [GLOBAL_SCOPE]) is None


def test_search_treats_query_syntax_as_text(empty_store: Store) -> None:
    _fact(empty_store, obj='Robert "Bobby" Tables')
    for query in ['"', "NEAR(", "a AND OR NOT", "x:*", "'; DROP TABLE facts; --"]:
        empty_store.search(query, [GLOBAL_SCOPE])
    assert [f.object for f in empty_store.search("Bobby", [GLOBAL_SCOPE])] == ['Robert "Bobby" Tables']


def test_question_log_and_gaps(empty_store: Store) -> None:
    for _ in range(2):
        empty_store.log_question("Who runs Acme?", False, [], 0.1, "slack", "slack:T1")
    empty_store.log_question("who runs acme", False, [], 0.1, "slack", "slack:T1")
    empty_store.log_question("answered one", True, [1], 0.9, "slack", "slack:T1")
    gaps = empty_store.gaps([GLOBAL_SCOPE, "slack:T1"])
    assert [(g.count) for g in gaps] == [3]
    assert empty_store.gaps([GLOBAL_SCOPE, "discord:G1"]) == []


def test_two_connections_see_each_others_writes(tmp_path: Path) -> None:
    a, b = Store(tmp_path / "x.db"), Store(tmp_path / "x.db")
    before = b.generation()
    _fact(a)
    assert b.generation() != before
    assert b.count_facts() == 1
    a.close()
    b.close()
    with sqlite3.connect(tmp_path / "x.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
