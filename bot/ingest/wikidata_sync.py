"""Keeping the base current from Wikidata: each difference between an organization's item and the stored
facts (a new role, an ended role, changed dates) becomes a proposal in the review queue, sourced to the item.

Nothing is written to facts here: an admin approves or rejects each proposal (bot.usecases.proposals). A
difference is proposed once, under a key made of what it says; a rejected one is remembered and not
proposed again, and a second sync over an unchanged Wikidata proposes nothing new.

The core stays network-free: the caller hands in a `Source` (adapters/wikidata_client.py speaks HTTP) and
this module only reads the entity JSON it returns, with the property mapping of bot.ingest.wikidata.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from factbot.bot.domain import dates, relations, validation
from factbot.bot.domain.errors import BadArgument, BotError
from factbot.bot.domain.model import GLOBAL_SCOPE, Entity, Fact, FactDraft
from factbot.bot.domain.text import key
from factbot.bot.ingest import wikidata
from factbot.bot.ingest.wikidata import (  # the importer's own rules, so both read Wikidata the same way
    _same_holder,
    _surely_overlap,
)
from factbot.bot.storage.store import Store
from factbot.bot.usecases import curation

SYNC_ACTOR = "wikidata:sync"
BATCH = 50  # wbgetentities answers at most 50 ids per request
SCOPES = [GLOBAL_SCOPE]  # a sync compares with, and proposes for, the global facts
CHANGES = ("add", "end", "dates")


class SourceError(Exception):
    """The Wikidata API could not be reached or answered with an error (after the client's retries)."""


class Source(Protocol):
    """Where entity JSON comes from: the Wikidata API (adapters/wikidata_client.py) or a test's fake."""

    def search(self, name: str) -> list[dict[str, Any]]:
        """wbsearchentities results for an item name: dicts with id, label, description, match."""
        ...

    def entities(self, ids: Sequence[str]) -> dict[str, Any]:
        """wbgetentities' "entities" map for at most BATCH ids."""
        ...


Progress = Callable[[int, int, str], None]


@dataclass
class SyncReport:
    organizations: int = 0
    matched: int = 0  # organizations whose Wikidata item was known or confirmed
    linked: int = 0  # QIDs confirmed by search in this run and stored on the entity
    unchanged: int = 0  # Wikidata statements that agree with the stored facts
    known: int = 0  # differences proposed before (pending, approved or rejected): not proposed again
    conflicts: int = 0  # new roles that contradict a stored one (proposed, with a note)
    proposed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANGES, 0))
    proposal_ids: list[int] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)  # no item, or no single certain one
    failed: list[str] = field(default_factory=list)  # the API did not answer for these
    skipped: list[str] = field(default_factory=list)  # statements that cannot be compared truthfully

    def summary(self) -> str:
        p = self.proposed
        return (
            f"Checked {self.organizations} organization(s) against Wikidata: {self.matched} matched "
            f"({self.linked} newly linked), {len(self.unconfirmed)} not confirmed, {len(self.failed)} failed. "
            f"Proposed {sum(p.values())} change(s) for review ({p['add']} new role(s), {p['end']} ended, "
            f"{p['dates']} with changed dates; {self.conflicts} conflicting); {self.known} proposed before, "
            f"{self.unchanged} already agree."
        )


@dataclass(frozen=True)
class Difference:
    change: str  # add, end, dates
    subject: str
    relation: str
    object: str
    start: str | None
    end: str | None
    target_fact_id: int | None
    source_url: str
    note: str
    key: str
    conflict: bool = False


