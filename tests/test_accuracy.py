"""Answer accuracy on the labelled question set (tests/data/questions.jsonl), answered in-process.

Scoring is shared with bench/accuracy.py (which runs the same set through the real CLI); see `evaluate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factbot.bot.usecases.dispatch import Core
from factbot.console import to_json
from tests.support import ROOT, ask, load_bench

QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"

# Floors just below the measured figures (in-scope 99.2%, abstention 100% on 2026-11-28; 79.5% / 98.6%
# when the set was first written). They guard against regressions: raise them as the matcher improves.
IN_SCOPE_ACCURACY_FLOOR = 98.9
ABSTENTION_FLOOR = 99.5



bench = load_bench("accuracy")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return bench.load_questions(QUESTIONS)


def test_question_set_shape(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 300
    out_of_scope = sum(r["expect"] is None for r in rows)
    assert out_of_scope / len(rows) >= 0.25
    questions = [r["q"].casefold() for r in rows]
    assert len(set(questions)) == len(questions), "duplicate questions"


def test_accuracy_floors(core: Core, rows: list[dict[str, Any]]) -> None:
    answers = [to_json(ask(core, r["q"])) for r in rows]
    result = bench.evaluate(rows, answers)
    summary = bench.report(result, verbose=True)
    assert result["in_scope_accuracy"] >= IN_SCOPE_ACCURACY_FLOOR, summary
    assert result["abstention"] >= ABSTENTION_FLOOR, summary


HOLDOUT = ROOT / "tests" / "data" / "questions_holdout.jsonl"
# The held-out set was written without looking at the matcher: 98.5% / 92.3% at its first run, then
# 99.3% / 100% after fixing the general causes it showed (versions like 'Llama 4', reverse founder facts).
HOLDOUT_IN_SCOPE_FLOOR = 99.0
HOLDOUT_ABSTENTION_FLOOR = 99.5


def test_holdout_accuracy_floors(core: Core) -> None:
    rows = bench.load_questions(HOLDOUT)
    assert len(rows) >= 200 and sum(r["expect"] is None for r in rows) / len(rows) >= 0.25
    result = bench.evaluate(rows, [to_json(ask(core, r["q"])) for r in rows])
    summary = bench.report(result, verbose=True)
    assert result["in_scope_accuracy"] >= HOLDOUT_IN_SCOPE_FLOOR, summary
    assert result["abstention"] >= HOLDOUT_ABSTENTION_FLOOR, summary


CHAT = ROOT / "tests" / "data" / "questions_chat.jsonl"
# Written blind, the way people type in chat (issue 9), with `answerable` labelled against the verified
# reference facts. First run (2026-12-03, old seed): 28.8% right in scope, 82.2% abstentions, 33% of answers
# off target. Floors below are for the seed in facts.db: its figures rise with the shipping base, which
# holds more of the answerable facts (bench/accuracy.py --db prints both).
# Round 2 (tuned on sets 1 and 2), this seed: 45.5% / 100% / 0% off target (92.6% / 100% / 1.2% on the
# reference base). After the 547-fact seed shipped (facts.db now holds the verified reference): 93.2% / 100% /
# 2.4% off target. Round 3 (general causes from a fourth and fifth blind set): 94.9% / 100% / 1.8%.
CHAT_IN_SCOPE_FLOOR = 94.5
CHAT_ABSTENTION_FLOOR = 99.5
CHAT_OFF_TARGET_CEILING = 3.0


def test_chat_set_floors(core: Core) -> None:
    rows = bench.load_questions(CHAT)
    assert len(rows) >= 300 and sum(r["expect"] is None for r in rows) / len(rows) >= 0.25
    assert all(isinstance(r.get("answerable"), bool) for r in rows)
    result = bench.evaluate(rows, [to_json(ask(core, r["q"])) for r in rows])
    summary = bench.report(result, verbose=True)
    assert result["in_scope_accuracy"] >= CHAT_IN_SCOPE_FLOOR, summary
    assert result["abstention"] >= CHAT_ABSTENTION_FLOOR, summary
    assert result["off_target_rate"] <= CHAT_OFF_TARGET_CEILING, summary


CHAT2 = ROOT / "tests" / "data" / "questions_chat2.jsonl"
# The second blind set, run once at the end of issue 9 (commit 6975dd8), never tuned on: on this seed
# 30.2% right in scope, 97.2% abstentions, 29.6% off target (77.8% / 89.0% / 24.2% on the verified reference
# base). Round 2 then studied its misses (so it is tuned on now): on this seed 33.3% right in scope, 100%
# abstentions, 0% off target (84.1% / 100% / 0% on the reference base). With the 547-fact seed shipped:
# 87.3% / 100% / 0%. Round 3: 93.7% / 100% / 0%.
CHAT2_IN_SCOPE_FLOOR = 93.0
CHAT2_ABSTENTION_FLOOR = 99.5
CHAT2_OFF_TARGET_CEILING = 0.5


def test_second_chat_set_floors(core: Core) -> None:
    rows = bench.load_questions(CHAT2)
    assert len(rows) >= 150 and all(isinstance(r.get("answerable"), bool) for r in rows)
    result = bench.evaluate(rows, [to_json(ask(core, r["q"])) for r in rows])
    summary = bench.report(result, verbose=True)
    assert result["in_scope_accuracy"] >= CHAT2_IN_SCOPE_FLOOR, summary
    assert result["abstention"] >= CHAT2_ABSTENTION_FLOOR, summary
    assert result["off_target_rate"] <= CHAT2_OFF_TARGET_CEILING, summary


CHAT3 = ROOT / "tests" / "data" / "questions_chat3.jsonl"
# The third blind set, written by someone else and read only after round 2's code was final; run once,
# never tuned on: on this seed 40.1% right in scope, 98.9% abstentions, 9.5% off target (79.6% / 94.6% /
# 8.2% on the verified reference base). With the 547-fact seed shipped (and the merge's fixes): 82.6% /
# 94.6% / 8.6% off target. Round 3 (it was studied then, so tuned on now): 94.0% / 98.9% / 0.6%.
# Floors just below, to catch a slide.
CHAT3_IN_SCOPE_FLOOR = 93.5
CHAT3_ABSTENTION_FLOOR = 98.5
CHAT3_OFF_TARGET_CEILING = 1.0


def test_third_chat_set_floors(core: Core) -> None:
    rows = bench.load_questions(CHAT3)
    assert len(rows) >= 250 and all(isinstance(r.get("answerable"), bool) for r in rows)
    result = bench.evaluate(rows, [to_json(ask(core, r["q"])) for r in rows])
    summary = bench.report(result, verbose=True)
    assert result["in_scope_accuracy"] >= CHAT3_IN_SCOPE_FLOOR, summary
    assert result["abstention"] >= CHAT3_ABSTENTION_FLOOR, summary
    assert result["off_target_rate"] <= CHAT3_OFF_TARGET_CEILING, summary


def test_off_target_stays_low_on_the_older_sets(core: Core, rows: list[dict[str, Any]]) -> None:
    for labelled in (rows, bench.load_questions(HOLDOUT)):
        result = bench.evaluate(labelled, [to_json(ask(core, r["q"])) for r in labelled])
        assert result["off_target_rate"] <= 1.0, bench.report(result, verbose=True)


def test_evaluate_scoring_rules() -> None:
    rows = [
        {"q": "a", "expect": ["Prem Akkaraju"], "kind": "direct"},
        {"q": "b", "expect": ["Amazon"], "kind": "direct"},
        {"q": "c", "expect": ["Amazon"], "kind": "direct"},
        {"q": "d", "expect": None, "kind": "out_of_scope"},
        {"q": "e", "expect": None, "kind": "out_of_scope"},
        {"q": "f", "expect": ["prem akkaraju"], "kind": "time"},
    ]
    answers = [
        {"answered": True, "answer": "Prem Akkaraju has been CEO.", "fields": []},
        # a list intro: the expected text may be in the field values
        {
            "answered": True,
            "answer": "Who invested in Anthropic:",
            "fields": [{"name": "x", "value": "Amazon"}],
        },
        # not a list intro: fields do not count
        {"answered": True, "answer": "Google invested.", "fields": [{"name": "x", "value": "Amazon"}]},
        {"answered": False, "answer": "I don't know that one.", "fields": []},
        {"answered": True, "answer": "Paris.", "fields": []},
        # an abstention never counts, even if it names the right person
        {"answered": False, "answer": "Not sure: Prem Akkaraju?", "fields": []},
    ]
    result = bench.evaluate(rows, answers)
    assert result["in_scope_correct"] == 2 and result["in_scope"] == 4
    assert result["abstained"] == 1 and result["out_of_scope"] == 2
    assert result["per_kind"]["direct"] == {"n": 3, "correct": 2, "accuracy": 66.7}
    assert [f["q"] for f in result["failures"]] == ["c", "e", "f"]
    # off target: answered but not with an expected answer ('Google invested.', 'Paris.')
    assert (result["answered"], result["off_target"], result["off_target_rate"]) == (4, 2, 50.0)
    assert result["coverage"] == 100.0


def test_answerable_labels_and_whole_word_matching() -> None:
    rows = [
        {"q": "a", "expect": ["No"], "kind": "yes_no"},
        {"q": "b", "expect": ["No"], "kind": "yes_no"},
        {"q": "c", "expect": ["Sean White"], "kind": "named_unknown", "answerable": False},
        {"q": "d", "expect": ["Sean White"], "kind": "named_unknown", "answerable": False},
    ]
    answers = [
        {"answered": True, "answer": "No — he left in May 2024.", "fields": []},
        # 'No' inside 'Now:' or 'Note:' is not the answer 'No'
        {"answered": True, "answer": "Sam Altman is CEO.\nNow: Sam Altman\nNote: As of 2023", "fields": []},
        # the base lacks it: declining is right, answering is not
        {"answered": False, "answer": "I have no record of who followed him.", "fields": []},
        {"answered": True, "answer": "Sean White is CEO.", "fields": []},
    ]
    result = bench.evaluate(rows, answers)
    assert (result["in_scope"], result["in_scope_correct"]) == (2, 1)
    assert (result["out_of_scope"], result["abstained"]) == (2, 1)
    assert result["coverage"] == 50.0 and result["scoped"] == 4


def test_an_expected_month_is_said_by_a_day_in_it_and_by_nothing_else() -> None:
    row = {"q": "when was gemini 2.5 pro released", "expect": ["March 2025"], "kind": "direct"}

    def said(text: str) -> bool:
        return bool(bench.answers_it(row, {"answered": True, "answer": text}))

    assert said("released on March 25, 2025; it topped LMArena") and said("on 25 March 2025")
    assert said("in March 2025")
    assert not said("on March 25, 2024") and not said("on 25 April 2025") and not said("March 2026")


CHAT6 = ROOT / "tests" / "data" / "questions_chat6.jsonl"
# The sixth blind set (385 questions, written before looking at the base, answerability labelled after),
# run once on round 3's final code: 88.9% right in scope, 98.1% abstentions, 2.4% off target. Not tuned on.
CHAT6_IN_SCOPE_FLOOR = 88.5
CHAT6_ABSTENTION_FLOOR = 97.5
CHAT6_OFF_TARGET_CEILING = 3.0


def test_sixth_chat_set_floors(core: Core) -> None:
    rows = bench.load_questions(CHAT6)
    assert len(rows) >= 300 and sum(not r["answerable"] for r in rows) / len(rows) >= 0.25
    result = bench.evaluate(rows, [to_json(ask(core, r["q"])) for r in rows])
    summary = bench.report(result, verbose=True)
    assert result["in_scope_accuracy"] >= CHAT6_IN_SCOPE_FLOOR, summary
    assert result["abstention"] >= CHAT6_ABSTENTION_FLOOR, summary
    assert result["off_target_rate"] <= CHAT6_OFF_TARGET_CEILING, summary


# The blind chat sets since the seventh, each written before looking at the base (answerability labelled
# after), with its floors: (right in scope, correct abstentions, off-target ceiling), all in %.
# - chat7: 427 questions; run once on round 4's code (9e87fd4): 95.4 / 97.2 / 4.2 after 16 labels were
#   corrected where the base did hold the answer (as first labelled: 95.0 / 90.3 / 4.6).
# - chat8: 459 questions, phase-1 sha256 99c63b04…; run once on 6f78d40: 95.4 / 90.9 / 10.3 as first
#   labelled; 6 labels corrected after reading the answers (the base held a co-founder or the deal's price):
#   95.5 / 93.2 / 7.8. Tuned on since (97.3 / 95.7 / 4.4 at the end of stop 31).
# - chat9: 497 questions, phase-1 sha256 c76008ed…, labelled against facts.db and the verified reference
#   rows; run once on 44cf38b: 92.6 / 95.3 / 7.0. Fixes of general causes since (a tie that has ended is
#   no 'still'; a departure on record answers 'did they leave'; chat filler before a yes/no; inflected
#   opinion words): 93.8 / 95.7 / 5.4.
BLIND_SETS = {
    "questions_chat7.jsonl": (95.0, 96.5, 4.5),
    "questions_chat8.jsonl": (97.0, 95.5, 4.5),
    "questions_chat9.jsonl": (92.5, 95.0, 7.0),
}


def _blind_set_holds(core: Core, path: Path, in_scope: float, abstention: float, off_target: float) -> None:
    """A blind chat set of 300+ questions, a quarter to decline, keeps its floors."""
    rows = bench.load_questions(path)
    assert len(rows) >= 300 and sum(r["expect"] is None for r in rows) / len(rows) >= 0.25
    result = bench.evaluate(rows, [to_json(ask(core, r["q"])) for r in rows])
    summary = bench.report(result, verbose=True)
    assert result["in_scope_accuracy"] >= in_scope, summary
    assert result["abstention"] >= abstention, summary
    assert result["off_target_rate"] <= off_target, summary


@pytest.mark.parametrize("name", sorted(BLIND_SETS))
def test_blind_chat_set_floors(core: Core, name: str) -> None:
    _blind_set_holds(core, ROOT / "tests" / "data" / name, *BLIND_SETS[name])
