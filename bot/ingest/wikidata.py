"""Bootstrap facts from Wikidata entity JSON: who runs, founded and chairs an organization, and since when.

Both shapes Wikidata hands out are read:
- the document of ``Special:EntityData/Q….json`` (or of the wbgetentities API): ``{"entities": {"Q1": {…}}}``;
- the JSON dump format of latest-all.json: one entity per line inside ``[`` … ``]``, every line but the last
  ending in a comma. One entity per line without the brackets, or a pretty-printed array, works too.

What becomes a fact (subject = the item the statement is on):

| property                      | relation  | object                     | dates                          |
|-------------------------------|-----------|----------------------------|--------------------------------|
| P169 chief executive officer  | ceo       | the person                 | qualifiers P580 / P582         |
| P112 founded by               | founder   | the person or organization | qualifiers P580 / P582         |
| P488 chairperson              | chair     | the person                 | qualifiers P580 / P582         |
| P1037 director / manager      | other     | "director/manager: NAME"   | qualifiers P580 / P582         |
| P571 inception                | other     | "founded"                  | start = the inception date     |
| P127 owned by                 | other     | "owned by NAME"            | qualifiers P580 / P582         |
| P749 parent organization      | other     | "part of NAME"             | qualifiers P580 / P582         |

P1037 is not stored as ``ceo``: Wikidata uses it for whoever heads any group (a lab's director, a museum's,
a team's manager), which is not the claim that someone is the chief executive.

Dates keep Wikidata's precision (9 = year "2015", 10 = month "2015-12", 11 = day "2015-12-11"); a statement
dated more coarsely than a year, or ended at an unknown time, is skipped and reported. Deprecated statements
are left out. Items referred to by id (the CEO's Q-id) are named from the same files, never guessed.

Imported facts never overwrite stored ones: a fact already stored is counted as unchanged, and a CEO or chair
that differs from a stored one over the same period is reported as a conflict instead of being added. The
whole import is one transaction: all of it or, when a file is bad, nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from factbot.bot.domain import dates, relations, validation
from factbot.bot.domain.errors import BadArgument, BotError
from factbot.bot.domain.model import Entity, Fact, FactDraft, WikidataReport, visible_scopes
from factbot.bot.domain.text import clean_input, fold, key
from factbot.bot.storage.store import Store
from factbot.bot.usecases import curation

ORIGIN = "wikidata"
ITEM_URL = "https://www.wikidata.org/wiki/{qid}"
HUMAN = "Q5"
INSTANCE_OF = "P31"
START_TIME, END_TIME = "P580", "P582"
MAX_PROBLEMS_SHOWN = 10
LABEL_ORDER = ("en", "en-gb", "mul")  # after these, any language (alphabetically), reported as a fallback
RANKS = ("preferred", "normal", "deprecated")


@dataclass(frozen=True)
class Mapping:
    prop: str
    wikidata_label: str  # the property's name on Wikidata
    name: str  # how a report names the role or event
    relation: str
    template: str  # the fact's object: {name} is the value's label
    dated: bool = False  # the value is a time (inception), not an item
    holder: bool = False  # the value holds a role at the subject


MAPPINGS: dict[str, Mapping] = {
    m.prop: m
    for m in [
        Mapping("P169", "chief executive officer", "CEO", "ceo", "{name}", holder=True),
        Mapping("P112", "founded by", "founder", "founder", "{name}", holder=True),
        Mapping("P488", "chairperson", "chair", "chair", "{name}", holder=True),
        Mapping(
            "P1037",
            "director / manager",
            "director/manager",
            "other",
            "director/manager: {name}",
            holder=True,
        ),
        Mapping("P571", "inception", "inception", "other", "founded", dated=True),
        Mapping("P127", "owned by", "owner", "other", "owned by {name}"),
        Mapping("P749", "parent organization", "parent organization", "other", "part of {name}"),
    ]
}
# Roles one person holds at a time: another holder over the same period is a conflict to review.
SINGLE_HOLDER = frozenset({"ceo", "chair"})

_ID = re.compile(r"^[A-Z][0-9]{1,12}$")  # Q42, P31, L7, M5
_TIME = re.compile(r"^([+-])([0-9]{1,16})-([0-9]{2})-([0-9]{2})T")
_PRECISION = {9: "year", 10: "month", 11: "day"}


# -- what is kept of an entity ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Time:
    negative: bool
    year: int
    month: int
    day: int
    precision: int


@dataclass(frozen=True)
class _Snak:
    kind: str  # value, somevalue (exists but unknown), novalue (known not to exist)
    value: str | _Time | None = None  # an item id or a time


@dataclass(frozen=True)
class _Claim:
    prop: str
    rank: str
    main: _Snak
    starts: tuple[_Snak, ...] = ()
    ends: tuple[_Snak, ...] = ()


@dataclass
class _Item:
    """The parts of a Wikidata item the import needs (a dump line can be large; the rest is dropped)."""

    qid: str
    labels: dict[str, str]
    aliases: list[str]
    modified: str  # YYYY-MM-DD or ""
    human: bool
    claims: list[_Claim]
    name: str = ""
    name_language: str = ""


class _Bad(Exception):
    """Part of a file is not Wikidata entity JSON."""


class _Skip(Exception):
    """A statement that cannot be stored truthfully; the message says why."""


@dataclass
class _Files:
    items: dict[str, _Item] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_items: int = 0

    def add(self, item: _Item, listed_as: str | None = None) -> None:
        if listed_as and listed_as != item.qid:
            self.redirects[listed_as] = item.qid
        known = self.items.get(item.qid)
        if known is None or item.modified > known.modified:  # the same item twice: the newer copy wins
            self.items[item.qid] = item

    def get(self, qid: str) -> _Item | None:
        return self.items.get(self.redirects.get(qid, qid))


# -- public API ---------------------------------------------------------------------------------------------


def import_wikidata(store: Store, paths: list[Path], actor: str, scope: str, today: date) -> WikidataReport:
    """Import the statements that matter from Wikidata entity JSON files, all of them or nothing.

    Raises BadArgument naming the file (and line) when a file is not Wikidata entity JSON.
    """
    if not paths:
        raise BadArgument("Name at least one Wikidata JSON file.")
    files = _Files()
    for path in paths:
        _read(path, files)
    if files.problems:
        shown = "\n".join(files.problems[:MAX_PROBLEMS_SHOWN])
        more = len(files.problems) - MAX_PROBLEMS_SHOWN
        tail = f"\n… and {more} more" if more > 0 else ""
        raise BadArgument(f"Nothing imported: {len(files.problems)} problem(s).\n{shown}{tail}")
    report = WikidataReport(entities=len(files.items))
    for qid in files.missing:
        report.warnings.append(f"{qid} is marked missing (deleted) on Wikidata; ignored")
    if files.not_items:
        report.warnings.append(
            f"ignored {files.not_items} entit(ies) that are not items (properties, lexemes, …)"
        )
    with store.write():
        _Importer(store, files, actor, scope, today, report).run()
    return report


@dataclass(frozen=True)
class RoleStatement:
    """A role statement on an item (CEO, chair, founder), read exactly as import_wikidata reads it."""

    prop: str
    relation: str
    holder_qid: str
    holder_name: str  # "" when the holder's item is not among the entities given
    holder_human: bool
    start: str | None
    end: str | None
    rank: str


@dataclass
class ItemRoles:
    """What an item says about who holds its roles (bot.ingest.wikidata_sync compares it with the base)."""

    qid: str
    name: str
    human: bool
    modified: str
    statements: list[RoleStatement] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def item_roles(entities: dict[str, Any]) -> dict[str, ItemRoles]:
    """The role statements of every item among wbgetentities-style `entities`, by id (an id that was
    redirected is found under both ids); the people they name are looked up in the same map. Missing
    (deleted) entities and non-items are left out.

    Raises BadArgument when the JSON is not Wikidata entity JSON."""
    files = _Files()
    try:
        for item, listed_as in _entities_of({"entities": entities}, files):
            files.add(item, listed_as)
    except _Bad as exc:
        raise BadArgument(f"Wikidata sent something that is not entity JSON: {exc}") from None
    for known in files.items.values():
        _name(known)
    out = {qid: _roles_of(item, files) for qid, item in files.items.items()}
    for listed_as, qid in files.redirects.items():
        out.setdefault(listed_as, out[qid])
    return out


def _roles_of(item: _Item, files: _Files) -> ItemRoles:
    roles = ItemRoles(item.qid, item.name, item.human, item.modified)
    preferred = {c.prop for c in item.claims if c.rank == "preferred"}
    for claim in item.claims:
        m = MAPPINGS[claim.prop]
        if not m.holder or m.relation == "other" or claim.rank == "deprecated":
            continue
        if claim.main.kind != "value" or not isinstance(claim.main.value, str):
            continue
        try:
            start, end = _period(claim)
            if m.relation in SINGLE_HOLDER and claim.prop in preferred and claim.rank == "normal" and not claim.ends:
                raise _Skip(f"no end date, while Wikidata prefers another {m.name} (probably a former one)")
        except _Skip as exc:
            roles.skipped.append(f"{item.name or item.qid} ({item.qid}): {m.name} {claim.main.value}: {exc}")
            continue
        holder = files.get(claim.main.value)
        roles.statements.append(
            RoleStatement(
                prop=claim.prop,
                relation=m.relation,
                holder_qid=holder.qid if holder else claim.main.value,
                holder_name=holder.name if holder else "",
                holder_human=bool(holder and holder.human),
                start=start,
                end=end,
                rank=claim.rank,
            )
        )
    return roles


# -- reading files ------------------------------------------------------------------------------------------


def _read(path: Path, files: _Files) -> None:
    name = path.name
    try:
        first = _first_line(path)
    except UnicodeDecodeError:
        files.problems.append(f"{name}: not UTF-8 text")
        return
    except OSError as exc:
        files.problems.append(f"{name}: cannot read it ({exc.__class__.__name__})")
        return
    if first is None:
        files.problems.append(f"{name}: the file is empty")
        return
    if first == "[" or (first.startswith("{") and _parses(first.removesuffix(","))):
        line_problems, syntax_only = _read_lines(path, files)
        if not line_problems:
            return
        # Lines that are not JSON on their own: maybe a pretty-printed array of entities after all.
        document = _load_whole(path) if syntax_only else None
        if document is None:
            files.problems.extend(line_problems)
            return
    else:
        document = _load_whole(path)
        if document is None:
            files.problems.append(f"{name}: {_json_error(path)}")
            return
    try:
        for item, listed_as in _entities_of(document, files):
            files.add(item, listed_as)
    except _Bad as exc:
        files.problems.append(f"{name}: {exc}")


def _first_line(path: Path) -> str | None:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for line in fh:
            if line.strip():
                return line.strip()
    return None


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _load_whole(path: Path) -> Any:
    """The file as one JSON value, or None when it is not valid JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, RecursionError, OSError):
        return None


