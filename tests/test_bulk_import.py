"""Imports written in batches (bot.storage.batch): the same fact base as writing row by row, all or nothing
with bad rows anywhere, full-text search and the name index kept, new names answerable in other processes."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.port import AddFact, Reply, Role, SearchFacts
from factbot.bot.ingest import transfer
from factbot.bot.storage.facts import NAMING_TEXT_CAP
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.support import ROOT, TODAY, ask, run
from tests.test_name_index import assert_index_matches_names

ROWS = 5_000  # more than one batch (transfer.BATCH)
# Everything an import writes, without the clock's columns.
TABLES = {
    "facts": "SELECT id, subject_id, relation, object, object_id, start, end, statement, source_url, "
    "source_title, as_of, scope, note, origin, seed_key, added_by, updated_by, removed FROM facts",
    "history": "SELECT id, fact_id, action, actor, old, new FROM history",
    "entities": "SELECT id, name, kind, description, scope, added_by FROM entities",
    "names": "SELECT id, entity_id, name, key, is_primary, note FROM names",
    "name_words": "SELECT word, name_id, entity_id FROM name_words",
    "name_vocabulary": "SELECT word FROM name_vocabulary",
    "name_deletes": "SELECT variant, word FROM name_deletes",
    "fts": "SELECT rowid, statement, object FROM facts_fts WHERE facts_fts MATCH 'brindlemoor OR openai'",
}


def _rows(count: int) -> list[dict[str, str]]:
    """New organizations and people, known ones (OpenAI, by alias too), repeats within and across batches,
    invested_in objects that name an entity with an amount, a workspace scope."""
    out: list[dict[str, str]] = []
    for i in range(count):
        org = f"Brindlemoor {i % 1700:04d} Labs"
        row = {
            "subject": org,
            "relation": "ceo",
            "object": f"Tamsin Quorvel{i % 2300:04d}",
            "start": str(2000 + i % 25),
            "source_url": f"https://news.example.com/{i}",
        }
        if i % 11 == 0:
            row = {**row, "relation": "invested_in", "object": "OpenAI ($10 million)", "start": "2024-03"}
        if i % 13 == 0:
            row = {**row, "subject": "openai" if i % 2 else "Open AI", "relation": "released"}
            row["object"] = f"Quorvel Model {i}"
        if i % 17 == 0:
            row["scope"] = "slack:T0BULK"
        out.append(row)
    out += out[4_100:4_200]  # the same facts again, in a later batch
    return out


def _write(path: Path, rows: list[dict[str, str]], bad: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(r) for r in rows]
    for at, line in sorted((bad or {}).items()):
        lines.insert(at, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _state(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(db)) as conn:
        return {t: sorted(conn.execute(sql).fetchall(), key=repr) for t, sql in TABLES.items()}


def test_a_batched_import_writes_what_row_by_row_writing_does(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _write(tmp_path / "rows.jsonl", _rows(ROWS))
    one_by_one = tmp_path / "one_by_one.db"
    shutil.copyfile(db_path, one_by_one)
    store = Store(db_path)
    report = transfer.import_facts(store, data, "console:admin", None, TODAY)
    assert report.added > 4_000 and report.unchanged >= 100 and report.lines == ROWS + 100
    assert_index_matches_names(store, tmp_path)
    store.close()

    monkeypatch.setattr(transfer, "BATCH", 1)  # each row resolved, checked and written before the next
    reference = Store(one_by_one)
    again = transfer.import_facts(reference, data, "console:admin", None, TODAY)
    reference.close()
    assert (again.added, again.unchanged, again.lines) == (report.added, report.unchanged, report.lines)
    assert _state(db_path) == _state(one_by_one)

    store = Store(db_path)
    try:
        assert store.check() == []  # full-text index included
        twice = transfer.import_facts(store, data, "console:admin", None, TODAY)
        assert (twice.added, twice.unchanged) == (0, report.lines)
        core = Core(store, today=lambda: TODAY)
        assert "Tamsin Quorvel0042" in ask(core, "who is the ceo of brindlemoor 0042 labs").text
        found = run(core, SearchFacts("Quorvel0042"))
        assert any("Tamsin Quorvel0042" in f.name for f in found.fields), found
    finally:
        store.close()


@pytest.mark.parametrize("where", [3, 4_050, ROWS + 90], ids=["first-batch", "second-batch", "last-line"])
def test_bad_rows_anywhere_import_nothing_and_are_each_named(
    db_path: Path, tmp_path: Path, where: int
) -> None:
    bad = {
        where: '{"subject": "Broken", "relation": ',
        where + 2: json.dumps({"subject": "Same Co", "relation": "ceo", "object": "same co"}),
        where + 4: json.dumps({"subject": "Date Co", "relation": "ceo", "object": "X Y", "start": "2024-13"}),
    }
    data = _write(tmp_path / "bad.jsonl", _rows(ROWS), bad)
    before = _state(db_path)
    store = Store(db_path)
    try:
        with pytest.raises(BadArgument) as caught:
            transfer.import_facts(store, data, "console:admin", None, TODAY)
        message = str(caught.value)
        assert message.startswith("Nothing imported: 3 bad line(s).")
        assert f"line {where + 1}: not valid JSON" in message
        assert f"line {where + 3}: " in message and f"line {where + 5}: start" in message
        assert store.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'facts_ai'").fetchone()
    finally:
        store.close()
    assert _state(db_path) == before
    store = Store(db_path)
    try:  # the full-text trigger is in place: a fact added next is searchable
        core = Core(store, today=lambda: TODAY)
        transfer.import_facts(
            store, _write(tmp_path / "one.jsonl", _rows(2)[1:]), "console:admin", None, TODAY
        )
        assert store.search("Quorvel0001", ["global"])
        assert store.check() == []
        assert ask(core, "who is the ceo of brindlemoor 0001 labs").answered
    finally:
        store.close()


def test_names_from_a_cli_import_are_answerable_in_a_running_process(db_path: Path, tmp_path: Path) -> None:
    store = Store(db_path)
    core = Core(store, today=lambda: TODAY)
    try:
        assert not ask(core, "who is the ceo of brindlemoor 0007 labs").answered  # warm, and remembered
        data = _write(tmp_path / "rows.jsonl", _rows(ROWS))
        env = {k: v for k, v in os.environ.items() if k != "FACTBOT_DB"}
        done = subprocess.run(
            [sys.executable, "-m", "factbot", "facts", "import", str(data), "--db", str(db_path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Imported " in done.stdout and "100%" in done.stderr
        led = ask(core, "who is the ceo of brindlemoor 0007 labs").text
        assert led.startswith("Brindlemoor 0007 Labs is led by Tamsin Quorvel"), led
        assert ask(core, "who is the ceo of brindlemor 0007 labs").answered  # a typo, via the stored keys
    finally:
        store.close()


def _said(reply: Reply) -> str:
    return "\n".join([reply.text, *(f"{f.name} {f.value}" for f in reply.fields)])


def _add(db: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "FACTBOT_DB"}
    done = subprocess.run(
        [sys.executable, "-m", "factbot", "facts", "add", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_facts_naming_an_entity_follow_writes_in_this_and_other_processes(db_path: Path) -> None:
    """The facts naming an entity are reused within a question; a fact written since is never missed."""
    _add(db_path, "Vesperine", "ceo", "Orla Quentmar", "--since", "2022", "--source", "https://e.com/0")
    _add(db_path, "Quillonar Systems", "invested_in", "Vesperine ($1 million)", "--source", "https://e.com/1")
    store = Store(db_path)
    core = Core(store, today=lambda: TODAY)
    try:
        entity = store.find_entity("Vesperine", ["global"])
        assert entity is not None

        def naming() -> set[str]:
            return {f.subject for f in store.facts_naming(entity.id, (entity.name,), ["global"])}

        assert naming() == {"Quillonar Systems"} == naming()
        _add(
            db_path,
            "Brammolt Capital",
            "invested_in",
            "Vesperine ($5 million)",
            "--source",
            "https://e.com/2",
        )
        assert naming() == {"Quillonar Systems", "Brammolt Capital"}  # written by another process
        added = AddFact("Tarrowind Fund", "invested_in", "Vesperine ($5 million)", "2025")
        assert not run(core, added, role=Role.GLOBAL_ADMIN).is_error
        assert naming() == {"Quillonar Systems", "Brammolt Capital", "Tarrowind Fund"}  # by this one
        assert "Tarrowind Fund" in _said(ask(core, "who invested $5 million in Vesperine"))
    finally:
        store.close()


def test_facts_naming_kept_across_logged_questions_still_follow_this_process_writes(db_path: Path) -> None:
    """Answers of facts_naming outlive the question log's writes (every answer logs one), never a change
    to a fact: removing, restoring or editing one in between is seen at once."""
    _add(db_path, "Vesperine", "ceo", "Orla Quentmar", "--since", "2022", "--source", "https://e.com/0")
    _add(db_path, "Quillonar Systems", "invested_in", "Vesperine ($1 million)", "--source", "https://e.com/1")
    _add(db_path, "Brammolt Capital", "invested_in", "Vesperine ($5 million)", "--source", "https://e.com/2")
    store = Store(db_path)
    core = Core(store, today=lambda: TODAY)
    try:
        entity = store.find_entity("Vesperine", ["global"])
        assert entity is not None

        def naming() -> dict[str, str]:
            return {f.subject: f.object for f in store.facts_naming(entity.id, (entity.name,), ["global"])}

        assert set(naming()) == {"Quillonar Systems", "Brammolt Capital"}
        for _ in range(3):
            ask(core, "who invested in Vesperine")  # each logged: a write, but not to a fact
        assert set(naming()) == {"Quillonar Systems", "Brammolt Capital"}
        fact_id = next(f.id for f in store.facts_naming(entity.id, (entity.name,), ["global"])
                       if f.subject == "Brammolt Capital")  # fmt: skip
        store.set_removed(fact_id, True, "t")
        assert set(naming()) == {"Quillonar Systems"}
        ask(core, "who invested in Vesperine")
        store.set_removed(fact_id, False, "t")
        assert set(naming()) == {"Quillonar Systems", "Brammolt Capital"}
        store.update_fact(fact_id, {"object": "Vesperine ($6 million)"}, "t")
        assert naming()["Brammolt Capital"] == "Vesperine ($6 million)"
    finally:
        store.close()


def test_a_name_in_thousands_of_objects_reads_only_the_newest_mentions(db_path: Path, tmp_path: Path) -> None:
    """'Code' as a product, and 'X Code' in every release after it: the question reads the newest
    NAMING_TEXT_CAP mentions, not all of them (a second per question at a million facts)."""
    extra = NAMING_TEXT_CAP + 100
    rows = [{"subject": "Quorvane Labs", "relation": "released", "object": "Code", "start": "2019-01-01",
             "source_url": "https://e.com/code"}]  # fmt: skip
    rows += [
        {
            "subject": f"Maker {i:04d} Systems",
            "relation": "released",
            "object": f"Tool{i:04d} Code",
            "start": (date(2020, 1, 1) + timedelta(days=i)).isoformat(),
            "source_url": f"https://e.com/{i}",
        }
        for i in range(extra)
    ]
    path = tmp_path / "code.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    store = Store(db_path)
    try:
        with store.write():
            store.ensure_entity("Code", "product", "global", "test")
        transfer.import_facts(store, path, "test", None, TODAY)
        code = store.find_entity("Code", ["global"])
        assert code is not None
        naming = store.facts_naming(code.id, (code.name,), ["global"])
        assert len(naming) == NAMING_TEXT_CAP + 1  # the mentions in text, and the one linked by id
        assert "Quorvane Labs" in {f.subject for f in naming}
        assert {f.object for f in naming} >= {f"Tool{extra - 1:04d} Code", f"Tool{extra - NAMING_TEXT_CAP:04d} Code"}
        assert f"Tool{extra - NAMING_TEXT_CAP - 1:04d} Code" not in {f.object for f in naming}
        newest = _said(ask(Core(store, today=lambda: TODAY), "what was the latest Code release"))
        assert f"Tool{extra - 1:04d} Code" in newest, newest
    finally:
        store.close()
