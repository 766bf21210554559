"""Import and export of facts as JSONL or CSV, in the fields of shared/facts-reference.jsonl.

An import is all-or-nothing (one transaction), reports bad lines by number and field, and is idempotent:
a fact already stored (same subject, relation, object, start and scope) is left as it is.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from factbot.bot.domain.errors import BadArgument, BotError
from factbot.bot.domain.model import FactDraft, ImportReport
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
Progress = Callable[[int, int], None]


def detect_format(path: Path, explicit: str | None) -> str:
    fmt = (explicit or path.suffix.lstrip(".")).lower()
    if fmt not in ("jsonl", "csv"):
        raise BadArgument(f"Cannot tell the format of {path.name!r}: use a .jsonl or .csv file, or --format.")
    return fmt


class _Unreadable(Exception):
    pass


def _count_lines(source: Path) -> int:
    """Lines in the file (for the progress bar), checking on the way that it is UTF-8 text: one pass
    in blocks, so memory stays flat however big the file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    with source.open("rb") as f:
        while block := f.read(1 << 20):
            lines += block.count(b"\n")
            decoder.decode(block)
        decoder.decode(b"", final=True)
    return lines


def _rows(source: Path, fmt: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, row) pairs read one at a time; a row that cannot be parsed comes back as its
    error message."""
    if fmt == "jsonl":
        # JSON Lines end at "\n" only (a binary file splits there alone): U+2028 and friends may sit
        # inside a string.
        with source.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                try:
                    line = raw.decode("utf-8").removesuffix("\n")
                except UnicodeDecodeError:
                    raise _Unreadable from None
                if not line.strip():
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
    with source.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        try:
            missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
            if missing:
                yield 1, f"the CSV header lacks {', '.join(missing)}"
                return
            for row in reader:
                yield reader.line_num, {k: (v if v != "" else None) for k, v in row.items() if k is not None}
        except csv.Error as exc:
            yield reader.line_num + 1, f"not valid CSV ({exc})"
        except UnicodeDecodeError:
            raise _Unreadable from None


def import_facts(
    store: Store,
    source: Path,
    actor: str,
    scope: str,
    today: date,
    fmt: str | None = None,
    include_unverified: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a whole file or nothing; raise BadArgument listing the bad lines.

    The file is read a line at a time inside one transaction (memory does not grow with the file);
    the store's bulk mode indexes the new names together at the end."""
    try:
        total = _count_lines(source)
    except (OSError, UnicodeDecodeError) as exc:
        raise BadArgument(f"Cannot read {source.name!r}: {exc.__class__.__name__}.") from None
    kind = detect_format(source, fmt)
    report = ImportReport(lines=0)
    errors: list[str] = []
    skipped_unverified = 0
    try:
        with store.write(), store.bulk():
            for done, (number, row) in enumerate(_rows(source, kind), start=1):
                report.lines = done
                if progress and done % 500 == 0:
                    progress(done, max(total, done))
                if isinstance(row, str):
                    errors.append(f"line {number}: {row}")
                    continue
                if str(row.get("confidence") or "").lower() == "unverified" and not include_unverified:
                    skipped_unverified += 1
                    continue
                try:
                    _import_row(store, row, actor, scope, today, report)
                except BotError as exc:
                    errors.append(f"line {number}: {exc}")
            if progress and report.lines:
                progress(report.lines, report.lines)
            if errors:
                shown = "\n".join(errors[:MAX_ERRORS_SHOWN])
                more = f"\n… and {len(errors) - MAX_ERRORS_SHOWN} more" if len(errors) > MAX_ERRORS_SHOWN else ""
                raise BadArgument(f"Nothing imported: {len(errors)} bad line(s).\n{shown}{more}")
    except _Unreadable:
        raise BadArgument(f"Cannot read {source.name!r}: UnicodeDecodeError.") from None
    except OSError as exc:
        raise BadArgument(f"Cannot read {source.name!r}: {exc.__class__.__name__}.") from None
    if skipped_unverified:
        report.warnings.append(
            f"skipped {skipped_unverified} fact(s) marked unverified (--include-unverified takes them)"
        )
    return report


def _import_row(
    store: Store, row: dict[str, Any], actor: str, scope: str, today: date, report: ImportReport
) -> None:
    for name in REQUIRED:
        if not isinstance(row.get(name), str) or not row[name].strip():
            raise BadArgument(f"{name} is missing")
    for name in FIELDS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            raise BadArgument(f"{name} must be text, not {type(value).__name__}")
    draft = FactDraft(
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
    )
    values = curation.prepare(store, draft, scope, actor, today)
    if store.find_duplicate(
        values["subject_id"], values["relation"], values["object"], values["start"], scope
    ):
        report.unchanged += 1
        return
    store.add_fact(values, actor, origin="import")
    report.added += 1


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
        writer.writerows(rows)
    return len(rows)
