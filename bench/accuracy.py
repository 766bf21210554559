"""Answer accuracy on the labelled question set, through the real `factbot ask --json -` command.

    python3 bench/accuracy.py [--db PATH] [--questions PATH] [--verbose]

Copies the fact base to a temporary directory (asking writes to the question log; the repo's facts.db
is never touched), starts ONE `python -m adapters.cli ask --json - --db COPY` child, feeds it every
question and reads one JSON line back per question.

Scoring (shared with tests/test_accuracy.py through `evaluate`):
  in scope (expect is a list)  correct when `answered` is true and one expected substring occurs,
                               case-insensitively, in `answer` -- or, only when `answer` ends with ":"
                               (a list intro), in one of the `fields` values;
  out of scope (expect null)   correct when `answered` is false (the bot abstained).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "facts.db"
DEFAULT_QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"
KINDS = ("direct", "typo", "paraphrase", "time", "near_miss", "near_miss_oos", "out_of_scope")


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row.get("q"), str) or "\n" in row["q"]:
                raise ValueError(f"{path}:{n}: 'q' must be a one-line string")
            if row.get("expect") is not None and not (
                isinstance(row["expect"], list)
                and row["expect"]
                and all(isinstance(e, str) for e in row["expect"])
            ):
                raise ValueError(f"{path}:{n}: 'expect' must be null or a non-empty list of strings")
            if row.get("kind") not in KINDS:
                raise ValueError(f"{path}:{n}: unknown kind {row.get('kind')!r}")
            rows.append(row)
    return rows


def _field_values(answer: Mapping[str, Any]) -> list[str]:
    return [str(f.get("value", "")) for f in answer.get("fields") or []]


def is_correct(row: Mapping[str, Any], answer: Mapping[str, Any]) -> bool:
    expect = row.get("expect")
    answered = bool(answer.get("answered"))
    if expect is None:
        return not answered
    if not answered:
        return False
    text = str(answer.get("answer", ""))
    haystacks = [text]
    if text.rstrip().endswith(":"):
        haystacks += _field_values(answer)
    lowered = [h.casefold() for h in haystacks]
    return any(e.casefold() in h for e in expect for h in lowered)


def _pct(num: int, den: int) -> float:
    return round(100.0 * num / den, 1) if den else 0.0


def evaluate(rows: Sequence[Mapping[str, Any]], answers: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Score answers (CLI JSON objects: answered, answer, fields) against the labelled rows, in order."""
    if len(rows) != len(answers):
        raise ValueError(f"{len(rows)} questions but {len(answers)} answers")
    in_scope = in_ok = oos = abstained = 0
    per_kind: dict[str, dict[str, Any]] = {}
    failures = []
    for row, answer in zip(rows, answers, strict=True):
        ok = is_correct(row, answer)
        kind = per_kind.setdefault(row["kind"], {"n": 0, "correct": 0})
        kind["n"] += 1
        kind["correct"] += ok
        if row.get("expect") is None:
            oos += 1
            abstained += ok
        else:
            in_scope += 1
            in_ok += ok
        if not ok:
            failures.append(
                {
                    "q": row["q"],
                    "kind": row["kind"],
                    "expect": row.get("expect"),
                    "answered": bool(answer.get("answered")),
                    "answer": answer.get("answer", ""),
                    "fields": _field_values(answer),
                }
            )
    for stats in per_kind.values():
        stats["accuracy"] = _pct(stats["correct"], stats["n"])
    order = {k: i for i, k in enumerate(KINDS)}
    return {
        "total": len(rows),
        "in_scope": in_scope,
        "in_scope_correct": in_ok,
        "in_scope_accuracy": _pct(in_ok, in_scope),
        "out_of_scope": oos,
        "abstained": abstained,
        "abstention": _pct(abstained, oos),
        "out_of_scope_share": _pct(oos, len(rows)),
        "per_kind": dict(sorted(per_kind.items(), key=lambda kv: order.get(kv[0], len(order)))),
        "failures": failures,
    }


def ask_cli(questions: Sequence[str], db: Path) -> tuple[list[dict[str, Any]], float, float]:
    """Answer every question through one CLI child on a copy of db.

    Returns (answers, startup seconds until the first answer, seconds for the rest).
    """
    with tempfile.TemporaryDirectory(prefix="factbot-accuracy-") as tmp:
        copy = Path(tmp) / "facts.db"
        shutil.copyfile(db, copy)
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        env.pop("FACTBOT_DB", None)
        cmd = [sys.executable, "-m", "factbot", "ask", "--json", "-", "--db", str(copy)]
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        assert proc.stdin is not None and proc.stdout is not None
        answers: list[dict[str, Any]] = []
        first = started
        try:
            for i, q in enumerate(questions):
                proc.stdin.write(q + "\n")
                proc.stdin.flush()
                line = proc.stdout.readline()
                if not line:
                    raise RuntimeError(f"factbot exited after {i} answers (rc={proc.poll()})")
                answers.append(json.loads(line))
                if i == 0:
                    first = time.perf_counter()
            proc.stdin.close()
            rc = proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if rc != 0:
            raise RuntimeError(f"factbot exited with status {rc}")
        done = time.perf_counter()
    return answers, first - started, done - first


def report(result: Mapping[str, Any], verbose: bool = False) -> str:
    lines = [
        f"questions:             {result['total']} ({result['in_scope']} in scope, "
        f"{result['out_of_scope']} out of scope = {result['out_of_scope_share']}%)",
        f"in-scope accuracy:     {result['in_scope_accuracy']}% "
        f"({result['in_scope_correct']}/{result['in_scope']})",
        f"out-of-scope abstention: {result['abstention']}% ({result['abstained']}/{result['out_of_scope']})",
        "per kind:",
    ]
    for kind, s in result["per_kind"].items():
        lines.append(f"  {kind:<14} {s['accuracy']:5.1f}%  ({s['correct']}/{s['n']})")
    if verbose and result["failures"]:
        lines.append(f"failures ({len(result['failures'])}):")
        for f in result["failures"]:
            said = f["answer"] if f["answered"] else f"[abstained] {f['answer']}"
            lines.append(f"  [{f['kind']}] {f['q']!r}")
            lines.append(f"      expected: {'abstain' if f['expect'] is None else ' | '.join(f['expect'])}")
            lines.append(f"      bot said: {' '.join(said.split())}")
            if f["answered"] and f["fields"] and str(f["answer"]).rstrip().endswith(":"):
                for v in f["fields"][:4]:
                    lines.append(f"        - {' '.join(v.split())}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="fact base to copy (default: ./facts.db)")
    parser.add_argument(
        "--questions", type=Path, default=DEFAULT_QUESTIONS, help="labelled JSONL question set"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every failure")
    args = parser.parse_args(argv)
    rows = load_questions(args.questions)
    answers, startup, rest = ask_cli([r["q"] for r in rows], args.db)
    result = evaluate(rows, answers)
    print(report(result, args.verbose))
    qps = (len(rows) - 1) / rest if rest > 0 and len(rows) > 1 else 0.0
    print(f"throughput:            {qps:.0f} questions/second (after a {startup * 1000:.0f} ms start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
