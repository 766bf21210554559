"""A flood of questions from one user must cost the others nothing.

    python3 bench/flood.py [--flood 1000] [--others 300]

Runs the real core (rate limits on, question log on, a private copy of facts.db) the way a chat adapter
does: one worker thread behind an asyncio loop (adapters.runner.CoreRunner). First a other users asks
alone (baseline); then the same questions while one flooder sends --flood questions as fast as the loop
allows. Prints the other users's latency both times and what the flooder got.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factbot.bot.domain.port import Ask, Request  # noqa: E402
from factbot.bot.settings import LimitSettings  # noqa: E402
from factbot.bot.storage.store import Store  # noqa: E402
from factbot.bot.usecases.dispatch import Core  # noqa: E402
from factbot.limits import Admission, Limiter  # noqa: E402
from factbot.runner import CoreRunner  # noqa: E402

QUESTIONS = [
    "who runs openai",
    "who founded anthropic",
    "ceo of mistral",
    "who heads deepmind",
    "when was chatgpt released",
    "who invested in anthropic",
    "who runs stabilty ai now",
]
ORGS = [
    "OpenAI",
    "Anthropic",
    "Mistral AI",
    "Cohere",
    "xAI",
    "NVIDIA",
    "Meta",
    "Google",
    "Microsoft",
    "Apple",
    "Amazon",
    "Baidu",
    "DeepSeek",
    "Runway",
    "Perplexity",
    "Midjourney",
    "Databricks",
    "Hugging Face",
    "Scale AI",
    "Character.AI",
    "AI21 Labs",
    "Aleph Alpha",
    "Inflection AI",
    "Stability AI",
    "Alphabet",
]


def _pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


async def _other_users(runner: CoreRunner, count: int, pool: str) -> list[float]:
    latencies = []
    for i in range(count):
        request = Request(
            command=Ask(QUESTIONS[i % len(QUESTIONS)]),
            platform="slack",
            user_id=f"U-{pool}-{i % 60}",  # many people, each well inside their own limit
            workspace_id="T1",
            channel_id=f"C-{pool}-{i}",
        )
        started = time.perf_counter()
        await runner.handle(request)
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0)  # a person types; let the flood interleave
    return latencies


async def _flooder(runner: CoreRunner, count: int, outcomes: Counter[str]) -> None:
    async def one(i: int) -> None:
        request = Request(
            command=Ask(f"who is the {('ceo', 'cto', 'founder', 'chair')[i % 4]} of {ORGS[i % len(ORGS)]}"),
            platform="slack",
            user_id="U-flood",
            workspace_id="T1",
            channel_id="C-flood",
        )
        reply = await runner.handle(request)
        outcomes["silent" if reply.silent else reply.kind] += 1

    await asyncio.gather(*(one(i) for i in range(count)))


async def main(flood: int, others: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "facts.db"
        shutil.copyfile(ROOT / "facts.db", db)
        store = Store(db)
        runner = CoreRunner(Core(store), Admission(Limiter(LimitSettings())))
        await runner.handle(Request(command=Ask("warm up"), platform="console"))
        baseline = await _other_users(runner, others, "alone")
        outcomes: Counter[str] = Counter()
        started = time.perf_counter()
        flood_task = asyncio.create_task(_flooder(runner, flood, outcomes))
        during = await _other_users(runner, others, "during")
        await flood_task
        elapsed = time.perf_counter() - started
        runner.close()
        store.close()
    print(f"flood: {flood} questions from one user in {elapsed:.2f} s; outcomes {dict(outcomes)}")
    for name, values in (("other users alone", baseline), ("other users during flood", during)):
        print(
            f"{name:26} n={len(values)}  p50 {statistics.median(values):.3f} ms  p95 {_pct(values, 0.95):.3f} ms"
            f"  p99 {_pct(values, 0.99):.3f} ms  max {max(values):.3f} ms"
        )
    print("defaults: 20 questions a minute per user, a burst of 10, 30 s cooldown on a repeated question")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--flood", type=int, default=1000)
    parser.add_argument("--others", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(main(args.flood, args.others))
