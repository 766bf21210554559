"""Build or upgrade the fact base from the reviewed text seed (bot/ingest/data: entities.jsonl, seed.jsonl,
edition.json).

Loading is also the upgrade of a deployed base (`factbot db upgrade`, and at start-up when the package's
seed edition is newer than the one the base records). Seed facts are matched by a stable key
(subject, relation, object, start). New rows are added; rows the new edition changes are updated in place;
rows it dropped or corrected (`replaces` in the reference) are retired, their history kept. Whatever an
admin did wins: a seed fact an admin edited, verified or removed stays as the admin left it and is listed
as a conflict when the new edition would have changed it, and a correction of such a fact is not applied.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from factbot.bot.domain.model import GLOBAL_SCOPE, FactDraft
from factbot.bot.domain.text import fold
from factbot.bot.storage.store import EDITABLE, Store, seed_key
from factbot.bot.usecases import curation

SEED_ACTOR = "seed"
DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_FILES = ("edition.json", "entities.jsonl", "seed.jsonl")


@dataclass
class SeedReport:
    entities: int = 0
    added: int = 0
    updated: int = 0
    kept: int = 0  # seed facts an admin changed, left as the admin made them
    retired: int = 0  # dropped from the seed (besides the superseded ones)
    superseded: int = 0  # old rows a corrected row replaces: ended or retired, their history kept
    edition: int = 0
    previous_edition: int | None = None  # None: the base had no seed state (new, or older than editions)
    conflicts: list[str] = field(default_factory=list)
    superseded_ids: set[int] = field(default_factory=set)
    conflict_ids: set[int] = field(default_factory=set)  # admin-changed seed facts already reported


@dataclass(frozen=True)
class Edition:
    number: int
    digest: str  # of the seed files: tells a changed seed within one edition (while it is being edited)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def edition(data_dir: Path = DATA_DIR) -> Edition:
    digest = hashlib.sha256()
    for name in SEED_FILES:
        digest.update((data_dir / name).read_bytes())
    number = int(json.loads((data_dir / "edition.json").read_text(encoding="utf-8"))["edition"])
    return Edition(number, digest.hexdigest()[:16])


def recorded_edition(store: Store) -> Edition | None:
    """The seed edition the base was last loaded from; None for a base older than seed editions."""
    state = store.seed_state()
    if "edition" not in state:
        return None
    return Edition(int(state["edition"]), state.get("hash", ""))


def is_outdated(store: Store, data_dir: Path = DATA_DIR) -> bool:
    """True when the package's seed is newer than the base's: a higher edition, or the same edition
    changed. A base that never held seed facts (an admin's own) is not seeded behind its owner's back, and an
    older package never rolls back a base a newer one upgraded."""
    ours = edition(data_dir)
    theirs = recorded_edition(store)
    if theirs is None:
        return bool(store.seed_rows())
    return theirs.number < ours.number or (theirs.number == ours.number and theirs.digest != ours.digest)


def upgrade_if_outdated(store: Store, data_dir: Path = DATA_DIR) -> SeedReport | None:
    """Run at start-up by the bots and for the per-user base; None when there was nothing to do."""
    if not is_outdated(store, data_dir):
        return None
    with store.write():
        if not is_outdated(store, data_dir):  # another process upgraded while we waited for the lock
            return None
        return load(store, data_dir)


def load(store: Store, data_dir: Path = DATA_DIR) -> SeedReport:
    """Apply the seed in one transaction and record its edition in the base."""
    current = edition(data_dir)
    report = SeedReport(edition=current.number)
    with store.write():
        previous = recorded_edition(store)
        report.previous_edition = previous.number if previous else None
        entities = read_jsonl(data_dir / "entities.jsonl")
        for ent in entities:
            _apply_entity(store, ent)
            report.entities += 1
        for ent in entities:
            if ent.get("became"):
                old, new = (store.find_entity(n, [GLOBAL_SCOPE]) for n in (ent["name"], ent["became"]))
                assert old is not None and new is not None, ent
                store.set_successor(old.id, new.id)
        rows = read_jsonl(data_dir / "seed.jsonl")
        existing = store.seed_rows()
        keys = {_key(row) for row in rows}
        blocked = _corrections(store, rows, keys, existing, report)
        for row in rows:
            _apply(store, row, existing, blocked, report)
        for stale_key, (fact_id, actor, removed) in existing.items():
            if stale_key in keys or (removed and actor == SEED_ACTOR):
                continue
            if actor != SEED_ACTOR:
                if not removed and fact_id not in report.conflict_ids:
                    report.kept += 1
                    report.conflicts.append(
                        f"#{fact_id} is no longer in the seed but an admin changed it: kept as it is"
                    )
                continue
            store.set_removed(fact_id, True, SEED_ACTOR)
            if fact_id not in report.superseded_ids:
                report.retired += 1
        report.superseded = len(report.superseded_ids)
        store.set_seed_state(
            {"edition": str(current.number), "hash": current.digest, "loaded_at": store.now()}
        )
    return report


def _key(row: dict[str, Any]) -> str:
    return seed_key(row["subject"], row["relation"], row["object"], row.get("start"))


def _apply_entity(store: Store, ent: dict[str, Any]) -> None:
    """Create the entity, or find it by its name or, after a rename, by one of its aliases."""
    name, kind, description = ent["name"], ent["kind"], ent.get("description", "")
    found = store.find_entity(name, [GLOBAL_SCOPE])
    if found is None:
        for alias in ent.get("aliases", []):
            found = store.find_entity(alias, [GLOBAL_SCOPE])
            if found is not None:
                store.rename_entity(found.id, name)
                break
    entity_id = (
        found.id if found else store.ensure_entity(name, kind, GLOBAL_SCOPE, SEED_ACTOR, description)
    )
    store.describe_entity(entity_id, kind, description, SEED_ACTOR)
    notes = ent.get("alias_notes", {})
    ambiguous = {fold(a) for a in ent.get("ambiguous_aliases", [])}
    store.add_alias(entity_id, name, ambiguous=fold(name) in ambiguous)
    for alias in ent.get("aliases", []):
        store.add_alias(entity_id, alias, notes.get(alias, ""), ambiguous=fold(alias) in ambiguous)


def _corrections(
    store: Store,
    rows: list[dict[str, Any]],
    keys: set[str],
    existing: dict[str, tuple[int, str, int]],
    report: SeedReport,
) -> set[str]:
    """Count the old rows that corrected rows replace; return the keys of corrections not to apply because
    an admin changed or removed the fact they would replace (the admin's version stands)."""
    by_id = {fact_id: (skey, actor, removed) for skey, (fact_id, actor, removed) in existing.items()}
    blocked: set[str] = set()
    superseded = report.superseded_ids
    for row in rows:
        old = row.get("replaces")
        if not old:
            continue
        subject = store.find_entity(old["subject"], [GLOBAL_SCOPE])
        if subject is None:
            continue
        for fact_id, obj, _actor, _removed in store.seed_facts_of(subject.id, old["relation"]):
            if fold(obj) != fold(old["object"]) or fact_id not in by_id:
                continue
            skey, actor, removed = by_id[fact_id]
            if actor != SEED_ACTOR and _key(row) != skey:  # (same key: _apply reports it)
                blocked.add(_key(row))
                if fact_id in report.conflict_ids:
                    continue
                report.conflict_ids.add(fact_id)
                report.kept += 1
                report.conflicts.append(
                    f"#{fact_id} ({old['subject']} · {old['relation']} · {old['object']}) is corrected by the "
                    f"new seed, but an admin {'removed' if removed else 'changed'} it: kept as the admin left "
                    "it, the correction not added"
                )
            elif actor == SEED_ACTOR and not removed and (skey not in keys or skey == _key(row)):
                superseded.add(fact_id)
    return blocked


def _apply(
    store: Store,
    row: dict[str, Any],
    existing: dict[str, tuple[int, str, int]],
    blocked: set[str],
    report: SeedReport,
) -> None:
    skey = _key(row)
    if skey in blocked:
        return
    draft = FactDraft(
        subject=row["subject"],
        relation=row["relation"],
        object=row["object"],
        start=row.get("start"),
        end=row.get("end"),
        statement=row.get("statement", ""),
        source_url=row["source_url"],
        source_title=row.get("source_title", ""),
        as_of=row.get("source_date"),
        note=row.get("note", ""),
        object_entity=row.get("object_entity"),
    )
    values = curation.prepare(store, draft, GLOBAL_SCOPE, SEED_ACTOR, date.today())
    # As of = when a source last confirmed the fact; an undated page confirms no date at all.
    values["as_of"] = row.get("source_date") or None
    if skey not in existing:
        duplicate = store.find_duplicate(
            values["subject_id"], values["relation"], values["object"], values["start"], GLOBAL_SCOPE
        )
        if duplicate is not None:
            report.kept += 1  # an admin stored the same fact already: theirs stands
            return
        store.add_fact({**values, "seed_key": skey}, SEED_ACTOR, origin="seed")
        report.added += 1
        return
    fact_id, actor, removed = existing[skey]
    current = store.fact(fact_id)
    changes = {
        k: values[k] for k in (*EDITABLE, "object_id") if (getattr(current, k) or None) != (values[k] or None)
    }
    if actor != SEED_ACTOR:
        report.kept += 1
        if changes:
            report.conflicts.append(
                f"#{fact_id} ({row['subject']} · {row['relation']} · {row['object']}): the new seed changes "
                f"{', '.join(sorted(k for k in changes if k != 'object_id'))}, but an admin "
                f"{'removed' if removed else 'changed'} it: kept as the admin left it"
            )
        return
    if removed:
        store.set_removed(fact_id, False, SEED_ACTOR)
    if not changes:
        report.superseded_ids.discard(fact_id)
    if changes:
        store.update_fact(fact_id, changes, SEED_ACTOR)
        if fact_id not in report.superseded_ids:
            report.updated += 1
