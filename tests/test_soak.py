"""A shortened soak (bench/soak.py): mixed questions, commands and clicks through both real adapters and
their fakes. What a long run holds must not grow with the number of requests: no views, no tasks, no
threads. Counts only, never timing; the full 10,000-operation curve is `python3 bench/soak.py`."""

from __future__ import annotations

from pathlib import Path

from tests.support import load_bench


def test_a_long_mixed_run_holds_a_bounded_number_of_views_tasks_and_threads(db_path: Path) -> None:
    bench = load_bench("soak")
    samples = bench.soak(db_path, total=600, every=150, batch=20, report=lambda sample: None)
    assert [s.ops for s in samples] == [150, 300, 450, 600]
    first, last = samples[0], samples[-1]
    assert all(s.views == 0 for s in samples)  # Discord views: none held, however many buttons were sent
    # Nothing left running per request: at most the last batch's handlers still finishing (20 at once),
    # where a leak would leave hundreds after 600 requests.
    assert max(s.tasks for s in samples) <= first.tasks + 20
    assert last.threads == first.threads
    assert last.events == 120  # every Slack event id is remembered once (until it expires)
