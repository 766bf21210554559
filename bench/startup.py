"""Whole-process cost of one `factbot ask`, and a check that the ask path loads no chat-platform SDK.

    python3 bench/startup.py [--runs 10]

Runs `python -m adapters.cli ask --db COPY "who runs openai"` against a temporary copy of the repo's
facts.db (the repo's file is never written), reports min/median wall time, checks that the ask path
imports none of slack_bolt, slack_sdk, discord, and lists the ten slowest imports from -X importtime.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "who runs openai"
PLATFORM_PACKAGES = ("slack_bolt", "slack_sdk", "discord")
CHECK = (
    "import sys; from factbot.cli import main; main(['ask','--db',{db!r},{q!r}]); "
    "bad=[m for m in sys.modules if m.split('.')[0] in {pkgs!r}]; print(bad)"
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FACTBOT_DB", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def time_ask(db: Path, runs: int) -> list[float]:
    cmd = [sys.executable, "-m", "factbot", "ask", "--db", str(db), QUESTION]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True, check=True)
        times.append((time.perf_counter() - t0) * 1000)
        assert out.stdout.strip(), out.stderr
    return times


def baseline(runs: int) -> float:
    """An empty interpreter start, for scale."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return min(times)


def platform_modules(db: Path) -> list[str]:
    code = CHECK.format(db=str(db), q=QUESTION, pkgs=PLATFORM_PACKAGES)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_env(), capture_output=True, text=True, check=True
    )
    last = out.stdout.strip().splitlines()[-1]
    return list(ast.literal_eval(last))  # the child prints a list of module names


def import_times(db: Path, top: int = 10) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of the slowest imports of one ask, by cumulative time."""
    cmd = [sys.executable, "-X", "importtime", "-m", "factbot", "ask", "--db", str(db), QUESTION]
    out = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True, check=True)
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|", 2)
        rows.append((int(cumulative_us), int(self_us), name.rstrip()))
    rows.sort(reverse=True)
    return rows[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="factbot-startup-") as tmp:
        db = Path(tmp) / "facts.db"
        shutil.copyfile(ROOT / "facts.db", db)
        time_ask(db, 1)  # warm the OS file cache and the .pyc files
        times = time_ask(db, args.runs)
        empty = baseline(args.runs)
        print(
            f"factbot ask {QUESTION!r} ({args.runs} runs, whole process): "
            f"min {min(times):.0f} ms, median {statistics.median(times):.0f} ms, max {max(times):.0f} ms "
            f"(bare `python -c pass`: {empty:.0f} ms)"
        )
        bad = platform_modules(db)
        verdict = "OK: none imported" if not bad else f"FAIL: {len(bad)} imported"
        print(f"platform SDKs on the ask path ({', '.join(PLATFORM_PACKAGES)}): {bad} -> {verdict}")
        print("top 10 imports by cumulative time (-X importtime):")
        print(f"  {'cumulative ms':>13} {'self ms':>8}  module")
        for cumulative, self_us, name in import_times(db):
            print(f"  {cumulative / 1000:>13.1f} {self_us / 1000:>8.1f}  {name}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
