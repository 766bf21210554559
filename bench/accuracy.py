"""Answer accuracy on the labelled question sets, through the real `factbot ask --json -` command.

    python3 bench/accuracy.py [--db PATH] [--questions PATH ...] [--verbose]

Without --questions every set in tests/data (questions*.jsonl) is scored, each reported on its own.
Copies the fact base to a temporary directory (asking writes to the question log; the repo's facts.db
is never touched), starts ONE `python -m adapters.cli ask --json - --db COPY` child per set, feeds it every
question and reads one JSON line back per question.

Rows: {"q", "expect": [substrings] or null, "kind", optional "answerable": bool}. `answerable` says whether
the fact base that ships holds the answer (default: expect is a list); a question the base cannot answer
should be declined even when it is in scope.

Scoring (shared with tests/test_accuracy.py through `evaluate`):
  correct answer      `answered` is true and one expected string occurs as a whole word or phrase,
                      case-insensitively, in `answer` (the whole answer: headline and list lines);
  right in scope      answerable questions answered correctly;
  correct abstention  questions that are not answerable (out of scope, or a fact the base lacks)
                      declined (`answered` false);
  off-target rate     answered but not correct / answered: a sure-looking answer to another question;
  coverage            answerable in-scope questions / all in-scope questions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
DATA = ROOT / "tests" / "data"
KINDS = (
    "direct",
    "typo",
    "paraphrase",
    "time",
    "near_miss",
    "near_miss_oos",
    "slang",
    "yes_no",
    "comparison",
    "total",
    "succession",
    "earlier_role",
    "version",
    "named_unknown",
    "future_year",
    "before_founding",
    "opinion",
    "pronoun_no_context",
    "out_of_scope",
)


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
            if not isinstance(row.get("answerable", True), bool) or (
                row.get("answerable") and row.get("expect") is None
            ):
                raise ValueError(f"{path}:{n}: 'answerable' must be a bool, and false when expect is null")
            rows.append(row)
    return rows


def _field_values(answer: Mapping[str, Any]) -> list[str]:
    return [str(f.get("value", "")) for f in answer.get("fields") or []]


def answerable(row: Mapping[str, Any]) -> bool:
    return bool(row.get("answerable", row.get("expect") is not None))


_MONTHS = "january february march april may june july august september october november december".split()


def _says(text: str, expected: str) -> bool:
    """A whole word or phrase: 'No' is found in 'No — he left', not in 'Note:' or 'Now:'. An expected
    month and year ('March 2025') is also said by a day in it ('March 25, 2025', '25 March 2025')."""
    pattern = r"(?<!\w)" + re.escape(expected.casefold()) + r"(?!\w)"
    if re.search(pattern, text.casefold()) is not None:
        return True
    parts = expected.casefold().split()
    if len(parts) == 2 and parts[0] in _MONTHS and re.fullmatch(r"\d{4}", parts[1]):
        month, year = parts
        dated = rf"(?<!\w)({month} \d{{1,2}}, {year}|\d{{1,2}} {month},? {year})(?!\w)"
        return re.search(dated, text.casefold()) is not None
    return False


def answers_it(row: Mapping[str, Any], answer: Mapping[str, Any]) -> bool:
    """Answered, with one of the expected strings in the whole answer (headline and list lines)."""
    expect = row.get("expect")
    if expect is None or not answer.get("answered"):
        return False
    text = str(answer.get("answer", ""))
    haystacks = [text]
    if text.rstrip().endswith(":"):  # an older client's `answer` holds only a list's heading
        haystacks += _field_values(answer)
    return any(_says(h, e) for e in expect for h in haystacks)


def is_correct(row: Mapping[str, Any], answer: Mapping[str, Any]) -> bool:
    """Answerable: answered correctly. Not answerable (out of scope, or a fact the base lacks): declined."""
    if answerable(row):
        return answers_it(row, answer)
    return not answer.get("answered")


def _pct(num: int, den: int) -> float:
    return round(100.0 * num / den, 1) if den else 0.0


def evaluate(rows: Sequence[Mapping[str, Any]], answers: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Score answers (CLI JSON objects: answered, answer, fields) against the labelled rows, in order."""
    if len(rows) != len(answers):
        raise ValueError(f"{len(rows)} questions but {len(answers)} answers")
    in_scope = in_ok = oos = abstained = scoped = answered = wrong = 0
    per_kind: dict[str, dict[str, Any]] = {}
    failures = []
    for row, answer in zip(rows, answers, strict=True):
        ok = is_correct(row, answer)
        kind = per_kind.setdefault(row["kind"], {"n": 0, "correct": 0})
        kind["n"] += 1
        kind["correct"] += ok
        scoped += row.get("expect") is not None
        if answer.get("answered"):
            answered += 1
            wrong += not answers_it(row, answer)
        if not answerable(row):
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
                    "answerable": answerable(row),
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
        # in_scope*: the answerable questions; out_of_scope/abstained: the ones to decline
        "in_scope": in_scope,
        "in_scope_correct": in_ok,
        "in_scope_accuracy": _pct(in_ok, in_scope),
        "out_of_scope": oos,
        "abstained": abstained,
        "abstention": _pct(abstained, oos),
        "out_of_scope_share": _pct(oos, len(rows)),
        "scoped": scoped,
        "coverage": _pct(in_scope, scoped),
        "answered": answered,
        "off_target": wrong,
        "off_target_rate": _pct(wrong, answered),
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
        f"questions:             {result['total']} ({result['in_scope']} answerable, "
        f"{result['out_of_scope']} to decline = {result['out_of_scope_share']}%)",
        f"right in scope:        {result['in_scope_accuracy']}% "
        f"({result['in_scope_correct']}/{result['in_scope']} answerable questions answered correctly)",
        f"correct abstentions:   {result['abstention']}% ({result['abstained']}/{result['out_of_scope']})",
        f"off-target rate:       {result['off_target_rate']}% "
        f"({result['off_target']}/{result['answered']} answers not answering the question)",
        f"coverage:              {result['coverage']}% "
        f"({result['in_scope']}/{result['scoped']} in-scope questions the fact base can answer)",
        "per kind:",
    ]
    for kind, s in result["per_kind"].items():
        lines.append(f"  {kind:<14} {s['accuracy']:5.1f}%  ({s['correct']}/{s['n']})")
    if verbose and result["failures"]:
        lines.append(f"failures ({len(result['failures'])}):")
        for f in result["failures"]:
            said = f["answer"] if f["answered"] else f"[abstained] {f['answer']}"
            lines.append(f"  [{f['kind']}] {f['q']!r}")
            lines.append(
                f"      expected: {' | '.join(f['expect']) if f['expect'] and f['answerable'] else 'abstain'}"
            )
            lines.append(f"      bot said: {' '.join(said.split())}")
            if f["answered"] and f["fields"] and str(f["answer"]).rstrip().endswith(":"):
                for v in f["fields"][:4]:
                    lines.append(f"        - {' '.join(v.split())}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="fact base to copy (default: ./facts.db)")
    parser.add_argument(
        "--questions",
        type=Path,
        action="append",
        help="labelled JSONL question set (repeatable; default: every tests/data/questions*.jsonl)",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every failure")
    args = parser.parse_args(argv)
    for path in args.questions or sorted(DATA.glob("questions*.jsonl")):
        rows = load_questions(path)
        answers, startup, rest = ask_cli([r["q"] for r in rows], args.db)
        result = evaluate(rows, answers)
        print(f"== {path.name} on {args.db.name}")
        print(report(result, args.verbose))
        qps = (len(rows) - 1) / rest if rest > 0 and len(rows) > 1 else 0.0
        print(f"throughput:            {qps:.0f} questions/second (after a {startup * 1000:.0f} ms start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
