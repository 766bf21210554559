"""Feedback on answers: 👍/👎 about the facts an answer used, with what was wrong; gaps and history show it."""

from __future__ import annotations

import io
from pathlib import Path

from factbot.bot.domain.port import Feedback, Gaps, ShowHistory
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from factbot.cli import main
from tests.support import ask, run


def test_votes_are_recorded_against_the_facts_and_shown_in_gaps_and_history(core: Core, store: Store) -> None:
    answer = ask(core, "who runs stability ai")
    assert answer.answered and answer.fact_ids
    ids = answer.fact_ids
    assert run(core, Feedback(ids, True)).text == "Thanks for the feedback!"
    down = run(core, Feedback(ids, False, "Prem left in 2026"), platform="slack", workspace="T1")
    assert down.kind == "confirmation" and down.ephemeral and "fact gaps" in down.text
    run(core, Feedback((ids[0],), False), platform="slack", workspace="T1")
    gaps = run(core, Gaps(), platform="slack", workspace="T1")
    voted = [f for f in gaps.fields if f.name.startswith("👎")]
    assert voted[0].name == f"👎 2× · fact #{ids[0]}" and "latest: 'Prem left in 2026'" in voted[0].value
    history = run(core, ShowHistory(ids[0]))
    assert "👍 1 👎 2" in history.text and "asked 1×" in history.text


def test_feedback_is_checked_and_a_refusal_records_nothing(core: Core, store: Store) -> None:
    before = store.db.execute("SELECT count(*) FROM feedback").fetchone()[0]
    assert run(core, Feedback((), True)).kind == "error"
    assert run(core, Feedback((999_999,), False)).kind == "error"
    assert run(core, Feedback((9,), False, "x" * 600)).kind == "error"
    # Another workspace's fact cannot be voted on from here.
    from factbot.bot.domain.port import AddFact, Role

    local = run(
        core,
        AddFact("Team Co", "ceo", "Kim Lee"),
        role=Role.WORKSPACE_ADMIN,
        platform="slack",
        workspace="T1",
    )
    assert run(core, Feedback(local.fact_ids, False), platform="slack", workspace="T2").kind == "error"
    assert store.db.execute("SELECT count(*) FROM feedback").fetchone()[0] == before


def test_the_console_chat_takes_feedback(db_path: Path) -> None:
    out = io.StringIO()
    lines = (
        "fact feedback 9 down the CEO changed\nfact feedback 9,2 up\nfact feedback 9 sideways\nfact gaps\n"
    )
    assert main(["chat", "--db", str(db_path)], stdin=io.StringIO(lines), stdout=out) == 0
    text = out.getvalue()
    assert "Thanks: noted" in text and "Thanks for the feedback!" in text
    assert "Usage: fact feedback ID[,ID…] up|down" in text
    assert "👎 1× · fact #9" in text and "the CEO changed" in text