def sync(
    store: Store,
    source: Source,
    names: Sequence[str] = (),
    today: date | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """Compare the named organizations (default: every global organization) with Wikidata and queue each
    difference as a proposal. Raises BadArgument for a name that is not a stored organization."""
    today = today or date.today()
    report = SyncReport()
    targets = _targets(store, names)
    report.organizations = len(targets)
    qids: dict[int, str] = {}
    for done, entity in enumerate(targets, start=1):
        stored = store.qid(entity.id)
        if stored:
            qids[entity.id] = stored
        else:
            try:
                found = confirm(entity, source.search(entity.name))
            except SourceError as exc:
                report.failed.append(f"{entity.name}: search failed ({exc})")
                found = None
            else:
                if found is None:
                    report.unconfirmed.append(f"{entity.name}: no single Wikidata item with this exact name")
            if found:
                qids[entity.id] = found
        if progress:
            progress(done, len(targets) * 2, f"found {entity.name}")
    documents = _fetch(source, list(dict.fromkeys(qids.values())), report, targets, qids)
    holders = {
        s.holder_qid
        for qid in qids.values()
        for s in _roles(documents, report).get(qid, _EMPTY).statements
        if not s.holder_name
    }
    documents.update(_fetch(source, sorted(holders - set(documents)), report))
    read = _roles(documents, report)
    for done, entity in enumerate(targets, start=1):
        if progress:
            progress(len(targets) + done, len(targets) * 2, f"compared {entity.name}")
        qid = qids.get(entity.id)
        if qid is None or qid not in documents:
            continue
        roles = read.get(qid)
        if roles is None:
            report.unconfirmed.append(f"{entity.name}: {qid} is missing or deleted on Wikidata")
            continue
        if roles.human:
            report.unconfirmed.append(f"{entity.name}: {qid} is a person, not an organization")
            continue
        if not store.qid(entity.id):
            store.set_qid(entity.id, qid)
            report.linked += 1
        report.matched += 1
        report.skipped.extend(roles.skipped)
        _propose(store, compare(store, entity, roles, today, report), report)
    return report


_EMPTY = wikidata.ItemRoles("", "", False, "")


def confirm(entity: Entity, results: Sequence[dict[str, Any]]) -> str | None:
    """The item a search found for an entity, when exactly one result's label (or the alias it matched)
    is the entity's name or one of its aliases; None when there is none or more than one."""
    names = {key(entity.name), *(key(a) for a in entity.aliases)} - {""}
    exact: list[str] = []
    for r in results:
        ident = r.get("id")
        if not isinstance(ident, str) or not ident.startswith("Q"):
            continue
        match = r.get("match") if isinstance(r.get("match"), dict) else {}
        texts = [str(r.get("label") or "")]
        if match and match.get("type") in ("label", "alias"):
            texts.append(str(match.get("text") or ""))
        if any(key(t) in names for t in texts) and ident not in exact:
            exact.append(ident)
    if len(exact) == 1:
        return exact[0]
    # Several items share the name: only one labelled exactly with the stored name is still certain.
    labelled = [
        r.get("id") for r in results if r.get("id") in exact and key(str(r.get("label"))) == key(entity.name)
    ]
    return str(labelled[0]) if len(labelled) == 1 else None


def compare(
    store: Store, entity: Entity, roles: wikidata.ItemRoles, today: date, report: SyncReport
) -> list[Difference]:
    """The differences between an item's role statements and the entity's stored role facts."""
    families = {relations.RELATIONS[s.relation].family for s in roles.statements}
    members = [m for f in sorted(families) for m in relations.family_members(f)]
    stored = store.facts_about(entity.id, SCOPES, members) if members else []
    url = wikidata.ITEM_URL.format(qid=roles.qid)
    out: list[Difference] = []
    matched: list[tuple[wikidata.RoleStatement, str, Entity | None, Fact | None]] = []
    ending: dict[int, str] = {}  # stored roles Wikidata says ended: they no longer clash with a successor
    for s in roles.statements:
        if not s.holder_name:
            report.skipped.append(
                f"{entity.name} ({roles.qid}): {s.relation} {s.holder_qid} has no label; skipped"
            )
            continue
        holder = store.find_entity(s.holder_name, SCOPES)
        name = holder.name if holder else s.holder_name
        family = relations.RELATIONS[s.relation].family
        same = [
            f
            for f in stored
            if relations.RELATIONS[f.relation].family == family
            and _same_holder(f, name, holder.id if holder else None)
        ]
        fact = next((f for f in same if _overlap(f, s.start, s.end)), None)
        if fact is not None and fact.end is None and s.end is not None:
            ending[fact.id] = s.end
        matched.append((s, name, holder, fact))
    as_wikidata_says = [replace(f, end=ending[f.id]) if f.id in ending else f for f in stored]
    for s, name, holder, fact in matched:
        family = relations.RELATIONS[s.relation].family
        where = f"Wikidata {roles.qid} {s.prop}, {s.rank} rank"
        if fact is not None:
            diff = _dates_differ(fact, s.start, s.end, family, url, where, roles.qid, s)
            if diff is None:
                report.unchanged += 1
            else:
                out.append(diff)
            continue
        clashes = [
            f
            for f in as_wikidata_says
            if family in ("ceo", "chair")
            and relations.RELATIONS[f.relation].family == family
            and not _same_holder(f, name, holder.id if holder else None)
            and _surely_overlap(f, s.start, s.end, roles.modified or today.isoformat(), today)
        ]
        note = f"{where}: a role not in the fact base."
        if clashes:
            stored_text = "; ".join(
                f"fact #{f.id} says {relations.label(f.relation)} {f.object} ({dates.span(f.start, f.end)})"
                for f in clashes
            )
            note = f"{where}: conflicts with {stored_text}."
        out.append(
            Difference(
                "add",
                entity.name,
                s.relation,
                name,
                s.start,
                s.end,
                None,
                url,
                note,
                _key(roles.qid, s, "add", s.start, s.end, None),
                conflict=bool(clashes),
            )
        )
    return out


def _dates_differ(
    fact: Fact,
    start: str | None,
    end: str | None,
    family: str,
    url: str,
    where: str,
    qid: str,
    s: wikidata.RoleStatement,
) -> Difference | None:
    if family == "founder":
        return None  # founding is not a period; founders' dates are not compared
    if fact.end is None and end is not None:
        return Difference(
            "end",
            fact.subject,
            fact.relation,
            fact.object,
            fact.start,
            end,
            fact.id,
            url,
            f"{where}: fact #{fact.id} ended {dates.human(end)}.",
            _key(qid, s, "end", fact.start, end, fact.id),
        )
    new_start = start if _differs(fact.start, start) else fact.start
    new_end = end if fact.end is not None and _differs(fact.end, end) else fact.end
    if (new_start, new_end) == (fact.start, fact.end):
        return None
    return Difference(
        "dates",
        fact.subject,
        fact.relation,
        fact.object,
        new_start,
        new_end,
        fact.id,
        url,
        f"{where}: fact #{fact.id} is stored as {dates.span(fact.start, fact.end)}; "
        f"Wikidata says {dates.span(start, end)}.",
        _key(qid, s, "dates", new_start, new_end, fact.id),
    )


def _differs(stored: str | None, said: str | None) -> bool:
    """Whether Wikidata's date disagrees with the stored one. A date that only refines or coarsens the
    other ('2024-06' and '2024-06-25') agrees; Wikidata not knowing a date is no disagreement."""
    if said is None:
        return False
    if stored is None:
        return True
    return not (stored.startswith(said) or said.startswith(stored))


def _overlap(fact: Fact, start: str | None, end: str | None) -> bool:
    lo = dates.first_day(start) if start else date.min
    hi = dates.last_day(end) if end else date.max
    return dates.overlaps(fact.start, fact.end, lo, hi)


def _key(
    qid: str, s: wikidata.RoleStatement, change: str, start: str | None, end: str | None, fact_id: int | None
) -> str:
    raw = "\x1f".join([qid, s.prop, s.holder_qid, change, start or "", end or "", str(fact_id or "")])
    return "wd:" + hashlib.sha1(raw.encode()).hexdigest()[:20]


def _propose(store: Store, differences: list[Difference], report: SyncReport) -> None:
    known = store.known_sync_keys(d.key for d in differences)
    for d in differences:
        if d.key in known:
            report.known += 1
            continue
        try:
            if d.change == "add":
                fields = curation.check(
                    FactDraft(d.subject, d.relation, d.object, d.start, d.end, source_url=d.source_url)
                )
            else:
                start, end = validation.date_range(d.start, d.end)
                fields = {
                    "subject": d.subject,
                    "relation": d.relation,
                    "object": d.object,
                    "start": start,
                    "end": end,
                    "source_url": d.source_url,
                }
        except BotError as exc:
            report.skipped.append(f"{d.subject}: {d.relation} {d.object}: {exc}; not proposed")
            continue
        pid = store.add_proposal(
            {
                "proposer": SYNC_ACTOR,
                "platform": "wikidata",
                "user_id": "",
                "scope": GLOBAL_SCOPE,
                **fields,
                "change": d.change,
                "target_fact_id": d.target_fact_id,
                "origin": "wikidata",
                "sync_key": d.key,
                "note": d.note,
            }
        )
        known.add(d.key)
        report.proposal_ids.append(pid)
        report.proposed[d.change] += 1
        report.conflicts += int(d.conflict)


def _targets(store: Store, names: Sequence[str]) -> list[Entity]:
    if not names:
        return sorted(
            (e for e in store.entities(SCOPES) if e.kind == "organization"), key=lambda e: e.name.casefold()
        )
    out: list[Entity] = []
    for name in names:
        entity = store.find_entity(name, SCOPES)
        if entity is None or entity.kind != "organization":
            raise BadArgument(f"No organization called {name[:60]!r} in the fact base.")
        if entity not in out:
            out.append(entity)
    return out


def _fetch(
    source: Source,
    ids: list[str],
    report: SyncReport,
    targets: Sequence[Entity] = (),
    qids: dict[int, str] | None = None,
) -> dict[str, Any]:
    documents: dict[str, Any] = {}
    for i in range(0, len(ids), BATCH):
        batch = ids[i : i + BATCH]
        try:
            documents.update(source.entities(batch))
        except SourceError as exc:
            who = [e.name for e in targets if qids and qids.get(e.id) in batch] or batch
            report.failed.append(f"{', '.join(who)}: fetching {len(batch)} item(s) failed ({exc})")
    return documents


def _roles(documents: dict[str, Any], report: SyncReport) -> dict[str, wikidata.ItemRoles]:
    try:
        return wikidata.item_roles(documents)
    except BadArgument as exc:
        report.failed.append(str(exc))
        return {}
