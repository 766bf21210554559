"""Knowledge that stays true: answers on old facts say so; stale facts are listed; verify re-confirms."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from factbot.bot.domain import dates
from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.port import Role, StaleFacts, VerifyFact
from factbot.bot.settings import Settings
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.support import ask, run


def _note(reply_fields: tuple[object, ...]) -> list[str]:
    return [f.value for f in reply_fields if getattr(f, "name", "") == "Note"]  # type: ignore[attr-defined]


def test_an_answer_on_an_old_fact_says_it_may_have_changed(core: Core) -> None:
    reply = ask(core, "who runs stability ai")
    assert _note(reply.fields) == ["As of September 2024 — may have changed."]


def test_a_recent_fact_carries_no_warning_and_the_age_is_configurable(store: Store) -> None:
    recent = Core(store, today=lambda: date(2024, 12, 1))  # 10 weeks after the source's as-of date
    assert _note(ask(recent, "who runs stability ai").fields) == []
    strict = Core(store, today=lambda: date(2024, 12, 1), stale_after_days=30)
    assert _note(ask(strict, "who runs stability ai").fields) == ["As of September 2024 — may have changed."]
    assert Settings.from_env({"FACTBOT_STALE_AFTER": "1y"}).stale_after_days == 365
    with pytest.raises(BadArgument, match="FACTBOT_STALE_AFTER"):
        Settings.from_env({"FACTBOT_STALE_AFTER": "soon"})


def test_unanswered_questions_and_leadership_follow_the_same_rule(core: Core) -> None:
    assert _note(ask(core, "what's the weather in paris").fields) == []
    from factbot.bot.domain.port import Leadership

    assert _note(run(core, Leadership("stability ai")).fields)


def test_stale_lists_open_roles_first_then_the_most_asked_then_the_oldest(core: Core, store: Store) -> None:
    for _ in range(3):
        ask(core, "who founded anthropic")
    for _ in range(2):
        ask(core, "who is the ceo of cohere")
    reply = run(core, StaleFacts("1y"))
    assert reply.kind == "list" and "fact(s) last checked more than 365 days ago" in reply.text
    shown = [store.fact(i) for i in reply.fact_ids]
    open_role = [
        f.end is None
        and f.relation
        in (
            "ceo",
            "cto",
            "chair",
            "coo",
            "cfo",
            "president",
            "chief_scientist",
            "head_of_ai",
            "board_member",
            "interim_ceo",
            "co_ceo",
        )
        for f in shown
    ]
    assert open_role[0] and open_role == sorted(open_role, reverse=True)  # every open role comes first
    assert "Cohere" in reply.fields[0].name and "asked 2×" in reply.fields[0].value
    roles = [
        f.value
        for f, is_role in zip(reply.fields, open_role, strict=True)
        if is_role and "asked 0×" in f.value
    ]
    as_ofs = [v.split("as of ")[1].split(" ·")[0] for v in roles]
    undated = [a for a in as_ofs if a == "no dated source"]
    assert as_ofs[: len(undated)] == undated  # never confirmed by a dated source: the first to re-check
    dated = as_ofs[len(undated) :]
    assert dated == sorted(dated, key=dates.first_day)
    # Facts no dated source confirmed are always due; once verified, nothing is older than 40 years.
    undated_facts = run(core, StaleFacts("40y"))
    assert undated_facts.kind == "list" and all("no dated source" in f.value for f in undated_facts.fields)
    for fact_id in undated_facts.fact_ids:
        run(core, VerifyFact(fact_id), role=Role.GLOBAL_ADMIN)
    assert run(core, StaleFacts("40y")).text.startswith("Every fact was checked")
    assert run(core, StaleFacts("soon")).kind == "error"


def test_verify_re_confirms_goes_into_history_and_needs_rights(core: Core, store: Store) -> None:
    refused = run(core, VerifyFact(9), role=Role.MEMBER)
    assert refused.kind == "error" and store.fact(9).as_of == "2024-09-24"
    done = run(core, VerifyFact(9, "https://stability.ai/news"), role=Role.GLOBAL_ADMIN, user="root")
    assert done.kind == "confirmation" and "as of 2026-11-28" in done.text
    fact = store.fact(9)
    assert (fact.as_of, fact.source_url, fact.source_title) == (
        "2026-11-28",
        "https://stability.ai/news",
        "stability.ai",
    )
    last = store.history(9)[-1]
    assert last.action == "verify" and last.actor == "console:root" and last.old is not None
    assert last.old["as_of"] == "2024-09-24"
    assert _note(ask(core, "who runs stability ai").fields) == []
    assert run(core, VerifyFact(9, "ftp://nope"), role=Role.GLOBAL_ADMIN).kind == "error"


def test_parse_age() -> None:
    assert [dates.parse_age(a) for a in ("90d", "2w", "6m", "1y", " 3M ")] == [90, 14, 180, 365, 90]
    for bad in ("", "0d", "6", "six months", "5x"):
        with pytest.raises(BadArgument):
            dates.parse_age(bad)


def test_the_cli_lists_stale_facts_and_verifies(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from factbot.cli import main

    out = io.StringIO()
    assert main(["facts", "stale", "2y", "--db", str(db_path)], stdout=out) == 0
    assert "fact(s) last checked more than 730 days ago" in out.getvalue()
    out = io.StringIO()
    assert main(["facts", "verify", "9", "https://stability.ai/news", "--db", str(db_path)], stdout=out) == 0
    assert "re-checked" in out.getvalue()
    assert main(["facts", "stale", "someday", "--db", str(db_path)]) == 1
    assert "age must look like" in capsys.readouterr().err
