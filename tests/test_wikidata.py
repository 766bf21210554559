"""Bootstrapping from Wikidata entity JSON: the mapping, dates by precision, sources, aliases, idempotence,
conflicts with facts admins stored, references to items not in the files, and bad files.

The fixtures describe an invented company (Examplo AI, Q900001) and invented people, so no fact could be
taken for a real one: tests/data/wikidata/examplo_ai.json is a Special:EntityData document,
tests/data/wikidata/people_dump.json the same people in the JSON dump format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.model import Fact, WikidataReport
from factbot.bot.domain.port import AddFact, Role
from factbot.bot.ingest.wikidata import _date, _Time, import_wikidata
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.support import ROOT, TODAY, ask, run

DATA = ROOT / "tests" / "data" / "wikidata"
ENTITY_DOC = DATA / "examplo_ai.json"
DUMP = DATA / "people_dump.json"
FILES = [ENTITY_DOC, DUMP]
ACTOR = "test:wikidata"
URL = "https://www.wikidata.org/wiki/Q900001"


def _import(store: Store, paths: list[Path] = FILES, scope: str = "global") -> WikidataReport:
    return import_wikidata(store, paths, ACTOR, scope, TODAY)


def _imported(store: Store) -> list[Fact]:
    return [f for f in store.all_facts() if f.origin == "wikidata"]


def _by(store: Store, subject: str, relation: str) -> dict[str, Fact]:
    return {f.object: f for f in _imported(store) if f.subject == subject and f.relation == relation}


def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(ENTITY_DOC.read_text(encoding="utf-8"))
    return doc


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _snapshot(store: Store) -> tuple[list[Fact], list[tuple[int, str, str, str]]]:
    return store.all_facts(), sorted(store.names())


# -- what gets imported ---------------------------------------------------------------------------------


def test_import_into_an_empty_store(empty_store: Store) -> None:
    report = _import(empty_store)
    assert (report.added, report.unchanged, report.conflicts) == (10, 0, [])
    assert report.entities == 8

    ceo = _by(empty_store, "Examplo AI", "ceo")
    assert set(ceo) == {"Ada Quellwater", "Cora Samplewood"}  # Dexter Fauxley's statement is deprecated
    assert (ceo["Ada Quellwater"].start, ceo["Ada Quellwater"].end) == ("2016-03", "2021-06-30")
    assert (ceo["Cora Samplewood"].start, ceo["Cora Samplewood"].end) == ("2021-07-01", None)
    assert set(_by(empty_store, "Examplo AI", "founder")) == {"Ada Quellwater", "Bram Testa"}
    assert {(o, f.start) for o, f in _by(empty_store, "Examplo AI", "chair").items()} == {
        ("Bram Testa", "2021-07")
    }
    other = {o: f.start for o, f in _by(empty_store, "Examplo AI", "other").items()}
    assert other == {"founded": "2016-03", "owned by Fictional Holdings Group": "2019"}
    robotics = {o: f.start for o, f in _by(empty_store, "Examplo Robotics", "other").items()}
    assert robotics == {"founded": "2022", "part of Examplo AI": None}
    assert {o: f.start for o, f in _by(empty_store, "Examplo Robotics", "ceo").items()} == {
        "Eli Mockridge": "2022-05-16"
    }

    for fact in _imported(empty_store):
        qid = "Q900002" if fact.subject == "Examplo Robotics" else "Q900001"
        assert fact.source_url == f"https://www.wikidata.org/wiki/{qid}"
        assert fact.source_title == f"Wikidata {qid}"
        assert fact.as_of == ("2026-09-12" if qid == "Q900002" else "2026-10-05")  # the item's `modified`
        assert fact.added_by == ACTOR and fact.scope == "global"
    cora = ceo["Cora Samplewood"]
    assert cora.statement == "Cora Samplewood — CEO of Examplo AI (since 1 July 2021)."
    assert cora.object_id == empty_store.find_entity("Cora Samplewood", ["global"]).id  # type: ignore[union-attr]
    assert (
        _by(empty_store, "Examplo AI", "other")["founded"].statement
        == "Examplo AI was founded in March 2016."
    )


def test_entities_kinds_and_aliases(empty_store: Store) -> None:
    _import(empty_store)
    kinds = {e.name: (e.kind, e.aliases) for e in empty_store.entities()}
    assert kinds == {
        "Examplo AI": ("organization", ("Examplo", "Examplo Labs")),
        "Examplo Robotics": ("organization", ()),
        "Fictional Holdings Group": ("organization", ()),
        "Ada Quellwater": ("person", ("Ada Q. Quellwater",)),
        "Bram Testa": ("person", ()),
        "Cora Samplewood": ("person", ("Cora J. Samplewood",)),
        "Eli Mockridge": ("person", ()),
    }  # no Dexter Fauxley (deprecated) and nothing for Q900099 (not in the files)


def test_what_is_skipped_is_reported(empty_store: Store) -> None:
    report = _import(empty_store)
    assert report.skipped == [
        "Examplo AI (Q900001): chair: the value is unknown ('some value') on Wikidata; skipped",
        "Q900099 (director/manager of Examplo AI, Q900001) is not in the files given; skipped",
        "Fictional Holdings Group (Q900020): inception: the inception date is known only to a decade or "
        "coarser (Wikidata precision 8); skipped",
    ]
    assert "skipped 1 deprecated statement(s)" in report.warnings
    assert "Q900002 has no English label; named 'Examplo Robotics' from its en-gb label" in report.warnings


@pytest.mark.parametrize("seeded", [False, True])
def test_the_core_answers_from_imported_facts(store: Store, empty_store: Store, seeded: bool) -> None:
    target = store if seeded else empty_store
    _import(target)
    core = Core(target, today=lambda: TODAY)
    for question in ("who runs examplo ai", "who runs examplo labs"):  # the name and a Wikidata alias
        reply = ask(core, question)
        assert reply.answered, reply.text
        assert reply.text == "Cora Samplewood has been CEO of Examplo AI since 1 July 2021."
        assert [(f.name, f.value) for f in reply.fields] == [
            ("Before", "Ada Quellwater (CEO, Mar 2016–Jun 2021)")
        ]
        assert reply.sources[0].url == URL and reply.sources[0].as_of == "2026-10-05"
    assert "Bram Testa" in ask(core, "who is the chair of examplo ai").text
    assert ask(core, "who runs examplo robotics").text.startswith(
        "Eli Mockridge has been CEO of Examplo Robotics"
    )


def test_the_seeded_base_keeps_its_facts(store: Store) -> None:
    before = store.all_facts()
    report = _import(store)
    assert (report.added, report.conflicts) == (10, [])
    after = store.all_facts()
    assert after[: len(before)] == before
    assert len(after) == len(before) + 10


def test_a_second_import_adds_nothing(store: Store) -> None:
    _import(store)
    before = _snapshot(store)
    again = _import(store)
    assert (again.added, again.unchanged, again.conflicts) == (0, 10, [])
    assert _snapshot(store) == before


# -- never overwriting what admins stored ---------------------------------------------------------------


def test_a_different_ceo_stored_by_an_admin_is_a_conflict(core: Core, store: Store) -> None:
    reply = run(
        core,
        AddFact("Examplo AI", "ceo", "Zed Override", start="2022-01", source_url="https://example.com/zed"),
        role=Role.GLOBAL_ADMIN,
    )
    assert reply.kind == "confirmation", reply.text
    admin_id = reply.fact_ids[0]
    admin_fact = store.fact(admin_id)

    report = _import(store)
    assert report.conflicts == [
        "Examplo AI (Q900001): Wikidata says CEO Cora Samplewood (since 1 July 2021), but fact "
        f"#{admin_id} says CEO Zed Override (since January 2022); not added, please review"
    ]
    assert store.fact(admin_id) == admin_fact
    assert [h.action for h in store.history(admin_id)] == ["add"]
    ceos = {f.object for f in store.all_facts() if f.subject == "Examplo AI" and f.relation == "ceo"}
    assert ceos == {"Zed Override", "Ada Quellwater"}  # Ada's period ended before Zed's began: no conflict
    assert report.added == 9

    again = _import(store)  # still reported, still not added
    assert (again.added, again.conflicts) == (0, report.conflicts)


def test_the_same_ceo_stored_by_an_admin_is_left_as_is(core: Core, store: Store) -> None:
    reply = run(
        core, AddFact("Examplo AI", "ceo", "Cora Samplewood", start="2021-07"), role=Role.GLOBAL_ADMIN
    )
    admin_id = reply.fact_ids[0]
    admin_fact = store.fact(admin_id)
    report = _import(store)
    assert report.conflicts == []
    assert (report.added, report.unchanged) == (9, 1)
    assert store.fact(admin_id) == admin_fact
    assert [f.id for f in store.all_facts() if f.object == "Cora Samplewood" and f.relation == "ceo"] == [
        admin_id
    ]
    assert any(f"#{admin_id}" in w and "since 1 July 2021" in w for w in report.warnings)


def test_a_handover_in_the_same_month_is_no_conflict(core: Core, store: Store) -> None:
    # The admin knows Ada Quellwater ran it until June 2021; Wikidata's CEO from 1 July 2021 follows her.
    run(
        core,
        AddFact("Examplo AI", "ceo", "Ada Quellwater", start="2016", end="2021-07"),
        role=Role.GLOBAL_ADMIN,
    )
    report = _import(store)
    assert report.conflicts == []
    assert "Cora Samplewood" in _by(store, "Examplo AI", "ceo")


# -- references and statements that cannot be stored ----------------------------------------------------


def test_items_missing_from_the_files_are_reported_not_guessed(empty_store: Store) -> None:
    report = _import(empty_store, [ENTITY_DOC])  # without the people
    for qid, role in [("Q900011", "founder"), ("Q900012", "founder"), ("Q900011", "CEO"), ("Q900013", "CEO")]:
        assert f"{qid} ({role} of Examplo AI, Q900001) is not in the files given; skipped" in report.skipped
    assert "Q900015 (CEO of Examplo Robotics, Q900002) is not in the files given; skipped" in report.skipped
    assert {f.relation for f in _imported(empty_store)} == {"other"}
    assert {e.kind for e in empty_store.entities()} == {"organization"}


def test_a_former_ceo_without_an_end_date_is_skipped_when_another_is_preferred(
    tmp_path: Path, empty_store: Store
) -> None:
    doc = _doc()
    dexter = doc["entities"]["Q900001"]["claims"]["P169"][2]
    dexter["rank"] = "normal"
    del dexter["qualifiers"]
    report = _import(empty_store, [_write(tmp_path, "q.json", json.dumps(doc)), DUMP])
    assert (
        "Examplo AI (Q900001): CEO Dexter Fauxley (Q900014): no end date, while Wikidata prefers another CEO "
        "(probably a former one); skipped"
    ) in report.skipped
    assert "Dexter Fauxley" not in _by(empty_store, "Examplo AI", "ceo")


def test_an_end_at_an_unknown_date_is_skipped(tmp_path: Path, empty_store: Store) -> None:
    doc = _doc()
    ada = doc["entities"]["Q900001"]["claims"]["P169"][0]
    ada["qualifiers"]["P582"] = [{"snaktype": "somevalue", "property": "P582", "datatype": "time"}]
    report = _import(empty_store, [_write(tmp_path, "q.json", json.dumps(doc)), DUMP])
    assert (
        "Examplo AI (Q900001): CEO Ada Quellwater (Q900011): it ended at a date Wikidata does not know; skipped"
        in report.skipped
    )
    assert "Ada Quellwater" not in _by(empty_store, "Examplo AI", "ceo")  # never shown as still in office


@pytest.mark.parametrize(
    ("time", "precision", "expected"),
    [
        ("+2015-12-11T00:00:00Z", 11, "2015-12-11"),
        ("+2015-12-11T00:00:00Z", 10, "2015-12"),
        ("+2015-12-00T00:00:00Z", 10, "2015-12"),
        ("+2015-00-00T00:00:00Z", 9, "2015"),
        ("+2015-00-00T00:00:00Z", 11, "2015"),  # a day precision without month or day: the year
        ("+2015-12-11T09:30:00Z", 13, "2015-12-11"),  # minutes: the day is enough
    ],
)
def test_wikidata_times_keep_their_precision(time: str, precision: int, expected: str) -> None:
    year, month, day = (int(p) for p in time[1:11].split("-"))
    assert _date(_Time(False, year, month, day, precision), "start") == expected


# -- file shapes ----------------------------------------------------------------------------------------


def _entities(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if path == ENTITY_DOC:
        return list(json.loads(text)["entities"].values())
    return [json.loads(line.rstrip(",")) for line in text.splitlines() if line not in ("[", "]")]


@pytest.mark.parametrize(
    "shape",
    ["one-line entity document", "json lines", "pretty array", "dump without trailing newline"],
)
def test_other_shapes_of_the_same_entities(tmp_path: Path, empty_store: Store, shape: str) -> None:
    entities = _entities(ENTITY_DOC) + _entities(DUMP)
    if shape == "one-line entity document":
        text = json.dumps({"entities": {e["id"]: e for e in entities}})
    elif shape == "json lines":
        text = "\n".join(json.dumps(e) for e in entities) + "\n"
    elif shape == "pretty array":
        text = json.dumps(entities, indent=2)
    else:
        text = "[\n" + ",\n".join(json.dumps(e) for e in entities) + "\n]"
    report = _import(empty_store, [_write(tmp_path, "all.json", text)])
    assert (report.added, report.entities) == (10, 8)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("notes.json", "Examplo AI is run by Cora", "notes.json: not valid JSON (line 1"),
        (
            "other.json",
            '{"subject": "Examplo AI", "relation": "ceo"}',
            "other.json line 1: not Wikidata entity JSON",
        ),
        ("list.json", "[1, 2, 3]", "list.json: not Wikidata entity JSON"),
        ("empty.json", "\n\n", "empty.json: the file is empty"),
        ("bad_line.json", "DUMP_WITH_BAD_LINE", "bad_line.json line 3: not valid JSON"),
        ("bad_entity.json", "DUMP_WITH_BAD_ENTITY", "bad_entity.json line 4: not Wikidata entity JSON"),
        (
            "bad_claim.json",
            "DOC_WITH_BAD_CLAIM",
            "bad_claim.json: Q900001: a P169 value is not of type wikibase-entityid",
        ),
    ],
)
def test_a_bad_file_imports_nothing(tmp_path: Path, store: Store, name: str, text: str, message: str) -> None:
    lines = DUMP.read_text(encoding="utf-8").splitlines()
    if text == "DUMP_WITH_BAD_LINE":
        text = "\n".join([*lines[:2], '{"type": "item", "id": "Q900016",', *lines[2:]])
    elif text == "DUMP_WITH_BAD_ENTITY":
        text = "\n".join([*lines[:3], '{"labels": {}},', *lines[3:]])
    elif text == "DOC_WITH_BAD_CLAIM":
        doc = _doc()
        doc["entities"]["Q900001"]["claims"]["P169"][0]["mainsnak"]["datavalue"] = {
            "value": "Ada",
            "type": "string",
        }
        text = json.dumps(doc, indent=2)
    before = _snapshot(store)
    with pytest.raises(BadArgument) as caught:
        _import(store, [ENTITY_DOC, DUMP, _write(tmp_path, name, text)])  # good files first: still nothing
    assert message in str(caught.value)
    assert str(caught.value).startswith("Nothing imported")
    assert _snapshot(store) == before


def test_a_missing_file_is_a_bad_argument(tmp_path: Path, store: Store) -> None:
    with pytest.raises(BadArgument, match=r"gone\.json: cannot read it"):
        _import(store, [tmp_path / "gone.json"])
    with pytest.raises(BadArgument):
        _import(store, [])


def test_a_workspace_import_stays_in_its_workspace(store: Store) -> None:
    report = _import(store, scope="slack:T1")
    assert report.added == 10
    assert {f.scope for f in _imported(store)} == {"slack:T1"}
    assert store.find_entity("Examplo AI", ["global"]) is None
    core = Core(store, today=lambda: TODAY)
    assert not ask(core, "who runs examplo ai").answered
    reply = ask(core, "who runs examplo ai", platform="slack", workspace="T1")
    assert reply.text.startswith("Cora Samplewood has been CEO")


def test_as_of_falls_back_to_today_without_modified(tmp_path: Path, empty_store: Store) -> None:
    doc = _doc()
    del doc["entities"]["Q900001"]["modified"]
    _import(empty_store, [_write(tmp_path, "q.json", json.dumps(doc)), DUMP])
    assert {f.as_of for f in _imported(empty_store) if f.subject == "Examplo AI"} == {TODAY.isoformat()}


def test_the_cli_imports_wikidata_files_and_reports(db_path: Path) -> None:
    import io

    from factbot.cli import main

    files = [str(p) for p in sorted((ROOT / "tests" / "data" / "wikidata").glob("*.json"))]
    out = io.StringIO()
    assert main(["facts", "import-wikidata", *files, "--db", str(db_path)], stdout=out) == 0
    assert out.getvalue().startswith("Imported 10 new fact(s) from Wikidata")
    assert "is not in the files given" in out.getvalue()
    again = io.StringIO()
    assert main(["facts", "import-wikidata", *files, "--db", str(db_path)], stdout=again) == 0
    assert again.getvalue().startswith("Imported 0 new fact(s) from Wikidata; 10 already known")


def test_a_fact_an_admin_removed_is_not_brought_back_by_importing_again(db_path: Path) -> None:
    from factbot.bot.domain.port import RemoveFact

    files = sorted((ROOT / "tests" / "data" / "wikidata").glob("*.json"))
    store = Store(db_path)
    try:
        import_wikidata(store, files, "console:root", "global", TODAY)
        cora = next(f for f in store.all_facts() if f.object == "Cora Samplewood" and f.relation == "ceo")
        core = Core(store, today=lambda: TODAY)
        assert run(core, RemoveFact(cora.id), role=Role.GLOBAL_ADMIN).kind == "confirmation"
        report = import_wikidata(store, files, "console:root", "global", TODAY)
        assert report.added == 0
        assert store.fact(cora.id).removed
        assert not any(f.object == "Cora Samplewood" and f.relation == "ceo" for f in store.all_facts())
    finally:
        store.close()