def _json_error(path: Path) -> str:
    try:
        json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        return f"not valid JSON (line {exc.lineno}: {exc.msg})"
    except UnicodeDecodeError:
        return "not UTF-8 text"
    except (ValueError, RecursionError):
        return "not valid JSON (nested too deeply or a number too long)"
    except OSError as exc:
        return f"cannot read it ({exc.__class__.__name__})"
    return "not valid JSON"


def _read_lines(path: Path, files: _Files) -> tuple[list[str], bool]:
    """Read the dump format: the problems found (nothing is added to `files` when there are any), and
    whether every problem is a line that is not JSON on its own."""
    problems: list[str] = []
    syntax_only = True
    found: list[tuple[_Item, str | None]] = []
    number = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for number, raw in enumerate(fh, start=1):
                line = raw.strip()
                if not line or line in ("[", "]"):
                    continue
                where = f"{path.name} line {number}"
                try:
                    value = json.loads(line.removesuffix(","))
                except json.JSONDecodeError as exc:
                    problems.append(f"{where}: not valid JSON ({exc.msg})")
                    continue
                except (ValueError, RecursionError):
                    problems.append(f"{where}: not valid JSON (nested too deeply or a number too long)")
                    continue
                if not isinstance(value, dict):
                    problems.append(f"{where}: not a JSON object (the dump format has one entity per line)")
                    continue
                try:
                    found.extend(_entities_of(value, files))
                except _Bad as exc:
                    problems.append(f"{where}: {exc}")
                    syntax_only = False
                if len(problems) > MAX_PROBLEMS_SHOWN * 10:
                    break
    except (UnicodeDecodeError, OSError) as exc:
        what = (
            "not UTF-8 text"
            if isinstance(exc, UnicodeDecodeError)
            else f"cannot read it ({exc.__class__.__name__})"
        )
        problems.append(f"{path.name} line {number + 1}: {what}")
        syntax_only = False
    if not problems:
        for item, listed_as in found:
            files.add(item, listed_as)
    return problems, syntax_only


