"""The `factbot` command line through its real entry point: answers, JSON, stdin batches, fact changes,
import/export, seeding, --db/$FACTBOT_DB and help. Mostly in-process; a few real subprocess runs."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from factbot.bot.storage.store import Store
from factbot.cli import main
from tests.cli_helpers import Cli, assert_user_error, counts, live_facts
from tests.support import REFERENCE, ROOT

STABILITY_Q = "who's running stabilty ai now?"
ACME = ("Acme Robotics", "ceo", "Jane Roe", "--since", "2025-01", "--source", "https://example.com/acme")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path) -> Cli:
    return Cli(capsys, db_path)


@pytest.fixture
def new_db(tmp_path: Path) -> Path:
    """A fresh, empty (migrated) fact base: open_store refuses a missing file."""
    path = tmp_path / "new.db"
    Store(path).close()
    return path


@pytest.fixture
def reference() -> Path:
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} is absent")
    return REFERENCE


def _add_acme(cli: Cli) -> int:
    result = cli("facts", "add", *ACME, "--json")
    assert result.code == 0, result.err
    ids = json.loads(result.out)["facts"]
    assert len(ids) == 1
    return int(ids[0])


def _query(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return list(conn.execute(sql, params).fetchall())


# -- ask --------------------------------------------------------------------------------------------------


def test_ask_prints_answer_history_and_source(cli: Cli) -> None:
    result = cli("ask", STABILITY_Q)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Prem Akkaraju has been CEO of Stability AI since June 2024")
    before = [line for line in lines if line.strip().startswith("Before:")]
    assert len(before) == 1
    for name in ("Shan Shan Wong", "Christian Laforte", "Emad Mostaque"):
        assert name in before[0]
    source = [line for line in lines if line.strip().startswith("Source:")]
    assert source and "https://" in source[0] and "as of" in source[0]
    assert result.err == ""


def test_ask_json_is_one_object_with_the_contract_keys(cli: Cli) -> None:
    result = cli("ask", "--json", STABILITY_Q)
    assert result.code == 0, result.err
    assert len(result.out.strip().splitlines()) == 1
    data = json.loads(result.out)
    assert {"answered", "answer", "confidence", "facts", "sources", "suggestions"} <= set(data)
    assert data["answered"] is True
    assert data["answer"].startswith("Prem Akkaraju has been CEO of Stability AI")
    assert isinstance(data["confidence"], float | int) and 0 <= data["confidence"] <= 1
    assert data["facts"] and all(type(f) is int for f in data["facts"])
    assert data["sources"]
    for source in data["sources"]:
        assert set(source) >= {"url", "title", "as_of"}
        assert source["url"].startswith("http")
    assert isinstance(data["suggestions"], list)


def test_ask_json_out_of_scope_is_not_answered(cli: Cli) -> None:
    result = cli("ask", "--json", "what's the weather in paris")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["answered"] is False
    assert data["facts"] == [] and data["sources"] == []
    assert 0 <= data["confidence"] < 0.6


QUESTIONS = ["who runs openai", "who founded anthropic?", STABILITY_Q, "ceo of mistral"]
STARTS = ["Sam Altman", "", "Prem Akkaraju", "Arthur Mensch"]  # the founders' order is not pinned


def test_ask_stdin_json_gives_one_line_per_question_in_order(cli: Cli) -> None:
    stdin = "\n".join([QUESTIONS[0], "", QUESTIONS[1], "   \t", QUESTIONS[2], QUESTIONS[3]]) + "\n"
    result = cli("ask", "--json", "-", stdin=stdin)
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert len(rows) == 6
    answers = [rows[0], rows[2], rows[4], rows[5]]
    assert all(r["answered"] for r in answers)
    for row, start in zip(answers, STARTS, strict=True):
        assert row["answer"].startswith(start)
    assert "Anthropic" in rows[2]["answer"]
    for blank in (rows[1], rows[3]):  # blank lines keep their place, as errors
        assert blank["answered"] is False and blank["kind"] == "error" and blank["answer"]


def test_ask_stdin_plain_gives_one_line_per_question_in_order(cli: Cli) -> None:
    stdin = "\n".join([QUESTIONS[3], "", QUESTIONS[0], QUESTIONS[2]])  # no final newline
    result = cli("ask", "-", stdin=stdin)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("Arthur Mensch")
    assert lines[1].strip()  # the blank question gets a message, not a missing line
    assert lines[2].startswith("Sam Altman")
    assert lines[3].startswith("Prem Akkaraju")


def test_ask_explain_shows_entity_relation_and_time(cli: Cli) -> None:
    result = cli("ask", "--explain", "who was ceo of stability ai in 2023")
    assert result.code == 0, result.err
    why = result.out.split("Why:", 1)[1]
    assert "entity: Stability AI" in why
    assert "relation: ceo" in why
    assert "time:" in why and "2023" in why
    plain = cli("ask", "who was ceo of stability ai in 2023")
    assert "Why:" not in plain.out


def test_ask_explain_json_carries_the_explanation(cli: Cli) -> None:
    data = json.loads(cli("ask", "--json", "--explain", "who runs openai").out)
    text = "\n".join(data["explanation"])
    assert "entity: OpenAI" in text and "relation: ceo" in text and "time:" in text


# -- leadership -------------------------------------------------------------------------------------------


def test_leadership_forgives_a_typo(cli: Cli) -> None:
    result = cli("leadership", "stabilty ai")
    assert result.code == 0, result.err
    assert result.out.startswith("Stability AI is led by Prem Akkaraju")
    assert "Emad Mostaque" in result.out


def test_leadership_json(cli: Cli) -> None:
    data = json.loads(cli("leadership", "Stability", "AI", "--json").out)
    assert "Prem Akkaraju" in data["answer"] and data["sources"]


def test_leadership_of_an_unknown_org_is_one_short_error_line(cli: Cli) -> None:
    result = cli("leadership", "coca cola")
    assert_user_error(result)
    assert result.err.count("\n") == 1
    assert "coca cola" in result.err


# -- changing facts ----------------------------------------------------------------------------------------


def test_add_then_ask_end_remove_restore_and_history(cli: Cli) -> None:
    fid = _add_acme(cli)
    first = cli("ask", "who runs acme robotics")
    assert first.out.startswith("Jane Roe has been CEO of Acme Robotics since January 2025"), first.out
    found = cli("facts", "search", "acme", "--json")
    assert fid in json.loads(found.out)["facts"]
    assert f"#{fid}" in cli("facts", "search", "acme").out

    assert cli("facts", "end", str(fid), "2025-06").code == 0
    ended = cli("ask", "who runs acme robotics")
    assert "no current CEO" in ended.out and "Jane Roe" in ended.out
    assert not ended.out.startswith("Jane Roe has been")

    removed = cli("facts", "remove", str(fid))
    assert removed.code == 0 and f"#{fid}" in removed.out
    assert "Jane Roe" not in cli("ask", "who runs acme robotics").out
    assert cli("facts", "restore", str(fid)).code == 0
    assert "Jane Roe" in cli("ask", "who runs acme robotics").out

    history = cli("facts", "history", str(fid))
    assert history.code == 0
    lines = history.out.splitlines()
    assert "(live)" in lines[0]
    actions = [
        a for line in lines for a in ("add", "end", "remove", "restore") if f"· {a} by console:" in line
    ]
    assert actions == ["add", "end", "remove", "restore"]


def test_undo_reverts_the_last_change(cli: Cli, db_path: Path) -> None:
    fid = _add_acme(cli)
    assert cli("facts", "edit", str(fid), "statement=Jane Roe runs Acme.").code == 0
    undone = cli("facts", "undo")
    assert undone.code == 0 and f"#{fid}" in undone.out and "edit" in undone.out
    statement = _query(db_path, "SELECT statement FROM facts WHERE id = ?", (fid,))[0][0]
    assert statement == "Jane Roe — CEO of Acme Robotics (since January 2025)."
    assert "(undone)" in cli("facts", "history", str(fid)).out
    again = cli("facts", "undo")  # now the add itself is undone: the fact is retired
    assert again.code == 0
    assert "Jane Roe" not in cli("ask", "who runs acme robotics").out


def test_edit_changes_fields(cli: Cli, db_path: Path) -> None:
    fid = _add_acme(cli)
    result = cli("facts", "edit", str(fid), "statement=Jane Roe leads Acme Robotics.", "end=2026-02")
    assert result.code == 0, result.err
    assert f"Updated fact #{fid}: Jane Roe leads Acme Robotics." in result.out
    row = _query(db_path, "SELECT statement, end FROM facts WHERE id = ?", (fid,))[0]
    assert row == ("Jane Roe leads Acme Robotics.", "2026-02")


def test_edit_value_containing_an_equals_sign_stays_one_value(cli: Cli, db_path: Path) -> None:
    """Each CLI argument is one field=value; an '=' inside a value must not start a new field."""
    fid = _add_acme(cli)
    note = "valuation per source: pre=money 2025"
    result = cli("facts", "edit", str(fid), f"note={note}")
    assert result.code == 0, result.err
    assert _query(db_path, "SELECT note FROM facts WHERE id = ?", (fid,))[0][0] == note


def test_gaps_lists_an_unanswered_question_asked_twice(cli: Cli) -> None:
    question = "what does the zorblax quuxifier cost"
    for _ in range(2):
        assert json.loads(cli("ask", "--json", question).out)["answered"] is False
    result = cli("facts", "gaps")
    assert result.code == 0
    line = next(line for line in result.out.splitlines() if question in line)
    assert "2×" in line


def test_top_level_db_option_is_honoured(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`factbot --db PATH facts add …` (as the usage line shows) must change PATH, not ./facts.db."""
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("FACTBOT_DB", raising=False)
    code = main(["--db", str(db_path), "ask", "who runs openai"], stdout=io.StringIO())
    assert code == 0, capsys.readouterr().err


