"""Knowledge that stays true: answers on old facts say so; stale facts are listed; verify re-confirms."""

from __future__ import annotations

from datetime import date, timedelta
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


def _reference_stale(store: Store, scopes: list[str], cutoff: str) -> list[int]:
    """The stale report's order spelled out over every fact: open roles, then most asked, then oldest."""
    roles = {"ceo", "cto", "chair", "coo", "cfo", "president", "chief_scientist", "head_of_ai",
             "board_member", "interim_ceo", "co_ceo"}  # fmt: skip
    due = [
        f
        for f in store.all_facts(scopes)
        if not f.as_of or f.as_of < cutoff or f.needs_rewrite
    ]
    asked = store.ask_counts([f.id for f in due])
    due.sort(
        key=lambda f: (
            not (f.end is None and f.relation in roles),
            -asked[f.id],
            f.as_of and str(dates.first_day(f.as_of)),
            f.id,
        )
    )
    return [f.id for f in due]


def test_stale_reads_only_the_rows_it_shows_in_the_same_order_as_sorting_every_fact(store: Store) -> None:
    """Many due facts of every kind (as-of a year, a month or a day, none; open and ended roles; asked or
    not; another workspace's; removed; a recent fact whose sentence was flagged): the report shows the
    same first 25, in the same order, and counts the same, as sorting every fact would."""
    core = Core(store, today=lambda: date(2026, 6, 1))
    org = store.ensure_entity("Stalewick Labs", "organization", "global", "t")
    mine = store.ensure_entity("Workspace Corp", "organization", "slack:T1", "t")
    as_ofs = ["2019", "2019-01", "2019-01-01", "", "2018-12-31", "2019-02", "2020", "2026-05-30"]
    ids = []
    for i in range(120):
        relation = ("ceo", "released", "cto", "founder", "chair")[i % 5]
        fact_id = store.add_fact(
            {
                "subject_id": mine if i % 7 == 0 else org,
                "relation": relation,
                "object": f"Thing {i}",
                "start": "2015",
                "end": "2018" if i % 3 == 0 else None,
                "statement": f"Thing {i}.",
                "source_url": "https://example.com/x",
                "as_of": as_ofs[i % len(as_ofs)] or None,
                "scope": "slack:T1" if i % 7 == 0 else "global",
            },
            "t",
        )
        ids.append(fact_id)
    store.set_removed(ids[5], True, "t")
    store.flag_for_rewrite(ids[7], True)  # as of 2026-05-30: due only for its sentence
    for i in (1, 10, 11, 12, 40, 41, 42, 43):
        for _ in range(1 + i % 3):
            store.log_question("q", True, [ids[i]], 1.0, "console", "global")
    workspace = {"platform": "slack", "workspace": "T1"}
    for request_kw, scopes in (({}, ["global"]), (workspace, ["global", "slack:T1"])):
        for days in (365, 2495, 2708, 2677):  # the last two: cutoffs 2019-01-01 and 2019-02-01
            age, cutoff = f"{days}d", (date(2026, 6, 1) - timedelta(days=days)).isoformat()
            reply = run(core, StaleFacts(age), role=Role.GLOBAL_ADMIN, **request_kw)  # type: ignore[arg-type]
            expected = _reference_stale(store, scopes, cutoff)
            assert reply.fact_ids == tuple(expected[:25]), (age, scopes)
            assert reply.text.startswith(f"{len(expected)} fact(s) last checked"), (age, scopes)
    assert ids[5] not in run(core, StaleFacts("1y"), role=Role.GLOBAL_ADMIN).fact_ids
