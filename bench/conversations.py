"""Follow-up questions: how often factbot answers the later turns of a conversation right.

    python3 bench/conversations.py [--db PATH] [--conversations PATH] [--stateless] [--verbose]

Each conversation runs through the real console entry point, `factbot chat --json` (one session, so the
conversation is kept across its lines), on a copy of the fact base (asking writes the question log).
`--stateless` asks every line alone through `factbot ask --json -` instead: what a bot without
conversations scores on the same set.

Scoring, per turn of tests/data/conversations.jsonl (`q`, `expect` substrings or null, `kind`):
  expect is a list  right when `answered` is true and one expected substring occurs, case-insensitively,
                    in the answer or its fields (`--all`: every expected substring); an expected month
                    ('March 2023', '2023-03') also matches a date in that month ('March 14, 2023');
  expect is null    right when `answered` is false (nothing to resolve against, or out of scope).
A follow-up is every turn after the first. It is "about the wrong entity/fact" when it was answered but
is not right: the bot said something confident that is not what was asked. "Held" turns are those whose
answer the fact base holds: one live fact's subject, object and statement contain every expected
substring (null turns always count) -- the figure the goal is measured on.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "facts.db"
DEFAULT_SET = ROOT / "tests" / "data" / "conversations.jsonl"


def load(path: Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            turns = row.get("turns")
            if not isinstance(turns, list) or len(turns) < 2:
                raise ValueError(f"{path}:{n}: a conversation needs at least two turns")
            for t in turns:
                if not isinstance(t.get("q"), str) or "\n" in t["q"]:
                    raise ValueError(f"{path}:{n}: 'q' must be a one-line string")
            rows.append(row)
    return rows


def run_conversation(
    questions: Sequence[str], db: Path, stateless: bool, explain: bool = False
) -> list[dict[str, Any]]:
    """One `factbot chat --json` session (or `ask --json -`), one JSON answer per question."""
    from factbot.cli import main as cli_main

    out = io.StringIO()
    argv = ["ask", "--json", "-"] if stateless else ["chat", "--json"]
    argv += ["--explain"] if explain else []
    rc = cli_main(
        [*argv, "--db", str(db)], stdin=io.StringIO("".join(q + "\n" for q in questions)), stdout=out
    )
    if rc != 0:
        raise RuntimeError(f"factbot exited with status {rc}")
    answers = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    if len(answers) != len(questions):
        raise RuntimeError(f"{len(questions)} questions but {len(answers)} answers")
    return answers


def is_right(expect: list[str] | None, answer: Mapping[str, Any], need_all: bool = False) -> bool:
    answered = bool(answer.get("answered"))
    if expect is None:
        return not answered
    if not answered:
        return False
    text = " ".join(
        [str(answer.get("answer", "")), *(str(f.get("value", "")) for f in answer.get("fields") or [])]
    ).casefold()
    said = _months_said(text)
    found = [e.casefold() in text or (_month_of(e) or (0, 0)) in said for e in expect]
    return all(found) if need_all else any(found)


_MONTHS = {m[:3]: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"


def _month_of(expected: str) -> tuple[int, int] | None:
    """'March 2023', 'Sept 2024', '2023-07' as (year, month): a month asked for, however it is written."""
    e = expected.casefold().strip()
    if m := re.fullmatch(rf"{_MONTH}\s+(\d{{4}})", e):
        return int(m[2]), _MONTHS[m[1]]
    if m := re.fullmatch(r"(\d{4})-(\d{2})", e):
        return int(m[1]), int(m[2])
    return None


def _months_said(text: str) -> set[tuple[int, int]]:
    """The (year, month) of every date in the answer: 'March 14, 2023', '14 March 2023', '2023-03-14'."""
    said: set[tuple[int, int]] = set()
    for m in re.finditer(rf"\b{_MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(\d{{4}})\b", text):
        said.add((int(m[2]), _MONTHS[m[1]]))
    for m in re.finditer(rf"\b\d{{1,2}}\s+{_MONTH}\s+(\d{{4}})\b", text):
        said.add((int(m[2]), _MONTHS[m[1]]))
    for m in re.finditer(r"\b(\d{4})-(\d{2})(?:-\d{2})?\b", text):
        said.add((int(m[1]), int(m[2])))
    return said


def held_by(db: Path) -> Any:
    """A test: does one live fact hold every expected substring?"""
    from factbot.bot.storage.store import Store

    store = Store(str(db))
    try:
        texts = [f"{f.subject} {f.object} {f.statement}".casefold() for f in store.all_facts()]
    finally:
        store.close()

    def held(expect: list[str] | None) -> bool:
        if expect is None:
            return True
        wanted = [e.casefold() for e in expect]
        return any(all(w in t for w in wanted) for t in texts)

    return held


def evaluate(
    conversations: Sequence[Mapping[str, Any]],
    db: Path,
    stateless: bool,
    need_all: bool,
    explain: bool = False,
) -> dict[str, Any]:
    held = held_by(db)
    stats: Counter[str] = Counter()
    per_kind: dict[str, Counter[str]] = {}
    failures = []
    with tempfile.TemporaryDirectory(prefix="factbot-conversations-") as tmp:
        copy = Path(tmp) / "facts.db"
        shutil.copyfile(db, copy)
        for conv in conversations:
            turns = conv["turns"]
            answers = run_conversation([t["q"] for t in turns], copy, stateless, explain)
            for i, (turn, answer) in enumerate(zip(turns, answers, strict=True)):
                ok = is_right(turn.get("expect"), answer, need_all)
                key = "opener" if i == 0 else "follow"
                stats[f"{key}_n"] += 1
                stats[f"{key}_ok"] += ok
                if i == 0:
                    continue
                is_held = held(turn.get("expect"))
                kind = per_kind.setdefault(turn["kind"], Counter())
                kind["n"] += 1
                kind["ok"] += ok
                stats["held_n"] += is_held
                stats["held_ok"] += ok and is_held
                wrong = bool(answer.get("answered")) and not ok
                stats["wrong"] += wrong
                stats["held_wrong"] += wrong and is_held
                if not ok:
                    failures.append(
                        {
                            "id": conv["id"],
                            "turn": i,
                            "q": turn["q"],
                            "kind": turn["kind"],
                            "expect": turn.get("expect"),
                            "held": is_held,
                            "answered": bool(answer.get("answered")),
                            "answer": " ".join(str(answer.get("answer", "")).split()),
                            "before": [t["q"] for t in turns[:i]],
                            "read_as": next(
                                (e for e in answer.get("explanation", []) if e.startswith("read as:")), ""
                            ),
                        }
                    )
    return {"stats": stats, "per_kind": per_kind, "failures": failures}


def _pct(num: int, den: int) -> str:
    return f"{100.0 * num / den:.1f}%" if den else "n/a"


def report(result: Mapping[str, Any], verbose: bool) -> str:
    s = result["stats"]
    lines = [
        f"follow-up turns right:           {_pct(s['follow_ok'], s['follow_n'])} ({s['follow_ok']}/{s['follow_n']})",
        f"  of those the base holds:       {_pct(s['held_ok'], s['held_n'])} ({s['held_ok']}/{s['held_n']})",
        f"follow-ups about the wrong entity/fact: {s['wrong']} (of turns the base holds: {s['held_wrong']})",
        f"openers right:                   {_pct(s['opener_ok'], s['opener_n'])} ({s['opener_ok']}/{s['opener_n']})",
        "follow-ups per kind:",
    ]
    for kind, c in sorted(result["per_kind"].items()):
        lines.append(f"  {kind:<15} {_pct(c['ok'], c['n']):>6}  ({c['ok']}/{c['n']})")
    if verbose:
        lines.append(f"failures ({len(result['failures'])}):")
        for f in result["failures"]:
            mark = "" if f["held"] else " (not in the base)"
            said = f["answer"] if f["answered"] else f"[not answered] {f['answer']}"
            lines.append(
                f"  {f['id']}#{f['turn']} [{f['kind']}]{mark} {' → '.join(f['before'])} → {f['q']!r}"
            )
            lines.append(f"      expected: {'no answer' if f['expect'] is None else ' | '.join(f['expect'])}")
            lines.append(f"      bot said: {said[:220]}")
            if f.get("read_as"):
                lines.append(f"      {f['read_as']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="fact base to copy (default: ./facts.db)")
    parser.add_argument("--conversations", type=Path, default=DEFAULT_SET, help="conversation set (JSONL)")
    parser.add_argument("--stateless", action="store_true", help="ask every line alone (`ask --json -`)")
    parser.add_argument(
        "--all", action="store_true", help="a turn is right only with every expected substring"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every wrong follow-up")
    args = parser.parse_args(argv)
    result = evaluate(load(args.conversations), args.db, args.stateless, args.all, explain=args.verbose)
    print(report(result, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