# -- import / export ---------------------------------------------------------------------------------------


def test_import_reference_into_an_empty_db(cli: Cli, new_db: Path, reference: Path) -> None:
    result = cli("facts", "import", str(reference), db=new_db)
    assert result.code == 0, result.err
    verified = sum(
        1 for line in reference.read_text().splitlines() if line.strip() and '"unverified"' not in line
    )
    assert f"Imported {verified} new fact(s)" in result.out
    assert live_facts(new_db) == verified
    unverified = sum(1 for line in reference.read_text().splitlines() if '"unverified"' in line)
    assert f"note: skipped {unverified} fact(s) marked unverified" in result.out
    answer = cli("ask", STABILITY_Q, db=new_db)
    assert answer.out.startswith("Prem Akkaraju has been CEO of Stability AI")


def test_importing_twice_adds_nothing(cli: Cli, new_db: Path, reference: Path) -> None:
    assert cli("facts", "import", str(reference), db=new_db).code == 0
    before = counts(new_db)
    again = cli("facts", "import", str(reference), db=new_db)
    assert again.code == 0
    assert "Imported 0 new fact(s)" in again.out
    assert counts(new_db) == before


def test_importing_reference_into_the_seeded_db_adds_no_verified_fact(
    cli: Cli, db_path: Path, reference: Path
) -> None:
    before = counts(db_path)
    result = cli("facts", "import", str(reference), db=db_path)
    assert result.code == 0, result.err
    assert "Imported 0 new fact(s)" in result.out
    assert counts(db_path) == before


