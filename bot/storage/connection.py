"""The one SQLite connection a Store reads and writes through, without sqlite-utils on the way.

Every question opens a Store, but only a schema change needs sqlite-utils' table API: importing it costs
about 0.18 s per process (it imports numpy when numpy is installed, as matplotlib brings it), a third of a
cold `factbot ask`. So the Store speaks to sqlite3 through this small class, with sqlite-utils' rules for
statements run outside a transaction, and `schema()` hands migrations a sqlite-utils Database on the same
connection, imported only when a migration has to run.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

# Statements that begin, end or mark a transaction themselves: never committed on their behalf.
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})
_FIRST_WORD = re.compile(r"(?:\s|;|--[^\n]*(?:\n|$)|/\*.*?\*/)*([A-Za-z]+)", re.DOTALL)


def first_keyword(sql: str) -> str:
    """The statement's first keyword, upper case, after blanks, comments and empty statements."""
    found = _FIRST_WORD.match(sql.lstrip("\ufeff"))
    return found.group(1).upper() if found else ""


class Connection:
    """sqlite3 with two rules: a statement outside a transaction commits at once (the driver would leave
    the transaction it opened for an INSERT waiting for a commit nobody makes), and nested `atomic()`
    blocks are savepoints."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.conn.execute("PRAGMA recursive_triggers = on")

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, parameters) if parameters is not None else self.conn.execute(sql)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # the failed statement's own implicit transaction
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            self.conn.execute("COMMIT")
        return cursor

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A savepoint inside the open transaction (rolled back alone on failure), or a transaction."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            return
        savepoint = f"factbot_{secrets.token_hex(8)}"
        self.conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield
        except BaseException:
            # A failure may have ended the whole transaction already (a full disk does): then there is
            # no savepoint left to roll back to, and trying would hide the real error.
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")

    def schema(self) -> sqlite_utils.Database:
        """sqlite-utils on this connection, for migrations' CREATE TABLE / index / FTS work."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)

    def close(self) -> None:
        self.conn.close()
