"""Durability with real processes: concurrent bots on one file, SIGKILL mid-import and mid-edit, online
backup under load, and `factbot db check` on good and damaged files.

Every child is a real process (multiprocessing "spawn" or a `python -m adapters.cli` subprocess) and every
wait has a timeout. Figures (counts, timings, kill points) are printed; run with -s to see them.
"""

from __future__ import annotations

import itertools
import json
import logging
import multiprocessing
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from factbot.bot.domain.port import AddFact, Ask, Command, EditFact, EndFact, Request, Role
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.support import ROOT, TODAY

pytestmark = pytest.mark.slow  # durability/property runs: CI runs them (pytest -m slow)


SPAWN = multiprocessing.get_context("spawn")
WAIT = 60.0  # the longest any single wait may take before the test fails


def _cli(*args: str, timeout: float = 30.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factbot", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _counts(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(db)) as conn:
        return {
            table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("facts", "history", "entities", "names")
        }


def _request(command: Command, platform: str, user: str = "durability") -> Request:
    return Request(command=command, platform=platform, user_id=user, role=Role.GLOBAL_ADMIN)


class _Errors(logging.Handler):
    """Keeps the exception text of whatever the core logged (it answers users with a fixed apology)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        exc = record.exc_info[1] if record.exc_info else None
        self.seen.append(f"{type(exc).__name__}: {exc}" if exc else record.getMessage())


def _core_in_child(db: str) -> tuple[Store, Core, _Errors]:
    errors = _Errors()
    logging.getLogger("factbot").addHandler(errors)
    store = Store(db)
    return store, Core(store, today=lambda: TODAY), errors


def _read_until(proc: subprocess.Popen[bytes], fd: int, done: Callable[[str], bool], timeout: float) -> str:
    """Read a child's pipe as it comes (no sleeping) until `done(text so far)`; fail on EOF or timeout."""
    buf = b""
    deadline = time.monotonic() + timeout
    while True:
        text = buf.decode("utf-8", "replace")
        if done(text):
            return text
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"timed out after {timeout} s; output so far: {text[-1000:]!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                code = proc.wait(timeout=10)
                raise AssertionError(f"the child ended (exit {code}) first; output: {text[-2000:]!r}")
            buf += chunk


def _kill(proc: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """SIGKILL the child and collect what was left in its pipes."""
    os.kill(proc.pid, signal.SIGKILL)
    return proc.communicate(timeout=WAIT)


# -- 1. concurrent bots lose nothing -------------------------------------------------------------------

BOTS = ("slack", "discord", "console", "teams")
CHANGES_PER_BOT = 250
END_DATE = "2026-06"
QUESTIONS = ("who runs openai", "who founded anthropic", "ceo of mistral", "who runs stability ai")


def _plan(platform: str) -> list[tuple[str, int, int]]:
    """(action, add number, step) for each change: in every 5 steps 3 adds, 1 edit, 1 end of earlier facts."""
    rng = random.Random(platform)
    ops: list[tuple[str, int, int]] = []
    adds = 0
    ended: set[int] = set()
    for step in range(CHANGES_PER_BOT):
        kind = ("add", "add", "add", "edit", "end")[step % 5]
        if kind == "add":
            ops.append(("add", adds, step))
            adds += 1
        elif kind == "edit":
            ops.append(("edit", rng.randrange(adds), step))
        else:
            target = rng.choice([n for n in range(adds) if n not in ended])
            ended.add(target)
            ops.append(("end", target, step))
    return ops


def _add_values(platform: str, n: int) -> dict[str, Any]:
    return {
        "subject": f"{platform.title()} Durability Lab {n % 5}",
        "relation": "released",
        "object": f"{platform} widget {n}",
        "start": "2025-01",
        "end": None,
        "statement": f"{platform} released widget {n}.",
        "source_url": f"https://example.com/{platform}/{n}",
        "note": "",
    }


def _edit_values(platform: str, n: int, step: int) -> dict[str, str]:
    return {
        "note": f"{platform} edit at step {step}",
        "statement": f"{platform} widget {n}, edited at {step}.",
    }


def _bot(db: str, platform: str, go: Any, results: Any) -> None:
    """One bot process: apply its plan through Core.handle, counting every change that did not go through."""
    try:
        _store, core, errors = _core_in_child(db)
        ids: dict[int, int] = {}
        failures: list[str] = []
        results.put(("ready", platform, None))
        if not go.wait(WAIT):
            raise TimeoutError("never told to start")
        began = time.time()  # wall clock: comparable between processes
        started = time.perf_counter()
        for action, n, step in _plan(platform):
            command: Command
            if action == "add":
                v = _add_values(platform, n)
                command = AddFact(
                    v["subject"],
                    v["relation"],
                    v["object"],
                    v["start"],
                    None,
                    v["source_url"],
                    v["statement"],
                )
            elif n not in ids:
                failures.append(f"step {step}: {action} of add #{n}, which failed")
                continue
            elif action == "edit":
                command = EditFact(ids[n], tuple(_edit_values(platform, n, step).items()))
            else:
                command = EndFact(ids[n], END_DATE)
            reply = core.handle(_request(command, platform))
            if reply.is_error:
                failures.append(f"step {step} {action}: {reply.text} {errors.seen[-1:]}")
            elif action == "add":
                ids[n] = reply.fact_ids[0]
            # Like a real bot, answer a question between changes (logged: one more write to the file).
            answer = core.handle(_request(Ask(QUESTIONS[step % len(QUESTIONS)]), platform))
            if answer.is_error:
                failures.append(f"step {step} ask: {answer.text} {errors.seen[-1:]}")
        core.close()  # like a bot shutting down: question-log rows still waiting for the lock are written
        seconds = time.perf_counter() - started
        window = (began, time.time())
        results.put(
            ("done", platform, {"ids": ids, "failures": failures, "seconds": seconds, "window": window})
        )
    except BaseException:
        results.put(("crash", platform, traceback.format_exc()))


def _stop(procs: list[Any]) -> None:
    for p in procs:
        if p.is_alive():
            p.kill()
        p.join(timeout=10)


def _questions(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM questions").fetchone()[0])


def test_concurrent_bots_lose_no_change(db_path: Path) -> None:
    before = _counts(db_path)
    questions_before = _questions(db_path)
    go = SPAWN.Event()
    results = SPAWN.Queue()
    procs = [SPAWN.Process(target=_bot, args=(str(db_path), p, go, results)) for p in BOTS]
    for p in procs:
        p.start()
    try:
        for _ in BOTS:
            kind, platform, payload = results.get(timeout=WAIT)
            assert kind == "ready", f"{platform}: {payload}"
        go.set()
        started = time.perf_counter()
        outcome: dict[str, dict[str, Any]] = {}
        for _ in BOTS:
            kind, platform, payload = results.get(timeout=WAIT)
            assert kind == "done", f"{platform} crashed:\n{payload}"
            outcome[platform] = payload
        wall = time.perf_counter() - started
        for p in procs:
            p.join(timeout=WAIT)
            assert p.exitcode == 0
    finally:
        _stop(procs)

    # Nothing failed: no 'database is locked', no apology.
    assert {p: o["failures"] for p, o in outcome.items()} == {p: [] for p in BOTS}

    plans = {p: _plan(p) for p in BOTS}
    adds = {p: sum(1 for op in plans[p] if op[0] == "add") for p in BOTS}
    after = _counts(db_path)
    assert after["facts"] == before["facts"] + sum(adds.values())
    assert after["history"] == before["history"] + len(BOTS) * CHANGES_PER_BOT
    assert _questions(db_path) == questions_before + len(BOTS) * CHANGES_PER_BOT  # every question logged

    with closing(sqlite3.connect(db_path)) as conn:
        for platform in BOTS:
            ids = outcome[platform]["ids"]
            assert len(ids) == adds[platform] and len(set(ids.values())) == adds[platform]
            expected: dict[int, dict[str, Any]] = {}
            actions: dict[int, list[tuple[str, dict[str, Any] | None]]] = {}
            for action, n, step in plans[platform]:
                fid = ids[n]
                if action == "add":
                    expected[fid] = _add_values(platform, n)
                    actions[fid] = [("add", None)]
                elif action == "edit":
                    expected[fid].update(_edit_values(platform, n, step))
                    actions[fid].append(("edit", _edit_values(platform, n, step)))
                else:
                    expected[fid]["end"] = END_DATE
                    actions[fid].append(("end", {"end": END_DATE}))
            rows = conn.execute(
                "SELECT f.id, e.name, f.relation, f.object, f.start, f.end, f.statement, f.source_url, f.note,"
                " f.removed, f.added_by FROM facts f JOIN entities e ON e.id = f.subject_id"
                f" WHERE f.id IN ({','.join('?' * len(expected))})",
                list(expected),
            ).fetchall()
            found = {
                r[0]: dict(
                    zip(
                        ("subject", "relation", "object", "start", "end", "statement", "source_url", "note"),
                        r[1:9],
                        strict=True,
                    )
                )
                for r in rows
            }
            assert found == expected
            assert {(r[9], r[10]) for r in rows} == {(0, f"{platform}:durability")}

            history: dict[int, list[tuple[str, dict[str, Any] | None]]] = {}
            for fid, action, new in conn.execute(
                "SELECT fact_id, action, new FROM history WHERE actor = ? ORDER BY id",
                [f"{platform}:durability"],
            ):
                history.setdefault(fid, []).append((action, None if action == "add" else json.loads(new)))
            assert history == actions  # exactly one history row per change, in order, per actor
        actors = [
            r[0]
            for r in conn.execute(
                "SELECT actor FROM history ORDER BY id LIMIT -1 OFFSET ?", [before["history"]]
            )
        ]
        switches = sum(a != b for a, b in itertools.pairwise(actors))
    # The bots really ran at the same time: every one started before any one finished.
    windows = [o["window"] for o in outcome.values()]
    assert max(w[0] for w in windows) < min(w[1] for w in windows), windows
    per_bot = ", ".join(f"{p} {o['seconds']:.2f} s" for p, o in outcome.items())
    print(
        f"\ndurability: {len(BOTS)} bots x {CHANGES_PER_BOT} changes in {wall:.2f} s "
        f"({per_bot}); "
        f"{switches} switches between bots in the history; facts {before['facts']} -> {after['facts']}, "
        f"history {before['history']} -> {after['history']}"
    )


# -- 2. SIGKILL mid-import and mid-edit ----------------------------------------------------------------

IMPORT_ROWS = 30_000
PROGRESS = re.compile(r"importing… (\d+)/(\d+)")


@pytest.fixture(scope="module")
def big_import(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("import") / "bulk.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(IMPORT_ROWS):
            row = {
                "subject": f"Bulkco {i:05d}",
                "relation": "released",
                "object": f"Bulkware {i:05d}",
                "start": "2024-03",
                "statement": f"Bulkco {i:05d} released Bulkware {i:05d}.",
                "source_url": f"https://example.com/bulk/{i}",
                "source_date": "2024-03-05",
            }
            out.write(json.dumps(row) + "\n")
    return path


def _last_progress(text: str) -> tuple[int, int] | None:
    found = PROGRESS.findall(text)
    return (int(found[-1][0]), int(found[-1][1])) if found else None


@pytest.mark.parametrize("kill_at", [500, 15_000, IMPORT_ROWS], ids=["early", "half", "last-line"])
def test_sigkill_mid_import_keeps_all_or_nothing(db_path: Path, big_import: Path, kill_at: int) -> None:
    before = _counts(db_path)
    with closing(sqlite3.connect(db_path)) as conn:
        live_before = conn.execute("SELECT count(*) FROM facts WHERE removed = 0").fetchone()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "factbot", "facts", "import", str(big_import), "--db", str(db_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stderr is not None
        seen = _read_until(
            proc,
            proc.stderr.fileno(),
            lambda text: (_last_progress(text) or (0, 0))[0] >= kill_at,
            timeout=WAIT,
        )
        done_at_kill, total = _last_progress(seen) or (0, 0)
        assert total == IMPORT_ROWS and 0 < done_at_kill <= total
        out, rest = _kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    killed_after = time.perf_counter() - started
    wal = Path(f"{db_path}-wal")
    wal_bytes = wal.stat().st_size if wal.exists() else 0
    last_seen = _last_progress(seen + rest.decode("utf-8", "replace")) or (0, 0)

    store = Store(db_path)
    try:
        assert store.check() == []
        after = _counts(db_path)
        live = store.count_facts()
        whole = {table: n + IMPORT_ROWS for table, n in before.items()}
        if last_seen[0] < IMPORT_ROWS:
            assert proc.returncode == -signal.SIGKILL
            assert live == live_before
            assert after == before  # nothing of the import: no fact, history row, entity or name
        else:
            # Killed after the final progress line: the commit may or may not have happened, never half of it.
            assert (live, after) in ((live_before, before), (live_before + IMPORT_ROWS, whole)), (live, after)
        # The killed writer left no lock behind: the next change goes through at once.
        reply = Core(store, today=lambda: TODAY).handle(
            _request(AddFact("After Kill Labs", "released", "Survivor 1"), "console")
        )
        assert not reply.is_error, reply.text
    finally:
        store.close()
    outcome = "all" if after == whole else "nothing"
    print(
        f"\ndurability: import killed at progress {done_at_kill}/{total} after {killed_after:.2f} s "
        f"(exit {proc.returncode}, stdout {out.decode().strip()!r}, WAL {wal_bytes / 1e6:.1f} MB); "
        f"kept {outcome}: live facts {live_before} -> {live}"
    )


EDITOR = "import sys; from tests.test_durability import _edit_until_killed as e; e(sys.argv[1], sys.argv[2], int(sys.argv[3]))"
EDIT_ACTOR = "console:editor"


def _edit_until_killed(db: str, fact_ids: str, first: int) -> None:
    """Edit facts round-robin, one transaction each, printing each change's number once it is committed."""
    _store, core, errors = _core_in_child(db)
    ids = [int(i) for i in fact_ids.split(",")]
    stop = time.monotonic() + WAIT  # a bound in case nobody kills us
    k = first
    while time.monotonic() < stop:
        changes = (("note", f"edit {k}"), ("statement", f"Statement after edit {k}."))
        reply = core.handle(
            Request(EditFact(ids[k % len(ids)], changes), "console", "editor", role=Role.GLOBAL_ADMIN)
        )
        if reply.is_error:
            print(f"failed {k}: {reply.text} {errors.seen[-1:]}", flush=True)
            return
        print(f"done {k}", flush=True)
        k += 1


def _last_done(text: str) -> int:
    found = re.findall(r"^done (\d+)$", text, re.MULTILINE)
    return int(found[-1]) if found else -1


def test_sigkill_mid_edits_keeps_every_change_with_its_history(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM facts WHERE removed = 0 ORDER BY id LIMIT 4")]
    committed = 0
    report = []
    jitter = random.Random(0)
    for extra in (20, 60, 150, 300, 600, 1000):  # rounds, each killed after at least this many more edits
        target = committed + extra - 1
        proc = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(db_path), ",".join(map(str, ids)), str(committed)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            assert proc.stdout is not None
            seen = _read_until(
                proc, proc.stdout.fileno(), lambda text, target=target: _last_done(text) >= target, WAIT
            )
            # Not synchronisation: a random pause so the kill does not always land just after a print,
            # but anywhere in an edit (inside its transaction, between the update and its history row …).
            time.sleep(jitter.uniform(0, 0.004))
            out, err = _kill(proc)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        assert "failed" not in seen + out.decode(), seen + out.decode() + err.decode()
        printed = _last_done(seen + out.decode())  # the last edit the child said was committed

        store = Store(db_path)
        try:
            assert store.check() == []
            with closing(sqlite3.connect(db_path)) as conn:
                rows = conn.execute(
                    "SELECT fact_id, new FROM history WHERE actor = ? AND action = 'edit' ORDER BY id",
                    [EDIT_ACTOR],
                ).fetchall()
                # Every committed edit has its history row, numbered without gap or repeat; at most the one
                # in flight when the kill came may have committed without being printed.
                assert printed + 1 <= len(rows) <= printed + 2
                for k, (fid, new) in enumerate(rows):
                    assert fid == ids[k % len(ids)]
                    assert json.loads(new) == {"note": f"edit {k}", "statement": f"Statement after edit {k}."}
                # And no change without its history row: each fact is what its last history row says.
                for fid in ids:
                    last_new = json.loads(
                        conn.execute(
                            "SELECT new FROM history WHERE fact_id = ? ORDER BY id DESC LIMIT 1", [fid]
                        ).fetchone()[0]
                    )
                    current = conn.execute("SELECT note, statement FROM facts WHERE id = ?", [fid]).fetchone()
                    assert (last_new.get("note"), last_new.get("statement")) == current
        finally:
            store.close()
        report.append(f"killed after 'done {printed}', {len(rows) - committed} edits kept this round")
        committed = len(rows)
    print(f"\ndurability: edit series: {'; '.join(report)}; {committed} edits in all")


# -- 3. backup while a bot is writing ------------------------------------------------------------------


def _keep_adding(db: str, started: Any, stop: Any, counter: Any, results: Any) -> None:
    """A bot adding facts one transaction at a time until told to stop (or WAIT has passed)."""
    try:
        _store, core, errors = _core_in_child(db)
        failures: list[str] = []
        deadline = time.monotonic() + WAIT
        n = 0
        while not stop.is_set() and time.monotonic() < deadline:
            reply = core.handle(
                _request(AddFact("Backup Stress Labs", "released", f"Stress gadget {n}"), "slack")
            )
            if reply.is_error:
                failures.append(f"{reply.text} {errors.seen[-1:]}")
                break
            n += 1
            with counter.get_lock():
                counter.value = n
            if n == 20:
                started.set()
        results.put({"adds": n, "failures": failures})
    except BaseException:
        results.put({"adds": -1, "failures": [traceback.format_exc()]})


class _Writer:
    """Runs _keep_adding in a spawned process for the length of a `with` block."""

    def __init__(self, db: Path):
        self.started, self.stop = SPAWN.Event(), SPAWN.Event()
        self.counter = SPAWN.Value("i", 0)
        self.results = SPAWN.Queue()
        self.proc = SPAWN.Process(
            target=_keep_adding, args=(str(db), self.started, self.stop, self.counter, self.results)
        )
        self.outcome: dict[str, Any] = {}

    def __enter__(self) -> _Writer:
        self.proc.start()
        assert self.started.wait(WAIT), "the writer never got going"
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        try:
            self.outcome = self.results.get(timeout=WAIT)
            self.proc.join(timeout=WAIT)
        finally:
            _stop([self.proc])

    @property
    def adds(self) -> int:
        return int(self.counter.value)


def _snapshot_is_consistent(db: Path) -> tuple[int, int]:
    """(facts, 'add' history rows) of a copy, after checking every fact has exactly one 'add' row."""
    with closing(sqlite3.connect(db)) as conn:
        facts = conn.execute("SELECT count(*) FROM facts").fetchone()[0]
        adds = conn.execute("SELECT count(*) FROM history WHERE action = 'add'").fetchone()[0]
        unmatched = conn.execute(
            "SELECT count(*) FROM facts f WHERE (SELECT count(*) FROM history h WHERE h.fact_id = f.id"
            " AND h.action = 'add') != 1"
        ).fetchone()[0]
        assert unmatched == 0
    return int(facts), int(adds)


@pytest.mark.parametrize("questions", [0, 6000], ids=["one-step", "three-steps"])
def test_backup_while_a_bot_writes_is_a_consistent_snapshot(
    db_path: Path, tmp_path: Path, questions: int
) -> None:
    """The online backup copies 1024 pages a step; with a long question log the file takes several steps,
    and a commit between two steps makes SQLite start the copy over."""
    if questions:
        store = Store(db_path)
        try:
            with store.write():
                for i in range(questions):
                    store.log_question(f"question {i}: " + "why " * 120, False, [], 0.0, "slack", "global")
        finally:
            store.close()
    with closing(sqlite3.connect(db_path)) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    before = _counts(db_path)["facts"]
    target = tmp_path / "backup.db"
    with _Writer(db_path) as writer:
        adds_before = writer.adds
        started = time.perf_counter()
        result = _cli("db", "backup", str(target), "--db", str(db_path))
        seconds = time.perf_counter() - started
        adds_after = writer.adds
    assert result.returncode == 0, result.stderr
    assert writer.outcome["failures"] == []
    assert adds_after > adds_before  # the bot really was writing while the backup ran

    check = _cli("db", "check", "--db", str(target))
    assert check.returncode == 0, check.stderr
    facts, add_rows = _snapshot_is_consistent(target)
    assert facts == add_rows
    assert before + adds_before <= facts <= before + adds_after + 1  # one commit may not be counted yet
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("SELECT count(*) FROM questions").fetchone()[0] == questions
    assert _counts(db_path)["facts"] == before + writer.outcome["adds"]
    print(
        f"\ndurability: backup of {pages} pages took {seconds:.2f} s while the bot added facts "
        f"{adds_before} -> {adds_after} (of {writer.outcome['adds']}); the copy holds {facts} facts "
        f"and {add_rows} 'add' rows"
    )


# -- 4. db check ---------------------------------------------------------------------------------------


def _damage(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN")
        for sql in statements:
            conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _assert_reported(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_check_passes_a_good_file(db_path: Path) -> None:
    result = _cli("db", "check", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "integrity and foreign keys OK" in result.stdout


def test_check_reports_a_fact_gone_from_under_its_history(db_path: Path) -> None:
    _damage(db_path, "DELETE FROM facts WHERE id = (SELECT max(fact_id) FROM history)")
    _assert_reported(_cli("db", "check", "--db", str(db_path)), "history row", "missing facts row")


def _drop_fact_keeping_its_text_index(db: Path) -> None:
    """Delete a fact and its history the way a buggy script would: with the FTS delete trigger off."""
    with closing(sqlite3.connect(db)) as conn:
        trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'facts_ad'").fetchone()[0]
    _damage(
        db,
        "DROP TRIGGER facts_ad",
        "DELETE FROM history WHERE fact_id = (SELECT max(id) FROM facts)",
        "DELETE FROM facts WHERE id = (SELECT max(id) FROM facts)",
        trigger,
    )


def test_check_reports_a_full_text_entry_without_its_fact(db_path: Path) -> None:
    _drop_fact_keeping_its_text_index(db_path)
    _assert_reported(_cli("db", "check", "--db", str(db_path)), "full-text")


def test_check_reports_a_corrupt_page_readably(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    assert not Path(f"{db_path}-wal").exists()  # every page lives in the file itself
    with db_path.open("r+b") as fh:  # overwrite the page in the middle of the file with garbage
        fh.seek((pages // 2) * size)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(size)))
    _assert_reported(_cli("db", "check", "--db", str(db_path)))


def test_check_repair_rebuilds_a_drifted_full_text_index(db_path: Path) -> None:
    _drop_fact_keeping_its_text_index(db_path)
    repaired = _cli("db", "check", "--repair", "--db", str(db_path))
    assert repaired.returncode == 0, repaired.stderr
    assert "integrity and foreign keys OK" in repaired.stdout
    assert _cli("db", "check", "--db", str(db_path)).returncode == 0
