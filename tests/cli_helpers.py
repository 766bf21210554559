"""Running the `factbot` CLI in-process, capturing its exit code, stdout and stderr, and counting rows."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from factbot.cli import main


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


class Cli:
    """`cli("ask", "who runs openai")` runs `factbot ask "who runs openai" --db DB` in this process."""

    def __init__(self, capsys: pytest.CaptureFixture[str], db: Path) -> None:
        self.capsys = capsys
        self.db = db

    def __call__(self, *args: str, stdin: str = "", db: Path | None = None) -> Result:
        self.capsys.readouterr()  # forget output of earlier calls
        out = io.StringIO()
        code = main([*args, "--db", str(db or self.db)], stdin=io.StringIO(stdin), stdout=out)
        return Result(code, out.getvalue(), self.capsys.readouterr().err)


def counts(db: Path) -> dict[str, int]:
    """Row counts of every table a change could touch (facts removed or not, history, entities, names)."""
    with closing(sqlite3.connect(db)) as conn:
        return {
            table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("facts", "history", "entities", "names")
        }


def live_facts(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM facts WHERE removed = 0").fetchone()[0])


def assert_user_error(result: Result) -> None:
    """Exit 1, nothing on stdout, a short 'error:' message on stderr and no traceback."""
    assert result.code == 1, result
    assert result.out == ""
    assert result.err.startswith("error: "), result.err
    assert "Traceback" not in result.err
    assert len(result.err) < 400, result.err
