"""`factbot wikidata sync` against a local fake of the Wikidata API (tests/fakes/wikidata.py): differences
become proposals in the review queue, nothing reaches the facts before an admin approves, a second sync
proposes nothing new, rejected differences stay rejected, and a slow or failing API is survived.

The companies and people are invented (Examplo AI, Mockmind, …), so no fixture can be taken for a real fact.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from factbot.bot.domain.model import Fact
from factbot.bot.domain.port import AddFact, DecideProposal, ReviewProposals, Role
from factbot.bot.ingest import wikidata_sync
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from factbot.cli import main
from factbot.wikidata_client import WikidataClient
from tests.fakes.wikidata import FakeWikidata, item, serve, statement
from tests.support import TODAY, run

EXAMPLO, MOCKMIND, TWIN_A, TWIN_B = "Q900001", "Q900002", "Q900003", "Q900004"
ADA, BRAM, CORA, EVE, FINN = "Q900010", "Q900011", "Q900012", "Q900013", "Q900014"


def people() -> list[dict[str, object]]:
    return [
        item(ADA, "Ada Quellwater", human=True),
        item(BRAM, "Bram Testa", human=True),
        item(CORA, "Cora Samplewood", human=True),
        item(EVE, "Eve Example", human=True),
        item(FINN, "Finn Fiction", human=True),
    ]


def wikidata_says() -> FakeWikidata:
    fake = FakeWikidata()
    fake.add(
        *people(),
        item(
            EXAMPLO,
            "Examplo AI",
            description="invented AI company",
            claims={
                # Ada's CEO role ended and Cora took over (a changed CEO); the chair's start moved a month.
                "P169": [
                    statement("P169", ADA, "2016-03", "2024-06-30"),
                    statement("P169", CORA, "2024-07-01", rank="preferred"),
                ],
                "P488": [statement("P488", BRAM, "2021-06")],
                "P112": [statement("P112", ADA)],
            },
        ),
        # Wikidata names another CEO than the one stored, over the same years: a conflict for review.
        item(MOCKMIND, "Mockmind", claims={"P169": [statement("P169", FINN, "2022")]}),
        item(TWIN_A, "Twin Labs", description="one company"),
        item(TWIN_B, "Twin Labs", description="another company"),
    )
    return fake


def base(store: Store) -> Core:
    core = Core(store, today=lambda: TODAY)
    for cmd in (
        AddFact("Examplo AI", "ceo", "Ada Quellwater", start="2016-03", source_url="https://example.com/a"),
        AddFact("Examplo AI", "chair", "Bram Testa", start="2021-07", source_url="https://example.com/b"),
        AddFact("Examplo AI", "founder", "Ada Quellwater", source_url="https://example.com/c"),
        AddFact("Mockmind", "ceo", "Eve Example", start="2020", source_url="https://example.com/d"),
        AddFact("Twin Labs", "cto", "Gil Grey", start="2023", source_url="https://example.com/e"),
    ):
        assert not run(core, cmd, role=Role.GLOBAL_ADMIN).is_error
    return core


@pytest.fixture
def fake() -> Iterator[FakeWikidata]:
    with serve(wikidata_says()) as f:
        yield f


def client(fake: FakeWikidata, **kw: object) -> WikidataClient:
    return WikidataClient(api_url=fake.url, timeout=0.3, backoff=0, sleep=lambda _s: None, **kw)  # type: ignore[arg-type]


def live(store: Store) -> list[Fact]:
    return store.all_facts()


def test_differences_become_proposals_and_nothing_is_written(empty_store: Store, fake: FakeWikidata) -> None:
    core = base(empty_store)
    before = live(empty_store)
    report = wikidata_sync.sync(empty_store, client(fake), today=TODAY)

    assert live(empty_store) == before  # not one fact added, ended or changed
    assert report.organizations == 3 and report.matched == 2 and report.linked == 2
    assert report.proposed == {"add": 2, "end": 1, "dates": 1} and report.conflicts == 1
    assert report.unchanged == 1  # the founder agrees
    assert [u.split(":")[0] for u in report.unconfirmed] == ["Twin Labs"]  # two items share that name
    pending = {(p.subject, p.change, p.object): p for p in empty_store.proposals(None)}
    ceo = {f.object: f for f in live(empty_store) if f.relation == "ceo"}
    ended = pending[("Examplo AI", "end", "Ada Quellwater")]
    assert (ended.target_fact_id, ended.end) == (ceo["Ada Quellwater"].id, "2024-06-30")
    new_ceo = pending[("Examplo AI", "add", "Cora Samplewood")]
    assert (new_ceo.relation, new_ceo.start, new_ceo.end) == ("ceo", "2024-07-01", None)
    assert new_ceo.source_url == f"https://www.wikidata.org/wiki/{EXAMPLO}" and new_ceo.origin == "wikidata"
    chair = pending[("Examplo AI", "dates", "Bram Testa")]
    assert chair.start == "2021-06"
    conflict = pending[("Mockmind", "add", "Finn Fiction")]
    assert f"conflicts with fact #{ceo['Eve Example'].id}" in conflict.note
    # The QIDs that search confirmed are stored; the ambiguous one is not guessed.
    ids = {e.name: empty_store.qid(e.id) for e in empty_store.entities() if e.kind == "organization"}
    assert ids == {"Examplo AI": EXAMPLO, "Mockmind": MOCKMIND, "Twin Labs": None}
    # The admins' queue shows what approving would do.
    review = run(core, ReviewProposals(), role=Role.GLOBAL_ADMIN)
    assert len(review.proposal_ids) == 4
    assert any(f"End fact #{ceo['Ada Quellwater'].id}" in f.value for f in review.fields)


def test_a_second_sync_proposes_nothing_new_and_rejections_are_remembered(
    empty_store: Store, fake: FakeWikidata
) -> None:
    core = base(empty_store)
    first = wikidata_sync.sync(empty_store, client(fake), today=TODAY)
    second = wikidata_sync.sync(empty_store, client(fake), today=TODAY)
    assert sum(second.proposed.values()) == 0 and second.known == 4
    assert second.linked == 0 and second.matched == 2
    searched = [r.query["search"] for r in fake.of("wbsearchentities")]
    assert searched.count("Examplo AI") == 1 and searched.count("Twin Labs") == 2  # stored QIDs: no search

    by_change = {p.change: p for p in empty_store.proposals(None) if p.subject == "Examplo AI"}
    conflict = next(p for p in empty_store.proposals(None) if p.subject == "Mockmind")
    assert not run(core, DecideProposal(conflict.id, False, "Eve is right"), role=Role.GLOBAL_ADMIN).is_error
    assert not run(core, DecideProposal(by_change["end"].id, True), role=Role.GLOBAL_ADMIN).is_error
    assert not run(core, DecideProposal(by_change["add"].id, True), role=Role.GLOBAL_ADMIN).is_error
    facts = {(f.relation, f.object): f for f in live(empty_store)}
    assert facts[("ceo", "Ada Quellwater")].end == "2024-06-30"
    cora = facts[("ceo", "Cora Samplewood")]
    assert (cora.start, cora.source_url, cora.source_title) == (
        "2024-07-01",
        f"https://www.wikidata.org/wiki/{EXAMPLO}",
        f"Wikidata {EXAMPLO}",
    )
    assert ("ceo", "Finn Fiction") not in facts

    third = wikidata_sync.sync(empty_store, client(fake), today=TODAY)
    assert sum(third.proposed.values()) == 0  # the rejected conflict is not brought up again
    assert [p.change for p in empty_store.proposals(None)] == ["dates"]  # only the chair's dates wait
    assert (third.known, third.unchanged) == (2, 3) and len(
        first.proposal_ids
    ) == 4  # approved ones now agree


def test_requests_are_batched_and_say_who_is_asking(empty_store: Store) -> None:
    fake = FakeWikidata()
    for n in range(60):
        qid = f"Q91{n:04d}"
        fake.add(item(qid, f"Shellco {n}"))
        empty_store.set_qid(empty_store.ensure_entity(f"Shellco {n}", "organization", "global", "test"), qid)
    with serve(fake):
        seen: list[tuple[int, int]] = []
        report = wikidata_sync.sync(empty_store, client(fake), progress=lambda d, t, _w: seen.append((d, t)))
    sizes = [len(r.query["ids"].split("|")) for r in fake.of("wbgetentities")]
    assert sizes == [50, 10] and report.matched == 60 and fake.of("wbsearchentities") == []
    assert all(r.user_agent.startswith("factbot/") for r in fake.requests)
    assert seen[-1] == (120, 120) and len(seen) == 120  # progress for every organization, twice


def test_a_timeout_is_retried_then_reported_and_changes_nothing(
    empty_store: Store, fake: FakeWikidata
) -> None:
    base(empty_store)
    fake.stall_next(2)  # the first search, and its one retry, time out
    slow = client(fake, retries=1)
    report = wikidata_sync.sync(empty_store, slow, today=TODAY)
    assert len(fake.of("wbsearchentities")) == 4  # Examplo AI twice, then Mockmind and Twin Labs
    assert (
        report.failed
        and "Examplo AI: search failed (no answer within 0.3 s, after 2 attempt(s))" in report.failed[0]
    )
    assert {p.subject for p in empty_store.proposals(None)} == {"Mockmind"}
    assert empty_store.qid(empty_store.find_entity("Examplo AI", ["global"]).id) is None  # type: ignore[union-attr]
    # A server error is retried too, and the next run picks up what the failed one missed.
    fake.fail_next(503)
    again = wikidata_sync.sync(empty_store, client(fake, retries=1), today=TODAY)
    assert again.failed == [] and again.proposed["end"] == 1 and again.known == 1


def test_the_console_command_against_the_fake(
    db_path: Path, fake: FakeWikidata, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(db_path)
    try:
        base(store)
    finally:
        store.close()
    monkeypatch.setenv("WIKIDATA_API_URL", fake.url)
    out = io.StringIO()
    assert main(["wikidata", "sync", "--db", str(db_path), "Examplo AI", "Mockmind"], stdout=out) == 0
    text = out.getvalue()
    assert "Checked 2 organization(s) against Wikidata: 2 matched (2 newly linked)" in text
    assert (
        "Proposed 4 change(s) for review (2 new role(s), 1 ended, 1 with changed dates; 1 conflicting)"
        in text
    )
    out = io.StringIO()
    assert main(["wikidata", "sync", "--db", str(db_path), "Examplo AI", "Mockmind"], stdout=out) == 0
    assert "Proposed 0 change(s)" in out.getvalue() and "4 proposed before" in out.getvalue()
    # Unknown names and bad ids are one clear line each.
    assert main(["wikidata", "sync", "--db", str(db_path), "Nonesuch Corp"], stdout=io.StringIO()) == 1
    assert "No organization called 'Nonesuch Corp'" in capsys.readouterr().err
    assert main(["wikidata", "link", "--db", str(db_path), "Twin Labs", "X12"], stdout=io.StringIO()) == 1
    out = io.StringIO()
    assert main(["wikidata", "link", "--db", str(db_path), "Twin Labs", TWIN_B], stdout=out) == 0
    out = io.StringIO()
    assert main(["wikidata", "sync", "--db", str(db_path), "Twin Labs"], stdout=out) == 0
    assert "1 matched (0 newly linked)" in out.getvalue()


def test_unreachable_wikidata_is_exit_1_and_changes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(FakeWikidata()) as gone:
        url = gone.url
    monkeypatch.setenv("WIKIDATA_API_URL", url)  # nothing listens there any more
    monkeypatch.setenv("WIKIDATA_TIMEOUT", "0.5")
    store = Store(db_path)
    try:
        base(store)
        qids = store.db.execute("SELECT count(*) FROM entities WHERE qid IS NOT NULL").fetchone()[0]
    finally:
        store.close()
    monkeypatch.setattr("time.sleep", lambda _s: None)
    out = io.StringIO()
    assert main(["wikidata", "sync", "--db", str(db_path), "Examplo AI"], stdout=out) == 1
    assert "1 failed" in out.getvalue() and "cannot connect" in out.getvalue()
    store = Store(db_path)
    try:
        assert store.proposals(None) == []
        assert store.db.execute("SELECT count(*) FROM entities WHERE qid IS NOT NULL").fetchone()[0] == qids
    finally:
        store.close()


def test_the_core_stays_network_free() -> None:
    """The sync's comparison lives in the core; only adapters/wikidata_client.py speaks HTTP."""
    import subprocess
    import sys

    from tests.support import ROOT

    code = (
        "import importlib, pkgutil, sys; import factbot.bot as core; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(core.__path__, 'factbot.bot.')]; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('socket', 'http', 'ssl', 'aiohttp', 'matplotlib') or m == 'urllib.request'))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"  # matplotlib too: imported only when drawing


@pytest.mark.asyncio
async def test_the_bots_daily_sync_runs_once_a_day_even_across_restarts(
    db_path: Path, fake: FakeWikidata
) -> None:
    from datetime import UTC, datetime, timedelta

    from factbot.bot.domain.errors import BadArgument
    from factbot.runner import CoreRunner
    from factbot.watch_poster import wikidata_sync_from_env

    env = {"FACTBOT_WIKIDATA_SYNC": "daily", "WIKIDATA_API_URL": fake.url, "WIKIDATA_TIMEOUT": "2"}
    assert wikidata_sync_from_env({}, None) is None  # type: ignore[arg-type]
    with pytest.raises(BadArgument, match="daily or off"):
        wikidata_sync_from_env({"FACTBOT_WIKIDATA_SYNC": "hourly"}, None)  # type: ignore[arg-type]
    now = datetime(2027, 1, 4, 3, 0, tzinfo=UTC)
    for hours_later, runs in ((0, True), (23, False)):
        store = Store(db_path)  # each round a new process: the last run is read from the base
        runner = CoreRunner(Core(store, today=lambda: TODAY))
        try:
            if hours_later == 0:
                base(store)
            job = wikidata_sync_from_env(env, runner)
            assert job is not None
            assert await job.run_if_due(now + timedelta(hours=hours_later)) is runs
        finally:
            runner.close()
            store.close()
    store = Store(db_path)
    try:
        assert len(store.proposals(None)) == 4  # the first run's, through its own connection
        assert store.last_run("wikidata_sync") == now.isoformat()
    finally:
        store.close()
    assert len(fake.of("wbgetentities")) == 2  # one run: the organizations, then their people
