"""The weak-source blocklist: which hosts it holds, and that import, add, edit, verify, suggest and the seed
all refuse them (import only takes them with --allow-weak-source, listing each with the reason)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from factbot.bot.domain import sources
from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.port import AddFact, EditFact, Role, SuggestFact, VerifyFact
from factbot.bot.ingest import seed
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.cli_helpers import Cli, counts
from tests.support import run


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path) -> Cli:
    return Cli(capsys, db_path)


# The hosts the audit found behind 20 shipped facts: AI-written summaries, mirrors, a test server, blogs.
AUDITED_WEAK = [
    "https://zephtech.net/openai-chatgpt",
    "https://the-ledger.net/gpt-4",
    "https://infosekolah.net/anthropic",
    "https://churchofspiralism.com/wiki/Hugging_Face",
    "https://blakeir.com/databricks",
    "https://etcjournal.com/2025/claude",
    "https://faddat.com/x",
    "https://gopherproxy.meulie.net/lite.cnn.com/x",
    "https://www.scoopliner.com/x",
    "https://forntend-test-5sqwmq-3a22a9-107-172-80-230.traefik.me/x",
    "https://bwabtk.com/x",
    "https://stephenvantran.pages.dev/x",
    "https://newsar.codejungle.org/x",
    "https://www.codyfeda.com/x",
    "https://www.antoinebuteau.com/x",
    "https://network-securitas.com/x",
    "https://naaju.com/x",
    "https://denapawling.blogspot.com/2021/10/meta.html",
    "https://chatforest.com/x",
    "https://diverseportfolios.com/x",
    "https://whatstrending.ai/x",
    "https://fpj.ourdemoservers.com/x",
    "https://beginnersinai.org/x",
]


@pytest.mark.parametrize("url", AUDITED_WEAK)
def test_every_audited_weak_host_is_on_the_list_with_a_reason(url: str) -> None:
    reason = sources.weak_reason(url)
    assert reason and len(reason) > 10
    refusal = sources.refusal(url)
    assert refusal is not None and "weak source" in refusal and reason in refusal


@pytest.mark.parametrize(
    "url",
    [
        "https://www.axios.com/2024/03/23/artificial-intelligence-stability-ceo-resigns",
        "https://techcrunch.com/x",
        "https://www.sec.gov/x",
        "https://nvidia.com/de-de/about-nvidia/board-of-directors/jensen-huang",
        "https://notzephtech.net/x",  # a look-alike host is someone else
        "",
    ],
)
def test_publishers_and_look_alikes_are_not_weak(url: str) -> None:
    assert sources.weak_reason(url) is None


def test_sub_domains_platforms_and_bare_addresses_are_weak() -> None:
    assert sources.weak_reason("https://m.zephtech.net/x") == sources.weak_reason("https://zephtech.net/x")
    assert sources.weak_reason("https://someone.blogspot.com/post") is not None
    assert sources.weak_reason("https://blogspot.com/") is None  # the platform's own page
    assert sources.weak_reason("http://10.0.0.7/page") is not None
    assert sources.weak_reason("http://[::1]/page") is not None


def _weak_row(subject: str = "Weak Co") -> dict[str, str]:
    return {
        "subject": subject,
        "relation": "ceo",
        "object": "Pat Weak",
        "start": "2024",
        "source_url": "https://zephtech.net/weak-co",
        "source_date": "2024-05",
    }


def test_import_refuses_a_weak_source_naming_host_and_reason(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    data = tmp_path / "weak.jsonl"
    data.write_text(json.dumps(_weak_row()) + "\n", encoding="utf-8")
    before = counts(db_path)
    result = cli("facts", "import", str(data), db=db_path)
    assert result.code == 1
    assert "line 1" in result.err and "zephtech.net is a weak source" in result.err
    assert sources.weak_reason("https://zephtech.net/") in result.err  # type: ignore[operator]
    assert counts(db_path) == before

    allowed = cli("facts", "import", str(data), "--allow-weak-source", db=db_path)
    assert allowed.code == 0, allowed.err
    assert "Imported 1 new fact(s)" in allowed.out
    assert "Taken from weak sources (1" in allowed.out and "zephtech.net" in allowed.out


def test_add_edit_verify_and_suggest_refuse_weak_sources(core: Core, store: Store) -> None:
    weak = "https://zephtech.net/acme"
    added = run(core, AddFact("Acme AI", "ceo", "Jane Roe", source_url=weak), role=Role.GLOBAL_ADMIN)
    assert added.is_error and "zephtech.net is a weak source" in added.text
    assert store.find_entity("Acme AI", ["global"]) is None
    suggested = run(core, SuggestFact("Acme AI", "ceo", "Jane Roe", source_url=weak))
    assert suggested.is_error and "weak source" in suggested.text
    fact = store.all_facts()[0]
    edited = run(core, EditFact(fact.id, (("source_url", weak),)), role=Role.GLOBAL_ADMIN)
    assert edited.is_error and "weak source" in edited.text
    verified = run(core, VerifyFact(fact.id, weak), role=Role.GLOBAL_ADMIN)
    assert verified.is_error and "weak source" in verified.text
    assert store.fact(fact.id).source_url == fact.source_url and store.fact(fact.id).as_of == fact.as_of


def test_the_seed_loader_refuses_a_weak_source(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(seed.DATA_DIR, data)
    with (data / "seed.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(_weak_row("Stability AI")) + "\n")
    store = Store(tmp_path / "x.db")
    try:
        with pytest.raises(BadArgument, match="weak source"):
            seed.load(store, data)
        assert store.count_facts(include_removed=True) == 0
    finally:
        store.close()
