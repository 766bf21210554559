"""A Wikidata sync over the shipped fact base, against the local fake Wikidata API (tests/fakes/wikidata.py).

    python3 bench/wikidata_sync.py [--db PATH] [--changes N]

The fake is a mirror of the base: one item per global organization (label and aliases as stored), one per
person holding a CEO, chair or founder role, and the roles as P169 / P488 / P112 statements with their
start and end. A sync against a faithful mirror must propose nothing (no false differences). Then N
organizations change on the fake (the CEO's role ends and an invented successor starts; the chair's
start moves a year): the next sync must propose exactly those, and a third sync nothing new. Nothing is
written to facts. Works on a temporary copy; the repo's facts.db is never touched.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factbot.bot.domain import relations  # noqa: E402
from factbot.bot.ingest import wikidata_sync  # noqa: E402
from factbot.bot.storage.store import Store  # noqa: E402
from factbot.wikidata_client import WikidataClient  # noqa: E402
from tests.fakes.wikidata import FakeWikidata, item, serve, statement  # noqa: E402

PROPS = {"ceo": "P169", "interim_ceo": "P169", "co_ceo": "P169", "chair": "P488", "founder": "P112", "cofounder": "P112"}
TODAY = date(2026, 12, 3)


def mirror(store: Store) -> tuple[FakeWikidata, dict[str, str], dict[str, list[dict[str, Any]]]]:
    """The fake, each organization's QID by name, and the claims per organization QID (to change later)."""
    fake = FakeWikidata()
    orgs = sorted((e for e in store.entities(["global"]) if e.kind == "organization"), key=lambda e: e.id)
    people: dict[int, str] = {}
    qids: dict[str, str] = {}
    claims_of: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for n, org in enumerate(orgs):
        qid = f"Q{7_000_000 + n}"
        qids[org.name] = qid
        claims: dict[str, list[dict[str, Any]]] = {}
        for f in store.facts_about(org.id, ["global"], list(PROPS)):
            if f.object_id is None:
                continue  # "Larry Page and Sergey Brin": no single person item to point at
            person = people.setdefault(f.object_id, f"Q{8_000_000 + len(people)}")
            prop = PROPS[f.relation]
            start = f.start if prop != "P112" else None
            claims.setdefault(prop, []).append(statement(prop, person, start, f.end if prop != "P112" else None))
        claims_of[qid] = claims
        fake.add(item(qid, org.name, aliases=org.aliases, claims=claims))
    for entity_id, qid in people.items():
        fake.add(item(qid, store.entity(entity_id).name, human=True))
    return fake, qids, claims_of


def change(fake: FakeWikidata, claims_of: dict[str, dict[str, list[dict[str, Any]]]], count: int) -> dict[str, int]:
    """End the open CEO role of `count` organizations, name an invented successor, move the chair's start."""
    expected = {"add": 0, "end": 0, "dates": 0}
    changed = 0
    for qid, claims in claims_of.items():
        if changed == count:
            break
        open_ceo = [s for s in claims.get("P169", []) if "P582" not in s.get("qualifiers", {})]
        if len(open_ceo) != 1 or "P580" not in open_ceo[0].get("qualifiers", {}):
            continue
        ceo = open_ceo[0]
        ceo.setdefault("qualifiers", {})["P582"] = statement("P582", "Q1", None, "2026-11-30")["qualifiers"]["P582"]
        successor = f"Q{9_000_000 + changed}"
        fake.add(item(successor, f"Successor Number{changed}", human=True))
        claims["P169"].append(statement("P169", successor, "2026-12-01", rank="preferred"))
        expected["end"] += 1
        expected["add"] += 1
        for chair in claims.get("P488", [])[:1]:
            start = chair.get("qualifiers", {}).get("P580")
            if start:
                year = int(start[0]["datavalue"]["value"]["time"][1:5])
                chair["qualifiers"]["P580"] = statement("P580", "Q1", str(year - 1))["qualifiers"]["P580"]
                expected["dates"] += 1
        fake.entities[qid]["claims"] = claims
        changed += 1
    return expected


def run(store: Store, client: WikidataClient) -> tuple[wikidata_sync.SyncReport, float]:
    started = time.perf_counter()
    report = wikidata_sync.sync(store, client, today=TODAY)
    return report, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "facts.db")
    parser.add_argument("--changes", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "facts.db"
        shutil.copyfile(args.db, copy)
        store = Store(copy)
        try:
            before = store.all_facts()
            fake, _qids, claims_of = mirror(store)
            print(
                f"base: {len(store.all_facts())} live facts, {len(claims_of)} global organizations; "
                f"fake: {len(fake.entities)} items"
            )
            with serve(fake):
                client = WikidataClient(api_url=fake.url, timeout=5, sleep=lambda _s: None)
                for title, prepare in (
                    ("1. against a faithful mirror", None),
                    (f"2. after {args.changes} organizations changed on Wikidata", args.changes),
                    ("3. the same again", None),
                ):
                    expected = change(fake, claims_of, prepare) if prepare else None
                    calls = client.requests
                    report, seconds = run(store, client)
                    print(f"{title}: {report.summary()}")
                    print(
                        f"   {client.requests - calls} API requests, {seconds * 1000:.0f} ms; "
                        f"{len(report.skipped)} statement(s) skipped"
                        + (f"; expected {expected}" if expected else "")
                    )
                    for line in report.unconfirmed[:5]:
                        print(f"   not confirmed: {line}")
            after = store.all_facts()
            print(f"facts written by the syncs: {0 if after == before else 'SOME (a bug)'}")
            print(f"pending proposals: {len(store.proposals(None, limit=10_000))}")
        finally:
            store.close()
    roles = ", ".join(sorted(set(PROPS) & set(relations.RELATIONS)))
    print(f"(roles mirrored: {roles})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
