"""Build the fact base from the reviewed text seed (bot/data/entities.jsonl + bot/data/seed.jsonl).

Re-seeding is safe on a live database: seed facts are matched by a stable key and only updated while no
admin has touched them; facts admins added, edited or removed are never changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from factbot.bot.domain.model import GLOBAL_SCOPE, FactDraft
from factbot.bot.storage.store import EDITABLE, Store, seed_key
from factbot.bot.usecases import curation

SEED_ACTOR = "seed"
DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class SeedReport:
    entities: int = 0
    added: int = 0
    updated: int = 0
    kept: int = 0  # seed facts an admin changed, left as the admin made them
    retired: int = 0


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load(store: Store, data_dir: Path = DATA_DIR) -> SeedReport:
    """Apply the seed in one transaction."""
    report = SeedReport()
    with store.write():
        for ent in read_jsonl(data_dir / "entities.jsonl"):
            entity_id = store.ensure_entity(
                ent["name"], ent["kind"], GLOBAL_SCOPE, SEED_ACTOR, ent.get("description", "")
            )
            notes = ent.get("alias_notes", {})
            for alias in ent.get("aliases", []):
                store.add_alias(entity_id, alias, notes.get(alias, ""))
            report.entities += 1
        for ent in read_jsonl(data_dir / "entities.jsonl"):
            if ent.get("became"):
                old, new = (store.find_entity(n, [GLOBAL_SCOPE]) for n in (ent["name"], ent["became"]))
                assert old is not None and new is not None, ent
                store.set_successor(old.id, new.id)
        existing = store.seed_rows()
        seen: set[str] = set()
        for row in read_jsonl(data_dir / "seed.jsonl"):
            _apply(store, row, existing, seen, report)
        for stale_key, (fact_id, actor, removed) in existing.items():
            if stale_key not in seen and actor == SEED_ACTOR and not removed:
                store.set_removed(fact_id, True, SEED_ACTOR)
                report.retired += 1
    return report


def _apply(
    store: Store,
    row: dict[str, Any],
    existing: dict[str, tuple[int, str, int]],
    seen: set[str],
    report: SeedReport,
) -> None:
    skey = seed_key(row["subject"], row["relation"], row["object"], row.get("start"))
    seen.add(skey)
    draft = FactDraft(
        subject=row["subject"],
        relation=row["relation"],
        object=row["object"],
        start=row.get("start"),
        end=row.get("end"),
        statement=row.get("statement", ""),
        source_url=row["source_url"],
        source_title=row.get("source_title", ""),
        as_of=row["source_date"],
        note=row.get("note", ""),
        object_entity=row.get("object_entity"),
    )
    values = curation.prepare(store, draft, GLOBAL_SCOPE, SEED_ACTOR, date.today())
    if skey not in existing:
        store.add_fact({**values, "seed_key": skey}, SEED_ACTOR, origin="seed")
        report.added += 1
        return
    fact_id, actor, removed = existing[skey]
    if actor != SEED_ACTOR:
        report.kept += 1
        return
    if removed:
        store.set_removed(fact_id, False, SEED_ACTOR)
    current = store.fact(fact_id)
    changes = {k: values[k] for k in (*EDITABLE, "object_id") if getattr(current, k, None) != values[k]}
    if changes:
        store.update_fact(fact_id, changes, SEED_ACTOR)
        report.updated += 1
