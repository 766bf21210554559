"""The held-out conversation sets (tests/data/conversations_heldout*.jsonl), scored as bench/conversations.py
scores them: floors just below the measured figures, so a change that loses follow-ups or answers one about
the wrong entity fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import ROOT, load_bench

bench = load_bench("conversations")

# (set, follow-ups right floor %, most follow-ups answered about the wrong entity). conv4: 78.8% / 14 wrong
# when first run, 87.7% / 4 after round 4 (tuned on since), 90.4% / 4 now. conv5: written blind, run once on
# 9e87fd4: 73.9% / 10 wrong (one label corrected after the run; 73.2% / 11 as first labelled), 81.2% / 5
# now. conv6: written blind, run once on 7788a45: 74.3% / 16 wrong (79.1% / 7 once an expected
# month matches a date in it), then tuned on: 85.0% / 3. conv7: written blind, run once on e98c9d4: 78.1% /
# 4. conv8: written blind (phase-1 sha256 e5a8cc05…), run once on 30bc54a: 70.5% / 5 (75.9% of held).
# conv9: written blind (phase-1 sha256 0a1d451c…), run once on 11c370f: 44.8% / 14 (50.0% of held); tuned
# on since: 49.0% / 3 (the third: 'did yi tay stay there' after Reka's founders is now read and answered
# from the base -- chief scientist of Reka, as the verified reference has it as of 2024 -- where the set's
# truth has him back at Google).
# conv10: written blind (phase-1 sha256 a044facb…), run once on beb30f9: 55.7% / 17 (61.6% of held);
# tuned on since: 60.8% / 7.
# conv11: written blind (phase-1 sha256 6a5dfaeb…), run once on d3e7df0: 57.1% / 20 (62.4% of held);
# tuned on since: 63.3% / 7.
# conv12: written blind (phase-1 sha256 e936879e…), run once on 9c563e6: 60.4% / 12 (67.0% of held);
# tuned on since: 63.7% / 5.
SETS = [
    ("conversations_heldout4.jsonl", 90.0, 3),
    ("conversations_heldout5.jsonl", 83.0, 3),
    ("conversations_heldout6.jsonl", 86.0, 1),
    ("conversations_heldout7.jsonl", 80.0, 2),
    ("conversations_heldout8.jsonl", 74.5, 0),
    ("conversations_heldout9.jsonl", 48.5, 3),
    ("conversations_heldout10.jsonl", 60.5, 7),
    ("conversations_heldout11.jsonl", 63.0, 7),
    ("conversations_heldout12.jsonl", 63.5, 5),
]


@pytest.mark.parametrize(("name", "floor", "most_wrong"), SETS)
def test_held_out_conversation_floors(db_path: Path, name: str, floor: float, most_wrong: int) -> None:
    conversations = bench.load(ROOT / "tests" / "data" / name)
    assert len(conversations) >= 60
    result = bench.evaluate(conversations, db_path, stateless=False, need_all=False)
    stats = result["stats"]
    right = 100.0 * stats["follow_ok"] / stats["follow_n"]
    summary = bench.report(result, verbose=True)
    assert right >= floor, summary
    assert stats["wrong"] <= most_wrong, summary
