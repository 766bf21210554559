"""The name index kept in the fact base: consistent with the names through every kind of change, shared by
every process without a rebuild, backfilled on old files, and the source of autocomplete."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from factbot.bot.answering.entity_index import EntityIndex
from factbot.bot.answering.matcher import CUE_VOCABULARY, STOPWORDS, read
from factbot.bot.domain.port import (
    AddFact,
    Ask,
    Complete,
    Leadership,
    RemoveFact,
    Reply,
    Request,
    Role,
    StaleFacts,
    Undo,
)
from factbot.bot.ingest import transfer
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from factbot.runner import CoreRunner
from tests.support import ROOT, TODAY, ask, run

FIRST_SCHEMA = ROOT / "tests" / "data" / "schema_v1.db"
ADMIN = Role.GLOBAL_ADMIN
INDEX_TABLES = {
    "name_words": "SELECT word, name_id, entity_id FROM name_words",
    "name_vocabulary": "SELECT word FROM name_vocabulary",
    "name_deletes": "SELECT variant, word FROM name_deletes",
}


def _index(path: Path) -> dict[str, set[tuple[object, ...]]]:
    with closing(sqlite3.connect(path)) as conn:
        return {t: set(conn.execute(sql).fetchall()) for t, sql in INDEX_TABLES.items()}


def assert_index_matches_names(store: Store, tmp_path: Path) -> None:
    """What was maintained change by change equals an index built from scratch from the names."""
    kept = tmp_path / "kept.db"
    fresh = tmp_path / "fresh.db"
    for p in (kept, fresh):
        p.unlink(missing_ok=True)
    store.backup(kept)
    store.backup(fresh)
    rebuilt = Store(fresh)
    rebuilt.reindex_names()
    rebuilt.close()
    maintained, expected = _index(kept), _index(fresh)
    assert all(expected.values())
    assert maintained == expected


def _memory_index(store: Store) -> EntityIndex:
    return EntityIndex(store.names(), extra_vocabulary=CUE_VOCABULARY, never_correct=STOPWORDS)


def _stored_index(store: Store) -> EntityIndex:
    return EntityIndex(lexicon=store, extra_vocabulary=CUE_VOCABULARY, never_correct=STOPWORDS)


def test_the_stored_index_reads_every_question_as_the_in_memory_one_does(store: Store) -> None:
    questions = [
        json.loads(line)["q"]
        for name in ("questions.jsonl", "questions_holdout.jsonl")
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    memory, stored = _memory_index(store), _stored_index(store)
    scopes = ["global"]
    for q in questions:
        a, b = read(q, memory, scopes), read(q, stored, scopes)
        assert (a.mentions, a.corrections, a.family) == (b.mentions, b.corrections, b.family), q
        words = [w for w in a.unknown if len(w) >= 3]
        assert memory.near(words, ["global"]) == stored.near(words, ["global"]), q


def test_the_index_follows_add_alias_remove_undo_and_import(core: Core, store: Store, tmp_path: Path) -> None:
    assert_index_matches_names(store, tmp_path)  # the committed base, indexed by the migration
    added = run(core, AddFact("Quillfeather Dynamics", "ceo", "Odalys Vantrecht", "2024"), role=ADMIN)
    assert added.kind == "confirmation", added.text
    store.add_alias(store.find_entity("Quillfeather Dynamics", ["global"]).id, "Quillfeather")  # type: ignore[union-attr]
    assert_index_matches_names(store, tmp_path)
    assert ask(core, "who runs quillfeather").text.startswith("Odalys Vantrecht")
    assert ask(core, "who runs quilfeather dynamics").answered  # a typo, corrected through the stored keys
    fact_id = added.fact_ids[0]
    run(core, RemoveFact(fact_id), role=ADMIN)
    run(core, Undo(), role=ADMIN)
    assert_index_matches_names(store, tmp_path)
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        "\n".join(
            json.dumps(
                {
                    "subject": s,
                    "relation": "ceo",
                    "object": o,
                    "start": "2023",
                    "source_url": "https://example.com/x",
                }
            )
            for s, o in [("Brindlewick Labs", "Tamsin Oyelaran"), ("Corvantis AI", "Ilse Markovna")]
        ),
        encoding="utf-8",
    )
    report = transfer.import_facts(store, rows, "console:admin", "global", TODAY)
    assert report.added == 2
    assert_index_matches_names(store, tmp_path)
    assert ask(core, "who is the ceo of brindlewik labs").text.startswith("Tamsin Oyelaran")


def test_a_failed_import_leaves_no_trace_in_the_index(store: Store, tmp_path: Path) -> None:
    before = _index_copy(store, tmp_path)
    rows = [
        json.dumps(
            {
                "subject": f"Halvorsen Quantics {i}",
                "relation": "ceo",
                "object": f"Pella Ruiz {i}",
                "source_url": "https://example.com/y",
            }
        )
        for i in range(1200)
    ]
    rows.append('{"subject": "Broken", "relation": "no_such_relation", "object": "X"}')
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(rows), encoding="utf-8")
    with pytest.raises(Exception, match="Nothing imported"):
        transfer.import_facts(store, path, "console:admin", "global", TODAY)
    assert _index_copy(store, tmp_path) == before
    assert store.find_entity("Halvorsen Quantics 7", ["global"]) is None


def _index_copy(store: Store, tmp_path: Path) -> dict[str, set[tuple[object, ...]]]:
    target = tmp_path / "snapshot.db"
    target.unlink(missing_ok=True)
    store.backup(target)
    return _index(target)


def test_a_name_added_by_another_process_is_found_without_a_rebuild(db_path: Path) -> None:
    store = Store(db_path)
    core = Core(store, today=lambda: TODAY)
    try:
        assert not ask(core, "who runs zephyrinex").answered  # warm: this process has answered
        assert not ask(core, "who runs zephyrinx").answered  # and remembered 'zephyrinx' as unknown
        assert run(core, Leadership("zephyrinx")).kind == "error"
        version = store.names_version()
        env = {k: v for k, v in os.environ.items() if k != "FACTBOT_DB"}
        added = subprocess.run(
            [
                sys.executable,
                "-m",
                "factbot",
                "facts",
                "add",
                "Zephyrinex",
                "ceo",
                "Maelis Durand",
                "--since",
                "2025",
                "--source",
                "https://example.com/z",
                "--db",
                str(db_path),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
            check=False,
        )
        assert added.returncode == 0, added.stderr
        assert store.names_version() > version
        assert ask(core, "who runs zephyrinex").text.startswith("Maelis Durand")
        assert ask(core, "who runs zephyrinx").text.startswith("Maelis Durand")
        assert run(core, Leadership("zephyrinx")).text.startswith("Zephyrinex is led by Maelis")
        assert "Zephyrinex" in run(core, Complete("zephy")).suggestions
    finally:
        store.close()


def test_questions_logged_elsewhere_do_not_change_the_names_version(db_path: Path) -> None:
    a, b = Store(db_path), Store(db_path)
    try:
        version = a.names_version()
        ask(Core(b, today=lambda: TODAY), "who runs openai")
        assert b.question_count() == 1
        assert a.names_version() == version
    finally:
        a.close()
        b.close()


def test_migration_backfills_the_index_of_an_old_base(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copyfile(FIRST_SCHEMA, old)
    with closing(sqlite3.connect(old)) as conn:
        assert "name_words" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    store = Store(old)
    try:
        assert_index_matches_names(store, tmp_path)
        core = Core(store, today=lambda: TODAY)
        typo = ask(core, "who runs acme robotcs", platform="slack", workspace="T1")
        assert typo.text.startswith("Jane Roe")
        assert "Acme Robotics" in run(core, Complete("acm"), platform="slack", workspace="T1").suggestions
    finally:
        store.close()


def test_autocomplete_through_the_core(core: Core) -> None:
    def complete(text: str, **kw: object) -> tuple[str, ...]:
        return run(core, Complete(text, **kw)).suggestions  # type: ignore[arg-type]

    assert complete("open")[0] == "OpenAI"
    assert complete("open ai")[0] == "OpenAI"  # spaces do not matter
    assert "Google DeepMind" in complete("deepmind")  # a later word of the name
    assert "Stability AI" in complete("stabilty")  # a typo
    assert complete("anthropic", kind="person") == ()  # kinds are kept apart
    assert all(len(complete(t)) <= 25 for t in ("", "a", "labs", "zzzz"))
    assert complete("zzzzqqq") == ()


def test_a_question_never_waits_for_a_long_write_elsewhere(db_path: Path) -> None:
    store = Store(db_path)
    core = Core(store, today=lambda: TODAY)
    other = sqlite3.connect(db_path, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")  # an import in another process holds the write lock
        reply = ask(core, "who runs openai")
        assert reply.answered and core.services.log.pending == 1
        other.execute("ROLLBACK")
        ask(core, "who runs anthropic")
        assert core.services.log.pending == 0
        assert store.question_count() == 2
        assert store.ask_counts(list(reply.fact_ids)) == {f: 1 for f in reply.fact_ids}
    finally:
        other.close()
        store.close()


def test_reports_run_beside_questions(db_path: Path) -> None:
    main, second = Store(db_path), Store(db_path)
    release = threading.Event()
    reports = Core(second, today=lambda: TODAY)
    real = reports.handle

    def slow(request: Request) -> Reply:
        release.wait(timeout=10)
        return real(request)

    reports.handle = slow  # type: ignore[method-assign]
    runner = CoreRunner(Core(main, today=lambda: TODAY), reports=reports)

    async def scenario() -> tuple[Reply, Reply]:
        report = asyncio.ensure_future(runner.handle(Request(command=StaleFacts(), role=ADMIN)))
        await asyncio.sleep(0.05)
        answer = await asyncio.wait_for(runner.handle(Request(command=Ask("who runs openai"))), 5)
        assert not report.done()  # the report is still running, and the question was answered anyway
        release.set()
        return answer, await report

    try:
        answer, report = asyncio.run(scenario())
        assert answer.answered and "fact(s)" in report.text
    finally:
        release.set()
        runner.close()
        main.close()
        second.close()
