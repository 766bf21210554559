"""Upgrading a deployed fact base to a new seed edition: new facts arrive, corrected seed rows are
superseded (kept in history), and every admin change wins and is listed as a conflict."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from factbot.bot.bootstrap import build, open_store
from factbot.bot.domain.port import AddFact, EditFact, RemoveFact, Role, VerifyFact
from factbot.bot.ingest import seed
from factbot.bot.settings import Settings, user_db_path
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.cli_helpers import Cli
from tests.support import ROOT, TODAY, ask, run

# The fact base the previous release shipped (seed edition 1: 172 facts, schema v3); never rebuild it.
EDITION_1 = ROOT / "tests" / "data" / "facts-edition1.db"


@pytest.fixture
def old_base(tmp_path: Path) -> Path:
    path = tmp_path / "deployed.db"
    shutil.copyfile(EDITION_1, path)
    return path


def _find(store: Store, subject: str, relation: str, obj: str) -> int:
    entity = store.find_entity(subject, ["global"])
    assert entity is not None
    row = store.db.execute(
        "SELECT id FROM facts WHERE subject_id = ? AND relation = ? AND object = ?",
        [entity.id, relation, obj],
    ).fetchone()
    assert row is not None, (subject, relation, obj)
    return int(row[0])


def test_upgrade_keeps_every_admin_change_and_supersedes_corrected_rows(old_base: Path) -> None:
    store = Store(old_base)
    core = Core(store, today=lambda: TODAY)
    admin = Role.GLOBAL_ADMIN

    def change(command: object, role: Role = admin, **kw: str) -> None:
        reply = run(core, command, role=role, **kw)  # type: ignore[arg-type]
        assert reply.kind == "confirmation", reply.text

    # Admins at work for months on the edition-1 base:
    founder = _find(store, "Stability AI", "founder", "Emad Mostaque")  # edition 2 corrects it to cofounder
    change(EditFact(founder, (("statement", "Emad Mostaque founded Stability AI (admin wording)."),)))
    cto = _find(store, "Stability AI", "cto", "Christian Laforte")  # edition 2 re-sources it in place
    change(RemoveFact(cto))
    abbeel = _find(
        store, "Amazon", "other", "Pieter Abbeel (lead of frontier model research, AGI organization)"
    )
    change(VerifyFact(abbeel, "https://www.amazon.science/abbeel"))  # edition 2 drops it (unverified now)
    change(AddFact("Acme AI", "ceo", "Jane Roe", start="2025-01", source_url="https://acme.example/news"))
    change(AddFact("Acme AI", "cto", "Sam Poe"), Role.WORKSPACE_ADMIN, workspace="T1", platform="slack")
    untouched = _find(store, "Google", "invested_in", "Anthropic ($500 million plus $1.5 billion committed)")
    admin_facts = {f.id: asdict(f) for f in store.all_facts() if f.added_by != "seed"} | {
        i: asdict(store.fact(i)) for i in (founder, cto, abbeel)
    }
    assert len(admin_facts) == 5
    history_before = {i: len(store.history(i)) for i in admin_facts}
    assert seed.is_outdated(store)

    report = seed.load(store)

    for fact_id, before in admin_facts.items():  # not one admin change is lost or altered
        assert asdict(store.fact(fact_id)) == before
        assert len(store.history(fact_id)) == history_before[fact_id]
    joined = "\n".join(report.conflicts)
    for fact_id in (founder, cto, abbeel):
        assert f"#{fact_id} " in joined
    assert "the correction not added" in joined
    # The admin's founder row stands, so the cofounder correction that would replace it is not added.
    stability = store.find_entity("Stability AI", ["global"])
    assert stability is not None
    assert not [f for f in store.facts_about(stability.id, ["global"], ["cofounder"]) if "Emad" in f.object]
    # An untouched corrected row is superseded: retired with its history kept, the correction live.
    assert store.fact(untouched).removed
    assert [h.action for h in store.history(untouched)][-1] == "remove"
    google = store.find_entity("Google", ["global"])
    assert google is not None
    corrected = [
        f for f in store.facts_about(google.id, ["global"], ["invested_in"]) if "Anthropic" in f.object
    ]
    assert [f.start for f in corrected] == ["2023-10-27"]
    assert report.added > 350 and report.superseded >= 30 and report.kept >= 2
    assert store.count_facts() >= 540
    assert "Lip-Bu Tan" in ask(core, "who is the ceo of intel").text
    assert "Jane Roe" in ask(core, "who runs acme ai").text
    assert "Sam Poe" in ask(core, "who is the cto of acme ai", platform="slack", workspace="T1").text

    # The base now records the edition: upgrading again changes nothing and nothing starts over.
    assert not seed.is_outdated(store)
    history_rows = store.db.execute("SELECT count(*) FROM history").fetchone()[0]
    again = seed.load(store)
    assert (again.added, again.updated, again.retired, again.superseded) == (0, 0, 0, 0)
    assert store.db.execute("SELECT count(*) FROM history").fetchone()[0] == history_rows
    store.close()


def test_db_upgrade_command_reports_what_it_did(old_base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(capsys, old_base)
    done = cli("db", "upgrade")
    assert done.code == 0, done.err
    assert "from no seed edition to edition" in done.out and "superseded" in done.out
    again = cli("db", "upgrade")
    assert "0 added, 0 superseded" in again.out


def test_the_bots_upgrade_an_outdated_base_at_start_up(old_base: Path) -> None:
    app = build(Settings(db_path=str(old_base)), upgrade=True)
    try:
        assert not seed.is_outdated(app.store) and app.store.count_facts() >= 540
    finally:
        app.close()


def test_a_base_without_seed_facts_is_never_seeded_behind_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "own.db"
    store = Store(path)
    run(Core(store, today=lambda: TODAY), AddFact("Acme AI", "ceo", "Jane Roe"), role=Role.GLOBAL_ADMIN)
    store.close()
    app = build(Settings(db_path=str(path)), upgrade=True)
    try:
        assert app.store.count_facts() == 1
    finally:
        app.close()


def test_the_per_user_base_follows_the_package_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    target = user_db_path({"XDG_DATA_HOME": str(tmp_path / "xdg")})
    target.parent.mkdir(parents=True)
    shutil.copyfile(EDITION_1, target)
    store = open_store(Settings(db_path=str(target), db_is_user_default=True))
    try:
        assert not seed.is_outdated(store) and store.count_facts() >= 540
    finally:
        store.close()
