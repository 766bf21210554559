"""Import and export of facts as JSONL or CSV, in the fields of shared/facts-reference.jsonl.

An import is all-or-nothing (one transaction), reports bad lines by number and field, and is idempotent:
a fact already stored (same subject, relation, object, start and scope) is left as it is. It streams the
file and writes it in batches (bot.storage.batch), so memory does not grow with the file.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from factbot.bot.domain import sources
from factbot.bot.domain.errors import BadArgument, BotError
from factbot.bot.domain.model import GLOBAL_SCOPE, FactDraft, ImportReport
from factbot.bot.storage.batch import FactBatch
from factbot.bot.storage.store import Store
from factbot.bot.usecases import curation

FIELDS = (
    "subject",
    "relation",
    "object",
    "start",
    "end",
    "statement",
    "source_url",
    "source_title",
    "source_date",
    "note",
)
REQUIRED = ("subject", "relation", "object")
MAX_ERRORS_SHOWN = 10
BATCH = 4000  # rows resolved and written together
MAX_IMPORT_BYTES = 64 * 1024**2  # far above any real fact file; /dev/zero and runaway files stop here
MAX_LINE_CHARS = 100_000  # one fact is a few hundred characters
_SCOPE = re.compile(r"global|(slack|discord):[A-Za-z0-9_.-]{1,64}")
# Spreadsheets run a cell that starts with one of these as a formula; exports quote them with "'".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Progress = Callable[[int, int], None]


def detect_format(path: Path, explicit: str | None) -> str:
    fmt = (explicit or path.suffix.lstrip(".")).lower()
    if fmt not in ("jsonl", "csv"):
        raise BadArgument(f"Cannot tell the format of {path.name!r}: use a .jsonl or .csv file, or --format.")
    return fmt


def _rows(lines: Iterable[str], fmt: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, row) pairs; a row that cannot be parsed comes back as its error message."""
    if fmt == "jsonl":
        # JSON Lines end at "\n" only (the file is opened with newline="\n"): U+2028 may sit in a string.
        for number, line in enumerate(lines, start=1):
            line = line.removesuffix("\n")
            if not line.strip():
                continue
            if len(line) > MAX_LINE_CHARS:
                yield number, f"line too long ({len(line)} characters; at most {MAX_LINE_CHARS})"
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"not valid JSON ({exc.msg})"
                continue
            except (RecursionError, ValueError):
                yield number, "not valid JSON (nested too deeply or a number too long)"
                continue
            yield number, row if isinstance(row, dict) else "not a JSON object"
        return
    reader = csv.DictReader(lines)
    missing = [f for f in REQUIRED if f not in (reader.fieldnames or [])]
    if missing:
        yield 1, f"the CSV header lacks {', '.join(missing)}"
        return
    try:
        for row in reader:
            yield (
                reader.line_num,
                {k: (_unquote_formula(v) if v != "" else None) for k, v in row.items() if k is not None},
            )
    except csv.Error as exc:
        yield reader.line_num + 1, f"not valid CSV ({exc})"


def import_facts(
    store: Store,
    source: Path,
    actor: str,
    scope: str | None,
    today: date,
    fmt: str | None = None,
    include_unverified: bool = False,
    progress: Progress | None = None,
    allow_weak_source: bool = False,
) -> ImportReport:
    """Import a whole file or nothing; raise BadArgument listing the bad lines.

    scope None: each row's own `scope` column (as exported; global when absent). A source on the weak-host
    list (bot.domain.sources) is a bad line unless allow_weak_source; then the facts it stands behind are
    taken and listed, with the reason, in the report's warnings.

    The file is read twice, streaming (once to count its rows for the progress line, once to load them),
    and written in batches of BATCH rows inside one transaction, so memory stays flat however long it is."""
    kind = detect_format(source, fmt)
    with _open_bounded(source, kind) as fh:
        total = sum(1 for _ in _rows(fh, kind)) if kind == "csv" else sum(1 for line in fh if line.strip())
    report = ImportReport(lines=total)
    errors: list[str] = []
    skipped_unverified = 0
    done = 0
    with store.write(), _open_bounded(source, kind) as fh, FactBatch(store, actor, origin="import") as batch:
        rows = _rows(fh, kind)
        while chunk := list(itertools.islice(rows, BATCH)):
            checked: list[tuple[int, FactDraft, str, dict[str, Any]]] = []
            for number, row in chunk:
                done += 1
                if progress and (done % 500 == 0 or done == total):
                    progress(done, total)
                if isinstance(row, str):
                    errors.append(f"line {number}: {row}")
                    continue
                if str(row.get("confidence") or "").lower() == "unverified" and not include_unverified:
                    skipped_unverified += 1
                    continue
                try:
                    row_scope = _row_scope(row, scope)
                    draft = _draft(row, allow_weak_source)
                    checked.append((number, draft, row_scope, curation.fields(draft, actor, today)))
                except BotError as exc:
                    errors.append(f"line {number}: {exc}")
            batch.prefetch(
                n for _, _, _, v in checked for n in (v["subject"], *curation.object_candidates(v["object"]))
            )
            for number, draft, row_scope, fields in checked:
                try:
                    values = curation.resolve(batch, fields, draft, row_scope, actor)
                except BotError as exc:
                    errors.append(f"line {number}: {exc}")
                    continue
                if batch.is_duplicate(values):
                    report.unchanged += 1
                    continue
                fact_id = batch.add_fact(values)
                report.added += 1
                reason = sources.weak_reason(values["source_url"]) if allow_weak_source else None
                if reason:
                    report.weak_sources.append(f"#{fact_id}: {values['source_url'][:80]} ({reason})")
            if errors:
                batch.forget()  # nothing will be kept: stop writing, go on only to name every bad line
            else:
                batch.flush()
        if progress and done < total:
            progress(total, total)
        if errors:
            shown = "\n".join(errors[:MAX_ERRORS_SHOWN])
            more = f"\n… and {len(errors) - MAX_ERRORS_SHOWN} more" if len(errors) > MAX_ERRORS_SHOWN else ""
            raise BadArgument(f"Nothing imported: {len(errors)} bad line(s).\n{shown}{more}")
    if skipped_unverified:
        report.warnings.append(
            f"skipped {skipped_unverified} fact(s) marked unverified (--include-unverified takes them)"
        )
    return report