def _entities_of(value: Any, files: _Files) -> Iterator[tuple[_Item, str | None]]:
    """The items in one JSON value: an entities document, a list of entities or one entity."""
    if isinstance(value, dict) and "entities" in value and "id" not in value:
        entities = value["entities"]
        if not isinstance(entities, dict):
            raise _Bad('"entities" is not an object of entities by id')
        for listed_as, raw in entities.items():
            item = _entity(raw, files)
            if item is not None:
                yield item, listed_as
    elif isinstance(value, list):
        for raw in value:
            item = _entity(raw, files)
            if item is not None:
                yield item, None
    else:
        item = _entity(value, files)
        if item is not None:
            yield item, None


def _entity(raw: Any, files: _Files) -> _Item | None:
    """One entity, or None for one to ignore (deleted, or not an item); raises _Bad when malformed."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not _ID.match(raw["id"]):
        raise _Bad('not Wikidata entity JSON (expected {"entities": {…}} or entities with "type" and "id")')
    qid = raw["id"]
    if "missing" in raw:
        files.missing.append(qid)
        return None
    if not isinstance(raw.get("type"), str):
        raise _Bad(f'{qid}: not Wikidata entity JSON (no "type")')
    if raw["type"] != "item":
        files.not_items += 1
        return None
    try:
        labels = _texts(raw.get("labels"), "labels")
        aliases = _aliases(raw.get("aliases"))
        claims = _claims(raw.get("claims"))
    except _Bad as exc:
        raise _Bad(f"{qid}: {exc}") from None
    modified = raw.get("modified")
    day = modified[:10] if isinstance(modified, str) else ""
    try:
        day = dates.parse(day) if len(day) == 10 else ""
    except BadArgument:
        day = ""
    human = any(c.main.value == HUMAN and c.rank != "deprecated" for c in claims if c.prop == INSTANCE_OF)
    return _Item(qid, labels, aliases, day, human, [c for c in claims if c.prop in MAPPINGS])


def _mapping(raw: Any, what: str) -> dict[str, Any]:
    if raw is None or raw == []:  # Wikidata writes an empty map as []
        return {}
    if not isinstance(raw, dict):
        raise _Bad(f"{what} is not an object")
    return raw


def _texts(raw: Any, what: str) -> dict[str, str]:
    out = {}
    for language, entry in _mapping(raw, what).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
            raise _Bad(f"{what} {language!r} has no text value")
        out[language] = entry["value"]
    return out


def _aliases(raw: Any) -> list[str]:
    english = _mapping(raw, "aliases").get("en", [])
    if not isinstance(english, list) or not all(
        isinstance(a, dict) and isinstance(a.get("value"), str) for a in english
    ):
        raise _Bad("aliases 'en' is not a list of texts")
    return [a["value"] for a in english]


def _claims(raw: Any) -> list[_Claim]:
    out: list[_Claim] = []
    for prop, statements in _mapping(raw, "claims").items():
        if prop not in MAPPINGS and prop != INSTANCE_OF:
            continue
        if not isinstance(statements, list):
            raise _Bad(f"claims {prop} is not a list of statements")
        out.extend(_claim(prop, s) for s in statements)
    return out


def _claim(prop: str, raw: Any) -> _Claim:
    if not isinstance(raw, dict) or not isinstance(raw.get("mainsnak"), dict):
        raise _Bad(f"a {prop} statement has no mainsnak")
    rank = raw.get("rank", "normal")
    if rank not in RANKS:
        raise _Bad(f"a {prop} statement has an unknown rank {str(rank)[:20]!r}")
    dated = prop in MAPPINGS and MAPPINGS[prop].dated
    main = _snak(raw["mainsnak"], prop, "time" if dated else "wikibase-entityid")
    qualifiers = _mapping(raw.get("qualifiers"), f"the qualifiers of a {prop} statement")
    starts, ends = (
        tuple(_snak(s, qualifier, "time") for s in _snaks(qualifiers.get(qualifier), qualifier))
        for qualifier in (START_TIME, END_TIME)
    )
    return _Claim(prop, rank, main, starts, ends)


def _snaks(raw: Any, prop: str) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _Bad(f"qualifier {prop} is not a list")
    return raw


def _snak(raw: Any, prop: str, expected: str) -> _Snak:
    if not isinstance(raw, dict):
        raise _Bad(f"a {prop} value is not an object")
    kind = raw.get("snaktype")
    if kind in ("somevalue", "novalue"):
        return _Snak(kind)
    if kind != "value":
        raise _Bad(f"a {prop} value has an unknown snaktype {str(kind)[:20]!r}")
    datavalue = raw.get("datavalue")
    if (
        not isinstance(datavalue, dict)
        or datavalue.get("type") != expected
        or not isinstance(datavalue.get("value"), dict)
    ):
        raise _Bad(f"a {prop} value is not of type {expected}")
    value = datavalue["value"]
    if expected == "time":
        match = _TIME.match(str(value.get("time", "")))
        precision = value.get("precision")
        if not match or not isinstance(precision, int) or isinstance(precision, bool):
            raise _Bad(f"a {prop} value is not a Wikidata time (like +2015-12-11T00:00:00Z)")
        return _Snak("value", _Time(match[1] == "-", int(match[2]), int(match[3]), int(match[4]), precision))
    ident = value.get("id")
    if ident is None and isinstance(value.get("numeric-id"), int) and value.get("entity-type") == "item":
        ident = f"Q{value['numeric-id']}"
    if not isinstance(ident, str) or not _ID.match(ident):
        raise _Bad(f"a {prop} value is not an entity id")
    return _Snak("value", ident)


# -- turning statements into facts --------------------------------------------------------------------------


class _Importer:
    def __init__(
        self, store: Store, files: _Files, actor: str, scope: str, today: date, report: WikidataReport
    ):
        self.store = store
        self.files = files
        self.actor = actor
        self.scope = scope
        self.scopes = visible_scopes(scope)
        self.today = today
        self.report = report
        self.used: dict[str, _Item] = {}  # items named by a fact or a report, in first-use order
        self.deprecated = 0
        self.warned: set[str] = set()

    def run(self) -> None:
        for item in self.files.items.values():
            _name(item)
        for item in self.files.items.values():
            if not item.claims:
                continue
            if not item.name:
                self.report.skipped.append(
                    f"{item.qid} has no label in any language; its {len(item.claims)} statement(s) skipped"
                )
                continue
            self.used.setdefault(item.qid, item)
            preferred = {c.prop for c in item.claims if c.rank == "preferred"}
            for claim in item.claims:
                self._claim(item, claim, claim.prop in preferred)
        if self.deprecated:
            self.report.warnings.append(f"skipped {self.deprecated} deprecated statement(s)")
        for item in self.used.values():
            if item.name_language != "en":
                self.report.warnings.append(
                    f"{item.qid} has no English label; named {item.name!r} from its {item.name_language} label"
                )
            self._add_aliases(item)

    def _claim(self, item: _Item, claim: _Claim, has_preferred: bool) -> None:
        m = MAPPINGS[claim.prop]
        where = f"{item.name} ({item.qid})"
        if claim.rank == "deprecated":
            self.deprecated += 1
            return
        if claim.main.kind != "value":
            what = "unknown ('some value')" if claim.main.kind == "somevalue" else "'no value'"
            self.report.skipped.append(f"{where}: {m.name}: the value is {what} on Wikidata; skipped")
            return
        ref: _Item | None = None
        what = m.name
        try:
            if m.dated:
                assert isinstance(claim.main.value, _Time)
                start: str | None = _date(claim.main.value, m.name)
                end: str | None = None
            else:
                assert isinstance(claim.main.value, str)
                ref = self.files.get(claim.main.value)
                if ref is None or not ref.name:
                    why = "is not in the files given" if ref is None else "has no label"
                    self.report.skipped.append(
                        f"{claim.main.value} ({m.name} of {item.name}, {item.qid}) {why}; skipped"
                    )
                    return
                what = f"{m.name} {ref.name} ({ref.qid})"
                start, end = _period(claim)
                if (
                    m.relation in SINGLE_HOLDER
                    and has_preferred
                    and claim.rank == "normal"
                    and not claim.ends
                ):
                    raise _Skip(
                        f"no end date, while Wikidata prefers another {m.name} (probably a former one)"
                    )
        except _Skip as exc:
            self.report.skipped.append(f"{where}: {what}: {exc}; skipped")
            return
        if ref is not None:
            self.used.setdefault(ref.qid, ref)
        self._fact(item, claim, m, ref, start, end)

    def _fact(
        self, item: _Item, claim: _Claim, m: Mapping, ref: _Item | None, start: str | None, end: str | None
    ) -> None:
        where = f"{item.name} ({item.qid})"
        subject = self._existing(item)
        subject_name = subject.name if subject else item.name
        holder = self._existing(ref) if ref else None
        ref_name = (holder.name if holder else ref.name) if ref else ""
        obj = clean_input(m.template.format(name=ref_name), limit=10_000)
        as_of = item.modified or self.today.isoformat()
        family = relations.RELATIONS[m.relation].family
        if subject is not None:
            duplicate = self._duplicate(subject.id, m.relation, obj, start)
            if duplicate is not None:
                self._unchanged(where, m, ref_name or obj, duplicate, start, end)
                return
            if family in relations.ROLE_FAMILIES:
                stored = self.store.facts_about(subject.id, self.scopes, relations.family_members(family))
                holder_id = holder.id if holder else None
                same = [
                    f for f in stored if _same_holder(f, ref_name, holder_id) and _may_overlap(f, start, end)
                ]
                if same:
                    self._unchanged(where, m, ref_name, same[0], start, end)
                    return
                if m.relation in SINGLE_HOLDER:
                    clashes = [
                        f
                        for f in stored
                        if not _same_holder(f, ref_name, holder_id)
                        and _surely_overlap(f, start, end, as_of, self.today)
                    ]
                    if clashes:
                        self._conflict(where, m, ref_name, start, end, clashes)
                        return
        if ref is not None and holder is None and m.holder and not ref.human and ref.qid not in self.warned:
            self.warned.add(ref.qid)
            self.report.warnings.append(
                f"{ref.name} ({ref.qid}), {m.name} of {where}, is not marked human (P31 Q5) in the files; "
                f"stored as an organization"
            )
        draft = FactDraft(
            subject=subject_name,
            relation=m.relation,
            object=obj,
            start=start,
            end=end,
            statement=self._statement(m, subject_name, ref_name, start, end),
            source_url=ITEM_URL.format(qid=item.qid),
            source_title=f"Wikidata {item.qid}",
            as_of=as_of,
            note=f"Imported from Wikidata: {item.qid} {m.prop} ({m.wikidata_label}), {claim.rank} rank.",
            object_entity=ref_name if ref else None,
            subject_kind=_kind(item),
        )
        try:
            with self.store.write():  # a savepoint: a statement that fails leaves no entity behind
                if ref is not None:
                    self.store.ensure_entity(ref_name, _kind(ref), self.scope, self.actor)
                values = curation.prepare(self.store, draft, self.scope, self.actor, self.today)
                self.store.add_fact(values, self.actor, origin=ORIGIN)
        except BotError as exc:
            self.report.skipped.append(f"{where}: {m.name} {ref_name or obj}: {exc}; skipped")
            return
        self.report.added += 1

    def _existing(self, item: _Item) -> Entity | None:
        """The stored entity an item's label names, warning once when only an alias matches."""
        entity = self.store.find_entity(item.name, self.scopes)
        if entity is not None and key(entity.name) != key(item.name) and item.qid not in self.warned:
            self.warned.add(item.qid)
            self.report.warnings.append(
                f"{item.name} ({item.qid}) is stored under the existing entity {entity.name!r}, "
                f"which has {item.name!r} as an alias"
            )
        return entity

    def _duplicate(self, subject_id: int, relation: str, obj: str, start: str | None) -> Fact | None:
        for scope in self.scopes:
            fact_id = self.store.find_duplicate(subject_id, relation, obj, start, scope)
            if fact_id is not None:
                return self.store.fact(fact_id)
        return None

    def _unchanged(
        self, where: str, m: Mapping, name: str, fact: Fact, start: str | None, end: str | None
    ) -> None:
        self.report.unchanged += 1
        if (fact.start, fact.end) != (start, end):
            self.report.warnings.append(
                f"{where}: {m.name} {name} is stored as fact #{fact.id} ({dates.span(fact.start, fact.end)}); "
                f"Wikidata says {dates.span(start, end)}; left as it is"
            )

    def _conflict(
        self, where: str, m: Mapping, name: str, start: str | None, end: str | None, clashes: list[Fact]
    ) -> None:
        stored = "; ".join(
            f"fact #{f.id} says {relations.label(f.relation)} {f.object} ({dates.span(f.start, f.end)})"
            for f in clashes
        )
        self.report.conflicts.append(
            f"{where}: Wikidata says {m.name} {name} ({dates.span(start, end)}), but {stored}; "
            f"not added, please review"
        )

    def _statement(self, m: Mapping, subject: str, name: str, start: str | None, end: str | None) -> str:
        when = f" ({dates.span(start, end)})" if start or end else ""
        if m.relation != "other":
            return curation.default_statement(subject, m.relation, name, start, end)
        if m.dated:
            assert start is not None
            return f"{subject} was founded {'on' if len(start) == 10 else 'in'} {dates.human(start)}."
        if m.holder:
            return f"{name} — {m.name} of {subject}{when}."
        verb = "was" if end and dates.last_day(end) < self.today else "is"
        return f"{subject} {verb} {m.template.format(name=name)}{when}."

    def _add_aliases(self, item: _Item) -> None:
        """The item's English aliases on its entity, unless they already name another one."""
        entity = self.store.find_entity(item.name, self.scopes)
        if entity is None or entity.scope != self.scope:  # a workspace import leaves global entities alone
            return
        known = {key(entity.name), *(key(a) for a in entity.aliases)}
        for raw in item.aliases:
            alias = clean_input(raw, limit=10_000)
            if key(alias) in known:
                continue
            known.add(key(alias))
            if len(key(alias)) < 2 or len(alias) > validation.LIMITS["subject"]:
                self.report.warnings.append(f"alias {alias[:60]!r} of {entity.name} ({item.qid}) not added")
                continue
            other = self.store.find_entity(alias, self.scopes)
            if other is not None and other.id != entity.id:
                self.report.warnings.append(
                    f"alias {alias!r} of {entity.name} ({item.qid}) already names {other.name}; not added"
                )
                continue
            self.store.add_alias(entity.id, alias)


