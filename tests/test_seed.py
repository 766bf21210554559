"""The embedded facts.db is exactly what the reviewed seed builds, and re-seeding never touches admin work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factbot.bot.domain import sources
from factbot.bot.domain.model import Fact
from factbot.bot.domain.port import AddFact, EditFact, RemoveFact, Role, StaleFacts
from factbot.bot.ingest import seed
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.support import EMBEDDED_DB, REFERENCE, TODAY, ask, run


def _content(store: Store) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    def row(f: Fact) -> tuple[object, ...]:
        return (
            f.subject,
            f.relation,
            f.object,
            f.start,
            f.end,
            f.statement,
            f.source_url,
            f.source_title,
            f.as_of,
            f.note,
            f.scope,
            f.removed,
        )

    facts = {row(f) for f in store.all_facts()}
    entities = {(e.name, e.kind, e.description, tuple(sorted(e.aliases))) for e in store.entities()}
    return facts, entities


def test_committed_facts_db_matches_the_seed(tmp_path: Path) -> None:
    fresh = Store(tmp_path / "fresh.db")
    seed.load(fresh)
    committed = Store(EMBEDDED_DB)
    try:
        assert _content(committed) == _content(fresh)
    finally:
        committed.close()
        fresh.close()


def test_seed_is_big_and_sourced() -> None:
    rows = seed.read_jsonl(seed.DATA_DIR / "seed.jsonl")
    entities = seed.read_jsonl(seed.DATA_DIR / "entities.jsonl")
    orgs = {e["name"] for e in entities if e["kind"] == "organization"}
    assert len(rows) >= 540
    assert len({r["subject"] for r in rows} & orgs) >= 100
    for r in rows:
        assert r["source_url"].startswith(("http://", "https://")), r
        assert sources.weak_reason(r["source_url"]) is None, r
        # A date wherever the source has one; an undated page gets none rather than a guess.
        assert r["source_date"] or "source page is undated" in r["note"], r
        assert r["statement"], r


def test_shipped_base_is_broad_and_every_fact_dated_by_its_source() -> None:
    store = Store(EMBEDDED_DB)
    try:
        facts = store.all_facts()
        assert len(facts) >= 540
        assert len({f.subject_id for f in facts}) >= 130
        rows = {
            (r["relation"], r["object"], r["start"]): r for r in seed.read_jsonl(seed.DATA_DIR / "seed.jsonl")
        }
        for f in facts:
            assert (
                f.source_url.startswith(("http://", "https://")) and sources.weak_reason(f.source_url) is None
            )
            assert f.as_of == (rows[(f.relation, f.object, f.start)]["source_date"] or ""), f
    finally:
        store.close()


def test_an_undated_source_gives_no_as_of_and_is_first_to_recheck(core: Core) -> None:
    reply = ask(core, "who is the ceo of nvidia")
    assert reply.text.startswith("Jensen Huang"), reply.text
    assert all(s.as_of != "1993" for s in reply.sources)
    stale = run(core, StaleFacts(None), role=Role.GLOBAL_ADMIN)
    assert "Jensen Huang" in stale.fields[0].name or "Jensen Huang" in stale.fields[1].name, stale.fields[:3]


def test_seed_takes_every_verified_reference_fact() -> None:
    if not REFERENCE.exists():  # the reference sits beside the repo in the workplace and in CI
        pytest.skip(f"{REFERENCE} is absent (it lives in ../shared beside the repo)")
    reference = [json.loads(line) for line in REFERENCE.read_text().splitlines() if line.strip()]
    rows = seed.read_jsonl(seed.DATA_DIR / "seed.jsonl")
    ours = {(r["subject"], r["relation"], r["object"], r["start"]) for r in rows}
    verified = {
        (r["subject"], r["relation"], r["object"], r["start"])
        for r in reference
        if r["confidence"] == "verified"
    }
    assert verified <= ours
    unverified = {
        (r["subject"], r["relation"], r["object"], r["start"])
        for r in reference
        if r["confidence"] != "verified"
    }
    assert not unverified & ours


def test_founding_article_facts_are_answered(core: Core) -> None:
    assert "decentralized AI" in ask(core, "why did emad mostaque resign").text
    interim = ask(core, "who were the interim co-ceos of stability ai in april 2024").text
    assert "Shan Shan Wong" in interim and "Christian Laforte" in interim
    assert "Stable Diffusion" in ask(core, "when was stable diffusion released").text
    assert "Microsoft" in ask(core, "who invested in openai").text + " ".join(
        f.value for f in ask(core, "who invested in openai").fields
    )
    assert ask(core, "who is the ceo of google").text.startswith("Sundar Pichai")


def test_daniel_laforte_finds_christian_and_says_why(core: Core) -> None:
    reply = ask(core, "who is daniel laforte?")
    assert reply.answered
    assert "Christian Laforte" in reply.text
    assert any(f.name == "Note" and "Daniel Laforte" in f.value for f in reply.fields)


def test_reseeding_keeps_admin_changes(db_path: Path) -> None:
    store = Store(db_path)
    core = Core(store, today=lambda: TODAY)
    added = run(core, AddFact("Acme AI", "ceo", "Jane Roe", start="2025-01"), role=Role.GLOBAL_ADMIN)
    assert added.kind == "confirmation", added.text
    stability_ceo = next(
        f
        for f in store.all_facts()
        if f.subject == "Stability AI" and f.object == "Prem Akkaraju" and f.relation == "ceo"
    )
    edited = run(
        core, EditFact(stability_ceo.id, (("statement", "Edited by an admin."),)), role=Role.GLOBAL_ADMIN
    )
    assert edited.kind == "confirmation", edited.text
    some_seed_fact = next(f for f in store.all_facts() if f.subject == "Cohere" and f.relation == "ceo")
    run(core, RemoveFact(some_seed_fact.id), role=Role.GLOBAL_ADMIN)

    report = seed.load(store)

    assert report.added == 0 and report.kept == 2
    assert store.fact(stability_ceo.id).statement == "Edited by an admin."
    assert store.fact(some_seed_fact.id).removed
    assert "Jane Roe" in ask(core, "who runs acme ai").text
    store.close()


def test_committed_facts_db_holds_no_logged_questions() -> None:
    # Asking writes to the question log; the embedded file must ship without anyone's questions in it.
    store = Store(EMBEDDED_DB)
    try:
        assert store.question_count() == 0
        assert store.db.execute("SELECT count(*) FROM history WHERE actor != 'seed'").fetchone()[0] == 0
    finally:
        store.close()
