"""Per-question latency of the real ask path on synthetic fact bases of several sizes.

    python3 bench/latency.py [--sizes 1000,100000,1000000] [--questions 3000] [--profile 1000000]

For each size: build (or reuse) the synthetic base from bench/synth.py, copy it to a temporary file, and
in a fresh child process (so peak RSS is per size) time `core.handle(Request(command=Ask(q)))` for a
deterministic mix of questions, once with the question log on (the real path: one small write per
question) and once with `Core(store, log_questions=False)`. The first question (reading the stored name
index from a cold page cache; nothing is built) is reported on its own; percentiles cover the rest.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (str(ROOT), str(Path(__file__).resolve().parent)):
    if p not in sys.path:
        sys.path.insert(0, p)

import synth  # noqa: E402

from factbot.bot.answering.answerer import Answerer  # noqa: E402
from factbot.bot.domain.port import Ask, Request  # noqa: E402
from factbot.bot.storage.store import Store  # noqa: E402
from factbot.bot.usecases.dispatch import Core  # noqa: E402

TODAY = date(2026, 6, 1)
QUESTION_SEED = 7
TARGETS_P99_MS = {100_000: 5.0, 1_000_000: 20.0}

ORG_TEMPLATES = [
    "who runs {o} now",
    "who runs {o}?",
    "ceo of {ol} in {year}",
    "who founded {o}",
    "who is the ceo of {o}",
    "who was the first ceo of {o}",
    "who's the cto at {o}",
    "what did {o} release",
    "who invested in {o}",
    "{ol} ceo",
    "who's in charge at {o} these days",
    "who was running {o} in {month} {year}?",
    "tell me about {o}",
]
PERSON_TEMPLATES = ["who is {p}", "who is {pl}?", "what does {p} do", "which company did {p} found"]
PRODUCT_TEMPLATES = ["when was {r} released", "who made {r}?"]
OUT_OF_SCOPE = [
    "what's the weather in paris",
    "who is the ceo of coca cola",
    "what is the capital of france",
    "how tall is the eiffel tower",
    "who won the world cup in 2022",
    "what's the stock price of apple",
    "best pizza in new york",
    "what time is it in tokyo",
    "translate hello into spanish",
    "who is taylor swift",
    "how do i make a million dollars",
    "what's the population of canada",
    "who runs the new york times",
    "who founded nike",
    "when was the iphone released",
    "recommend a good sci-fi book",
    "is it going to rain tomorrow",
    "how many calories in a banana",
    "who invented the telephone",
    "what's 17 times 23",
    "who is the president of brazil",
    "how do I reset my router",
    "what movies are playing tonight",
    "who played the joker in 2019",
    "where is the nearest coffee shop",
    "what is the meaning of life",
    "who was ceo of general motors in 2010",
    "how old is the universe",
]
OTHER = [
    "hi",
    "hello!",
    "help",
    "thanks",
    "what can you do?",
    "good morning",
    "hey",
    "who are you",
    "lol",
    "asdfgh jkl",
    "ok",
    "?",
    "tell me something interesting",
    "how are you",
    "yo",
    "commands",
    "are you a robot",
    "thank you so much",
]
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


# -- questions -----------------------------------------------------------------------------------------


def _typo(rng: random.Random, name: str) -> str:
    """The name with a one-letter mistake (swap, drop, add or change) in one of its longer words."""
    words = name.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return name
    i = rng.choice(candidates)
    w = words[i]
    while True:
        pos = rng.randrange(1, len(w) - 1)
        op = rng.choice(("swap", "drop", "add", "change"))
        if op == "swap":
            new = w[:pos] + w[pos + 1] + w[pos] + w[pos + 2 :]
        elif op == "drop":
            new = w[:pos] + w[pos + 1 :]
        elif op == "add":
            new = w[:pos] + rng.choice(_LETTERS) + w[pos:]
        else:
            new = w[:pos] + rng.choice(_LETTERS) + w[pos + 1 :]
        if new.lower() != w.lower():
            words[i] = new
            return " ".join(words)


def make_questions(
    db_path: Path, meta: synth.Meta, count: int, seed: int = QUESTION_SEED
) -> list[tuple[str, str]]:
    """(category, question) pairs: ~60% about synthetic entities (20% of those with a typo in the name),
    ~25% out of scope, ~15% greetings, help and noise."""
    rng = random.Random(f"{seed}:{meta.n_facts}")
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)

    def name(id_range: tuple[int, int]) -> str:
        row = conn.execute("SELECT name FROM entities WHERE id = ?", [rng.randint(*id_range)]).fetchone()
        return str(row[0])

    out: list[tuple[str, str]] = []
    for _ in range(count):
        r = rng.random()
        if r < 0.60:
            typo = rng.random() < 0.20
            kind = rng.choices(("org", "person", "product"), (65, 25, 10))[0]
            if kind == "org":
                ids, templates = meta.org_ids, ORG_TEMPLATES
            elif kind == "person":
                ids, templates = meta.person_ids, PERSON_TEMPLATES
            else:
                ids, templates = meta.product_ids, PRODUCT_TEMPLATES
            entity = name(ids)
            if typo:
                entity = _typo(rng, entity)
            q = rng.choice(templates).format(
                o=entity,
                ol=entity.lower(),
                p=entity,
                pl=entity.lower(),
                r=entity,
                year=rng.randint(2000, 2025),
                month=rng.choice(synth._MONTHS),
            )
            out.append((f"{kind}{'+typo' if typo else ''}", q))
        elif r < 0.85:
            out.append(("out_of_scope", rng.choice(OUT_OF_SCOPE)))
        else:
            out.append(("other", rng.choice(OTHER)))
    conn.close()
    return out


# -- measuring (child process) -------------------------------------------------------------------------


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return 0.0
    k = min(len(sorted_ms) - 1, max(0, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[k]


def _summary(ms: list[float]) -> dict[str, float]:
    s = sorted(ms)
    return {
        "n": len(s),
        "p50": _pct(s, 50),
        "p95": _pct(s, 95),
        "p99": _pct(s, 99),
        "max": s[-1] if s else 0.0,
        "mean": statistics.fmean(s) if s else 0.0,
    }


def run_once(
    db_path: Path, questions: list[tuple[str, str]], log_questions: bool, profile: Path | None = None
) -> dict[str, object]:
    t0 = time.perf_counter_ns()
    store = Store(db_path)
    core = Core(store, today=lambda: TODAY, log_questions=log_questions)
    open_ms = (time.perf_counter_ns() - t0) / 1e6
    requests = [(cat, Request(command=Ask(q))) for cat, q in questions]

    t0 = time.perf_counter_ns()
    core.handle(requests[0][1])
    first_ms = (time.perf_counter_ns() - t0) / 1e6

    profiler = cProfile.Profile() if profile else None
    latencies: list[float] = []
    by_cat: dict[str, list[float]] = {}
    kinds: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    slowest: list[tuple[float, str]] = []
    if profiler:
        profiler.enable()
    wall0 = time.perf_counter_ns()
    for (cat, req), (_c, text) in zip(requests[1:], questions[1:], strict=True):
        t = time.perf_counter_ns()
        reply = core.handle(req)
        ms = (time.perf_counter_ns() - t) / 1e6
        latencies.append(ms)
        by_cat.setdefault(cat, []).append(ms)
        kinds[reply.kind] += 1
        if reply.answered:
            answered[cat] += 1
        slowest.append((ms, text))
    wall_s = (time.perf_counter_ns() - wall0) / 1e9
    if profiler:
        profiler.disable()
        assert profile is not None
        buf = io.StringIO()
        stats = pstats.Stats(profiler, stream=buf)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
        profile.write_text(buf.getvalue())
    slowest.sort(reverse=True)
    result = {
        "log_questions": log_questions,
        "open_ms": open_ms,
        "first_ms": first_ms,
        "all": _summary(latencies),
        "qps": len(latencies) / (sum(latencies) / 1000) if latencies else 0.0,
        "wall_qps": len(latencies) / wall_s if wall_s else 0.0,
        "by_category": {c: _summary(v) for c, v in sorted(by_cat.items())},
        "answered": {c: answered[c] / len(v) for c, v in sorted(by_cat.items())},
        "kinds": dict(kinds),
        "slowest": slowest[:8],
        "maxrss_mib": _maxrss_mib(),
    }
    store.close()
    del core, store
    gc.collect()
    return result


def _index_breakdown(db_path: Path) -> dict[str, float]:
    """What a question pays for the name index kept in the fact base: making the Answerer (nothing is
    built: it reads the stored index), one correction look-up, and the per-question names-version check
    (which replaced Store.generation(), so another process's question-log commits change nothing)."""
    store = Store(db_path)
    t0 = time.perf_counter_ns()
    answerer = Answerer(store)
    t1 = time.perf_counter_ns()
    answerer.index.correct("velmorra")
    t2 = time.perf_counter_ns()
    versions = []
    for _ in range(200):
        t = time.perf_counter_ns()
        store.names_version()
        versions.append((time.perf_counter_ns() - t) / 1e6)
    store.close()
    return {
        "answerer_ms": (t1 - t0) / 1e6,
        "correct_ms": (t2 - t1) / 1e6,
        "version_ms_median": statistics.median(versions),
    }


def child(n_facts: int, count: int, profile: bool) -> dict[str, object]:
    src, meta = synth.ensure(n_facts, quiet=True)
    with tempfile.TemporaryDirectory(prefix="factbot-bench-") as tmp:
        db_path = Path(tmp) / "bench.db"
        shutil.copyfile(src, db_path)
        with db_path.open("rb+") as fh:  # else the first WAL checkpoint pays for flushing the whole copy
            os.fsync(fh.fileno())
        questions = make_questions(db_path, meta, count)
        baseline = _maxrss_mib()
        prof = synth.OUT_DIR / f"profile-{n_facts}.txt" if profile else None
        on = run_once(db_path, questions, log_questions=True)
        off = run_once(db_path, questions, log_questions=False)
        breakdown = _index_breakdown(db_path)
        if prof:  # a separate, unreported run: cProfile's overhead must not leak into the figures
            run_once(db_path, questions, log_questions=True, profile=prof)
    return {
        "n_facts": n_facts,
        "meta": {
            "facts": meta.facts,
            "entities": meta.entities,
            "names": meta.names,
            "build_seconds": meta.build_seconds,
            "file_bytes": meta.file_bytes,
        },
        "mix": dict(Counter(c for c, _ in questions)),
        "baseline_rss_mib": baseline,
        "runs": [on, off],
        "breakdown": breakdown,
        "profile": str(prof) if prof else None,
    }


# -- reporting (parent) --------------------------------------------------------------------------------


def report(res: dict[str, object]) -> None:
    n = int(res["n_facts"])  # type: ignore[call-overload]
    meta = res["meta"]
    assert isinstance(meta, dict)
    target = TARGETS_P99_MS.get(n)
    print(
        f"\n== {n:,} facts: {meta['entities']:,} entities, {meta['names']:,} names; "
        f"build {meta['build_seconds']:.1f} s, file {meta['file_bytes'] / 2**20:.1f} MiB"
    )
    print(f"   question mix: {res['mix']}")
    header = (
        f"   {'log':<4}{'open ms':>8}{'1st q ms':>10}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>9}"
        f"{'q/s':>8}{'RSS MiB':>9}  target"
    )
    print(header)
    runs = res["runs"]
    assert isinstance(runs, list)
    for run in runs:
        a = run["all"]
        verdict = ""
        if target is not None:
            verdict = f"p99 ≤ {target:g} ms: {'OK' if a['p99'] <= target else 'MISSED'}"
        print(
            f"   {'on' if run['log_questions'] else 'off':<4}{run['open_ms']:>8.1f}{run['first_ms']:>10.1f}"
            f"{a['p50']:>8.2f}{a['p95']:>8.2f}{a['p99']:>8.2f}{a['max']:>9.2f}{run['qps']:>8.0f}"
            f"{run['maxrss_mib']:>9.0f}  {verdict}"
        )
    b = res["breakdown"]
    assert isinstance(b, dict)
    print(
        f"   index: Answerer() {b['answerer_ms']:.2f} ms (nothing built), one typo correction "
        f"{b['correct_ms']:.2f} ms, names_version() per question {b['version_ms_median']:.3f} ms"
    )
    for run in runs:
        cats = "  ".join(
            f"{c} p50 {s['p50']:.2f}/p99 {s['p99']:.2f} ({run['answered'][c]:.0%} ans)"
            for c, s in run["by_category"].items()
        )
        print(f"   log {'on' if run['log_questions'] else 'off'} by category: {cats}")
    slow = runs[0]["slowest"][:5]
    print("   slowest (log on): " + "; ".join(f"{ms:.1f} ms {q!r}" for ms, q in slow))
    if res["profile"]:
        print(f"   cProfile of an extra log-on run (not in the figures above): {res['profile']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,100000,1000000", help="comma-separated fact counts")
    parser.add_argument("--questions", type=int, default=3000, help="questions per run")
    parser.add_argument("--profile", default="", help="sizes to run under cProfile (comma-separated)")
    parser.add_argument("--json", type=Path, help="also write all results to this file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    profiled = set(synth.parse_sizes(args.profile)) if args.profile else set()

    if args.child is not None:
        print(json.dumps(child(args.child, args.questions, args.child in profiled)))
        return 0

    results = []
    for n in synth.parse_sizes(args.sizes):
        synth.ensure(n)
        cmd = [sys.executable, __file__, "--child", str(n), "--questions", str(args.questions)]
        if n in profiled:
            cmd += ["--profile", str(n)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True)
        if out.stderr.strip():
            print(out.stderr.rstrip(), file=sys.stderr)
        res = json.loads(out.stdout)
        results.append(res)
        report(res)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