def test_unverified_rows_need_include_unverified(cli: Cli, new_db: Path, reference: Path) -> None:
    assert cli("facts", "import", str(reference), db=new_db).code == 0
    before = live_facts(new_db)
    result = cli(
        "facts", "import", str(reference), "--include-unverified", "--allow-weak-source", db=new_db
    )
    unverified = sum(1 for line in reference.read_text().splitlines() if '"unverified"' in line)
    assert result.code == 0
    assert f"Imported {unverified} new fact(s)" in result.out
    assert "note:" not in result.out
    assert live_facts(new_db) == before + unverified


def _row(subject: str, **extra: str) -> dict[str, str]:
    return {"subject": subject, "relation": "ceo", "object": f"Boss Of {subject}", "start": "2024", **extra}


def test_malformed_jsonl_imports_nothing_and_names_each_line(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    lines = [
        json.dumps(_row("Good Co")),
        '{"subject": "Broken Co", "relation": ',
        json.dumps(_row("Date Co", start="2024-13")),
        json.dumps(_row("Url Co", source_url="ftp://files.example.com/x")),
        json.dumps({"relation": "ceo", "object": "Nobody"}),
        json.dumps(_row("Fine Co")),
    ]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = counts(db_path)
    result = cli("facts", "import", str(bad))
    assert result.code == 1
    assert result.err.startswith("error: ") and "Traceback" not in result.err
    assert "line 1:" not in result.err and "line 6:" not in result.err
    assert "line 2: not valid JSON" in result.err
    assert "line 3: start" in result.err
    assert "line 4: source_url" in result.err
    assert "line 5: subject" in result.err
    assert counts(db_path) == before
    assert not _query(db_path, "SELECT 1 FROM names WHERE key IN ('goodco', 'fineco')")


def test_csv_with_a_bad_row_imports_nothing(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["subject", "relation", "object", "start", "source_url"])
        writer.writeheader()
        writer.writerow(_row("Good Co"))
        writer.writerow(_row("Bad Day Co", start="2024-02-30"))
    before = counts(db_path)
    result = cli("facts", "import", str(bad))
    assert result.code == 1 and "Traceback" not in result.err
    assert "line 3: start" in result.err
    assert counts(db_path) == before


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_then_import_round_trips(
    cli: Cli, db_path: Path, new_db: Path, tmp_path: Path, fmt: str
) -> None:
    exported = cli("facts", "export", "--format", fmt)  # to stdout
    assert exported.code == 0
    target = tmp_path / f"out.{fmt}"
    target.write_text(exported.out, encoding="utf-8", newline="")
    to_file = cli("facts", "export", str(tmp_path / f"file.{fmt}"))
    assert f"Exported {live_facts(db_path)} fact(s)" in to_file.out
    result = cli("facts", "import", str(target), db=new_db)
    assert result.code == 0, result.err
    assert live_facts(new_db) == live_facts(db_path)
    assert f"Imported {live_facts(db_path)} new fact(s)" in result.out


def test_large_import_shows_progress(cli: Cli, new_db: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    rows = (
        json.dumps(
            {
                "subject": f"Bulk Co {i}",
                "relation": "ceo",
                "object": f"Person Number{i}",
                "start": "2024-01",
                "source_url": f"https://example.com/{i}",
            }
        )
        for i in range(2000)
    )
    big.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("facts", "import", str(big), db=new_db)
    assert result.code == 0, result.err
    assert "Imported 2000 new fact(s)" in result.out
    assert "importing…" in result.err
    assert "25%" in result.err and "100%" in result.err
    assert live_facts(new_db) == 2000


# -- db seed -----------------------------------------------------------------------------------------------


def test_seed_fresh_builds_a_db_that_answers(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "seeded.db"
    result = cli("db", "seed", "--fresh", db=target)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Seeded {target}:")
    assert cli("ask", STABILITY_Q, db=target).out.startswith(
        "Prem Akkaraju has been CEO of Stability AI since June 2024"
    )


def test_seed_fresh_never_silently_replaces_a_fact_base(cli: Cli, db_path: Path) -> None:
    """An admin's months of work are not one mistyped --fresh away from gone: refuse, or back up first."""
    acme = _add_acme(cli)
    before = counts(db_path)
    refused = cli("db", "seed", "--fresh")
    assert refused.code == 1 and "--force" in refused.err and refused.err.count("\n") == 1
    assert counts(db_path) == before
    forced = cli("db", "seed", "--fresh", "--force")
    assert forced.code == 0, forced.err
    [backup] = db_path.parent.glob("facts.db.*.bak")
    assert f"Backed up the old fact base to {backup}" in forced.out
    assert cli("facts", "history", str(acme), db=backup).code == 0  # the admin's fact survives in the backup
    assert cli("facts", "history", str(acme)).code == 1  # and the new base is the seed alone


def test_seed_flags_that_only_go_with_fresh_are_refused(cli: Cli, db_path: Path) -> None:
    before = counts(db_path)
    for flag in ("--force", "--embedded"):
        result = cli("db", "seed", flag)
        assert (
            result.code == 1
            and result.err == "error: --force and --embedded go with --fresh (building a new fact base).\n"
        )
    assert counts(db_path) == before


def test_a_fresh_build_is_renamed_into_place_and_leaves_nothing_beside_it(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "new" / "facts.db"
    assert cli("db", "seed", "--fresh", db=target).code == 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["facts.db"]


def test_reseeding_keeps_admin_changes(cli: Cli, db_path: Path) -> None:
    fid = _add_acme(cli)
    (edited,), (removed,) = _query(
        db_path, "SELECT id FROM facts WHERE origin = 'seed' AND removed = 0 ORDER BY id LIMIT 2"
    )
    assert cli("facts", "edit", str(edited), "statement=An admin rewrote this.").code == 0
    assert cli("facts", "remove", str(removed)).code == 0
    result = cli("db", "seed")
    assert result.code == 0, result.err
    assert "2 kept as admins left them" in result.out
    assert _query(db_path, "SELECT statement FROM facts WHERE id = ?", (edited,))[0][0] == (
        "An admin rewrote this."
    )
    assert _query(db_path, "SELECT removed FROM facts WHERE id = ?", (removed,))[0][0] == 1
    assert _query(db_path, "SELECT removed FROM facts WHERE id = ?", (fid,))[0][0] == 0
    assert cli("ask", "who runs acme robotics").out.startswith("Jane Roe has been CEO of Acme Robotics")


# -- where the fact base is --------------------------------------------------------------------------------


def test_missing_db_says_how_to_build_one(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = cli("ask", "who runs openai", db=missing)
    assert_user_error(result)
    assert f"factbot db seed --db {missing}" in result.err
    assert not missing.exists()


def test_factbot_db_env_is_used_without_db_option(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no ./facts.db here
    monkeypatch.setenv("FACTBOT_DB", str(db_path))
    out = io.StringIO()
    assert main(["facts", "add", *ACME], stdout=out) == 0, capsys.readouterr().err
    out = io.StringIO()
    assert main(["ask", "who runs acme robotics"], stdout=out) == 0
    assert out.getvalue().startswith("Jane Roe has been CEO of Acme Robotics")
    monkeypatch.setenv("FACTBOT_DB", str(tmp_path / "missing.db"))
    assert main(["ask", "who runs acme robotics", "--db", str(db_path)], stdout=io.StringIO()) == 0
    assert main(["ask", "who runs acme robotics"], stdout=io.StringIO()) == 1
    assert "missing.db" in capsys.readouterr().err


# -- help --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        ([], ["ask", "leadership", "facts", "db", "--db", "FACTBOT_DB"]),
        (["ask"], ["--json", "--explain", "question"]),
        (
            ["facts"],
            [
                "add",
                "edit",
                "end",
                "remove",
                "restore",
                "history",
                "undo",
                "search",
                "gaps",
                "import",
                "export",
            ],
        ),
    ],
)
def test_help_exits_0_and_lists_commands(
    capsys: pytest.CaptureFixture[str], argv: list[str], mentions: list[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in mentions:
        assert word in out


# -- real processes ----------------------------------------------------------------------------------------


def _factbot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FACTBOT_DB"}
    return subprocess.run(
        [sys.executable, "-m", "factbot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_process_ask_plain(db_path: Path) -> None:
    proc = _factbot("ask", STABILITY_Q, "--db", str(db_path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Prem Akkaraju has been CEO of Stability AI since June 2024")
    assert proc.stderr == ""


def test_process_ask_json_stdin_batch(db_path: Path) -> None:
    proc = _factbot("ask", "--json", "-", "--db", str(db_path), stdin="\n".join(QUESTIONS) + "\n")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == len(QUESTIONS)
    for row, start in zip(rows, STARTS, strict=True):
        assert row["answered"] and row["answer"].startswith(start)


def test_process_user_error_exits_1_without_traceback(db_path: Path) -> None:
    proc = _factbot("leadership", "coca cola", "--db", str(db_path))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_process_export_into_a_closed_pipe_has_no_traceback(db_path: Path) -> None:
    """`factbot facts export | head -1`: the reader goes away early; the CLI must stop quietly."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "factbot", "facts", "export", "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the child writes: every write hits a closed pipe
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    assert "Traceback" not in err, err[-300:]


def test_importing_again_does_not_bring_back_a_removed_fact(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "one.jsonl"
    data.write_text(
        json.dumps(
            {
                "subject": "Acme Robotics",
                "relation": "ceo",
                "object": "Jane Roe",
                "start": "2025-01",
                "source_url": "https://example.com/a",
            }
        )
        + "\n"
    )
    assert cli("facts", "import", str(data)).code == 0
    fid = int(cli("facts", "search", "Jane Roe").out.split("#")[1].split(" ")[0])
    assert cli("facts", "remove", str(fid)).code == 0
    again = cli("facts", "import", str(data))
    assert again.code == 0 and "Imported 0 new fact(s); 1 already known" in again.out
    assert "Jane Roe" not in cli("ask", "who runs acme robotics").out
    readd = cli("facts", "add", "Acme Robotics", "ceo", "Jane Roe", "--since", "2025-01")
    assert readd.code == 1 and "removed; bring it back with fact restore" in readd.err