# -- helpers ------------------------------------------------------------------------------------------------


def _name(item: _Item) -> None:
    """The English label, else British English, else the multilingual one, else any (by language code)."""
    order = [*LABEL_ORDER, *sorted(lang for lang in item.labels if lang not in LABEL_ORDER)]
    for language in order:
        label = clean_input(item.labels.get(language, ""), limit=10_000)
        if key(label):
            item.name, item.name_language = label, language
            return


def _kind(item: _Item) -> str:
    return "person" if item.human else "organization"


def _date(t: _Time, what: str) -> str:
    """A Wikidata time as a partial ISO date of its precision: 2015, 2015-12 or 2015-12-11."""
    if t.precision < 9:
        raise _Skip(
            f"the {what} date is known only to a decade or coarser (Wikidata precision {t.precision})"
        )
    if t.negative:
        raise _Skip(f"the {what} date is before the year 1")
    precision = min(t.precision, 11)  # hours, minutes, seconds: the day is enough
    if precision >= 10 and t.month == 0:
        precision = 9
    if precision == 11 and t.day == 0:
        precision = 10
    text = (
        f"{t.year:04d}"
        + (f"-{t.month:02d}" if precision >= 10 else "")
        + (f"-{t.day:02d}" if precision >= 11 else "")
    )
    try:
        return dates.parse(text, what)
    except BadArgument as exc:
        raise _Skip(str(exc).rstrip(".")) from None