@contextmanager
def _open_bounded(source: Path, kind: str) -> Iterator[TextIO]:
    """The file as text lines (a UTF-8 BOM, as Excel writes, dropped), or one line saying why not."""
    try:
        if not source.exists():
            raise BadArgument(f"Cannot read {source.name!r}: there is no such file.")
        if not source.is_file():
            raise BadArgument(f"Cannot read {source.name!r}: not a regular file.")
        if source.stat().st_size > MAX_IMPORT_BYTES:
            raise BadArgument(
                f"{source.name!r} is too large to import (over {MAX_IMPORT_BYTES // 1024**2} MB)."
            )
        fh = source.open("r", encoding="utf-8-sig", newline="" if kind == "csv" else "\n")
    except OSError as exc:
        raise BadArgument(f"Cannot read {source.name!r}: {exc.__class__.__name__}.") from None
    try:
        with fh:
            yield fh
    except (OSError, UnicodeDecodeError) as exc:
        raise BadArgument(f"Cannot read {source.name!r}: {exc.__class__.__name__}.") from None


def _draft(row: dict[str, Any], allow_weak_source: bool) -> FactDraft:
    for name in REQUIRED:
        if not isinstance(row.get(name), str) or not row[name].strip():
            raise BadArgument(f"{name} is missing")
    for name in FIELDS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            raise BadArgument(f"{name} must be text, not {type(value).__name__}")
    return FactDraft(
        subject=row["subject"],
        relation=row["relation"],
        object=row["object"],
        start=row.get("start"),
        end=row.get("end"),
        statement=row.get("statement") or "",
        source_url=row.get("source_url") or "",
        source_title=row.get("source_title") or "",
        as_of=row.get("source_date"),
        note=row.get("note") or "",
        allow_weak_source=allow_weak_source,
    )


def _row_scope(row: dict[str, Any], scope: str | None) -> str:
    if scope is not None:
        return scope
    value = row.get("scope") or GLOBAL_SCOPE
    if not isinstance(value, str) or not _SCOPE.fullmatch(value):
        raise BadArgument("scope must be global or platform:id, e.g. slack:T0123")
    return value


def export_facts(store: Store, out: TextIO, fmt: str) -> int:
    facts = store.all_facts()
    rows = [
        {
            "id": f.id,
            "subject": f.subject,
            "relation": f.relation,
            "object": f.object,
            "start": f.start,
            "end": f.end,
            "statement": f.statement,
            "source_url": f.source_url,
            "source_title": f.source_title,
            "source_date": f.as_of,
            "note": f.note,
            "scope": f.scope,
        }
        for f in facts
    ]
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        writer = csv.DictWriter(out, fieldnames=["id", *FIELDS, "scope"])
        writer.writeheader()
        writer.writerows({k: _quote_formula(v) for k, v in row.items()} for row in rows)
    return len(rows)


def _quote_formula(value: object) -> object:
    """A cell a spreadsheet would run as a formula ('=HYPERLINK(…)') is written as text: "'=…"."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _unquote_formula(value: str | None) -> str | None:
    """The inverse of _quote_formula, so export then import gives back the same text."""
    if value is not None and value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value