def _period(claim: _Claim) -> tuple[str | None, str | None]:
    """Start and end from the P580/P582 qualifiers (the first known value of each)."""
    starts = [s.value for s in claim.starts if isinstance(s.value, _Time)]
    ends = [s.value for s in claim.ends if isinstance(s.value, _Time)]
    if not ends and any(s.kind == "somevalue" for s in claim.ends):
        raise _Skip("it ended at a date Wikidata does not know")
    start = _date(starts[0], "start") if starts else None
    end = _date(ends[0], "end") if ends else None
    try:
        validation.date_range(start, end)
    except BadArgument as exc:
        raise _Skip(str(exc).rstrip(".")) from None
    return start, end


def _same_holder(fact: Fact, name: str, entity_id: int | None) -> bool:
    """Whether a stored role fact names this holder, alone or among others ('Larry Page and Sergey Brin')."""
    if entity_id is not None and fact.object_id == entity_id:
        return True
    if key(fact.object) == key(name):
        return True
    return f" {fold(name)} " in f" {fold(fact.object)} "


def _may_overlap(fact: Fact, start: str | None, end: str | None) -> bool:
    """Whether two periods could share a day (unknown bounds stretch as far as they can)."""
    lo = dates.first_day(start) if start else date.min
    hi = dates.last_day(end) if end else date.max
    return dates.overlaps(fact.start, fact.end, lo, hi)


def _surely_held(start: str | None, end: str | None, as_of: str, today: date) -> tuple[date, date]:
    """The days a role is surely held: from the last day its start may mean to the day before its end
    (a successor often starts the day the predecessor ends). Undated: the day a source said so."""
    if start is None and end is None:
        try:
            point = dates.first_day(dates.parse(as_of))
        except (BadArgument, ValueError):
            point = today
        return point, point
    hi = dates.first_day(end) - timedelta(days=1) if end else date.max
    lo = dates.last_day(start) if start else hi
    return lo, hi


def _surely_overlap(fact: Fact, start: str | None, end: str | None, as_of: str, today: date) -> bool:
    lo1, hi1 = _surely_held(fact.start, fact.end, fact.as_of, today)
    lo2, hi2 = _surely_held(start, end, as_of, today)
    return max(lo1, lo2) <= min(hi1, hi2)
