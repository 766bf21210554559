"""Answers for question shapes that one look-up would get wrong: yes/no, comparisons, totals, who came
before or after a person in a role, and what someone did before.

Each returns an Answer (possibly a declined one that says what is known) or None when the shape does not
apply after all, so the general steps in steps.py can try.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from factbot.bot.answering import compose, forms, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import GENERIC_WORDS, Reading
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Field
from factbot.bot.domain.text import fold

# Roles that one person holds after another (a founder is never 'replaced').
SUCCESSIVE_FAMILIES = relations.ROLE_FAMILIES - {"founder", "board_member"}
# A deal that did not happen, in the stored prose.
FAILED = re.compile(
    r"\b(abandon\w*|fell apart|collapsed|called off|blocked|never (?:finali[sz]ed|closed|completed)|"
    r"terminated|scrapped|withdr[ea]w\w*|did not|didn't|attempted|failed|unsolicited)\b",
    re.I,
)
# Prose that says what someone did before ('former Cadence CEO', 'head of AWS', 'Instagram co-founder').
PRIOR = re.compile(
    r"\b(former\w*|previously|earlier|ex-\w+|who had been|veteran|alumn\w*|founder and head)\b|"
    r"\b(?:head|founder|chief|CEO|CTO|president) of (?:the )?(?:[a-z-]+ ){0,3}[A-Z][\w.&-]*|"
    r"\b[A-Z][\w.&-]+ (?:CEO|CTO|CFO|COO|president|co-founder|founder|chief|executive)\b"
)
_AMOUNT = re.compile(
    # a range ('$6.9-7 billion') is read as its lower end
    r"(?P<cur>US\$|\$|€|£|EUR |USD )\s?(?P<num>\d+(?:[.,]\d+)?)(?:\s?[-–]\s?\d+(?:[.,]\d+)?)?\s*"
    r"(?P<unit>trillion|billion|million|bn|b|m)\b",
    re.I,
)
_UNITS = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "m": 1e6}
_LATER_WINS = frozenset({"newer", "younger", "later", "latest", "newest"})


@dataclass(frozen=True)
class Amount:
    currency: str
    value: float

    def human(self) -> str:
        for unit, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
            if self.value >= size:
                number = f"{self.value / size:.2f}".rstrip("0").rstrip(".")
                return f"{self.currency}{number} {unit}"
        return f"{self.currency}{self.value:,.0f}"


# 'worth about $135 billion', 'valuing it at $2 billion', 'market value': what a stake or a company is
# worth, not money anyone put in
_WORTH_BEFORE = re.compile(r"(worth|valu\w*|market (cap\w*|value))\W+(\w+\W+){0,3}$", re.I)
VALUE_WORDS = frozenset("worth valued valuation valuations value valuable market cap".split())


def amounts(text: str, worth: bool | None = None) -> list[Amount]:
    """The money amounts a statement gives; `worth` True keeps only valuations, False only the others."""
    out = []
    for m in _AMOUNT.finditer(text):
        if worth is not None and bool(_WORTH_BEFORE.search(text[: m.start()])) != worth:
            continue
        cur = {"us$": "$", "usd ": "$", "eur ": "€"}.get(m["cur"].lower(), m["cur"])
        out.append(Amount(cur, float(m["num"].replace(",", ".")) * _UNITS[m["unit"].lower()]))
    return out


def _family(f: Fact) -> str:
    rel = relations.RELATIONS.get(f.relation)
    return rel.family if rel else "other"


def _in(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {fold(text)} "


def _at(f: Fact, org: Entity) -> bool:
    """The fact places someone at the organization (or a unit named after it: 'Microsoft AI')."""
    return f.subject_id == org.id or any(fold(f.subject).startswith(n) for n in wording.names_of(org))


def _role_word(f: Fact) -> str:
    """The role qualifier in an object like 'Joelle Pineau (VP of AI research, head of FAIR)'; none in
    'Eddie Wu (Wu Yongming)', where the brackets hold the person's other name."""
    if "(" not in f.object:
        return ""
    inside = f.object.split("(", 1)[1].rstrip(")").strip()
    words = inside.replace("-", " ").split()
    if words and all(w.istitle() for w in words):
        return ""  # capitalised words only: a name ('Wu Yongming', 'Jaroslaw'), not a role
    return inside


def _on(when: str) -> str:
    """'in 2019', 'in March 2024', 'on 11 December 2015'."""
    return f"{'on' if len(when) == 10 else 'in'} {dates.human(when)}"


def _start(f: Fact) -> date:
    return dates.sort_key(f.start or f.end)


class Shapes:
    """Works on the answerer's lookup (store, entities, name index); one instance per Answerer."""

    def __init__(self, lookup: Lookup):
        self.a = lookup

    # -- helpers ------------------------------------------------------------------------------------------

    def _roles_of(self, person: Entity, scopes: list[str]) -> list[Fact]:
        return [
            f
            for f in self.a.naming(person, scopes)
            if _family(f) in relations.ROLE_FAMILIES and (f.object_id in (None, person.id))
        ]

    def _explicit_family(self, reading: Reading) -> str | None:
        """The role the question names, not counting succession words ('replaced', 'took over')."""
        for fam in reading.families:
            if fam in SUCCESSIVE_FAMILIES and not (fam == "ceo" and _succession_cue_only(reading)):
                return fam
        return None

    # -- yes / no -----------------------------------------------------------------------------------------

    def yes_no(
        self,
        reading: Reading,
        named: Sequence[tuple[Mention, Entity]],
        general: Answer | None,
        general_step: str,
        scopes: list[str],
        today: date,
    ) -> Answer | None:
        people = [e for _, e in named if e.kind == "person"]
        others = [e for _, e in named if e.kind != "person"]
        family = reading.family
        if people and others and others[0].kind != "product":
            return self._yes_no_role(people[0], others[0], family, reading, scopes, today)
        if len(named) >= 2:
            return self._yes_no_link(named[0][1], named[1][1], family, scopes)
        return self._yes_no_about(reading, named[0][1], general, scopes)

    def _yes_no_about(
        self, reading: Reading, entity: Entity, general: Answer | None, scopes: list[str]
    ) -> Answer | None:
        """'Is Demis Hassabis a Nobel laureate', 'did Arm go public in 2023': a stored fact with those words."""
        said = [w for w in reading.unknown if len(w) >= 3 and w not in GENERIC_WORDS]
        if not said:
            return None
        related = compose_unique(self.a.related(entity, scopes))
        hits = [f for f in related if any(_stem(w, f"{f.object} {f.statement}") for w in said)]
        if not hits:
            return compose.declined(messages.NOT_KNOWN_YES_NO, general)
        hits.sort(
            key=lambda f: (sum(_stem(w, f.object) for w in said), sum(_stem(w, f.statement) for w in said)),
            reverse=True,
        )
        f = hits[0]
        t = reading.time
        if t.kind == "at" and t.lo and t.hi and f.start and not dates.overlaps(f.start, f.start, t.lo, t.hi):
            return Answer(f"No — {compose._dated(f)}", (f,), (), (f,))
        if FAILED.search(f.statement) and not FAILED.search(reading.question):
            # 'did Nvidia end up buying Arm': the deal on record was abandoned
            return Answer(f"No — {f.statement}", (f,), (), (f,))
        return Answer(f"Yes — {f.statement}", (f,), (), (f,))

    def _yes_no_role(
        self,
        person: Entity,
        org: Entity,
        family: str | None,
        reading: Reading,
        scopes: list[str],
        today: date,
    ) -> Answer | None:
        held = [f for f in self._roles_of(person, scopes) if _at(f, org)]
        if family != "founder":  # a founder stays a founder: 'still at' and 'left' are about the jobs held
            held = [f for f in held if _family(f) != "founder"]
        asks_left = family == "resigned"
        if family in relations.ROLE_FAMILIES:
            held = [f for f in held if f.relation in relations.family_members(family)] or [
                f for f in held if _family(f) in SUCCESSIVE_FAMILIES and family == "ceo"
            ]
        if not held:
            if asks_left:
                return None
            if family is None or family not in relations.ROLE_FAMILIES:
                # 'did Noam Shazeer go back to Google': no role on record, but facts that link the two
                linked = self._yes_no_link(person, org, family, scopes)
                if linked is not None and not linked.declined:
                    return linked
            role_family = family if family in SUCCESSIVE_FAMILIES else "ceo"
            holders = compose._current(
                self.a.store.facts_about(org.id, scopes, relations.family_members(role_family)), today
            )
            mine = [
                f for f in compose._current(self._roles_of(person, scopes), today) if _family(f) != "founder"
            ]
            if mine:
                text = (
                    f"No, not that I know of: {person.name} is "
                    + "; ".join(
                        f"{relations.label(f.relation)} of {f.subject}"
                        + (f" (since {dates.human(f.start)})" if f.start else "")
                        for f in mine[:3]
                    )
                    + "."
                )
                return Answer(text, tuple(mine), (), tuple(mine))
            if holders:
                text = f"No, not that I know of: {org.name}'s {relations.label(holders[0].relation)} is {compose._holders(holders)}."
                return Answer(text, tuple(holders), (), tuple(holders))
            return compose.declined(messages.NOT_LINKED.format(a=person.name, b=org.name))
        current = compose._current(held, today)
        ended = [f for f in held if f not in current]
        if forms.asks_from_start(reading.words) and not asks_left:
            first = self._from_the_start(person, org, held, scopes)
            if first is not None:
                return first
        if current and not asks_left:
            f = current[0]
            since = f" since {dates.human(f.start)}" if f.start else ""
            return Answer(
                f"Yes — {person.name} has been {relations.label(f.relation)} of {f.subject}{since}.",
                (f,),
                (),
                (f,),
            )
        if current:  # 'did X leave Y' and X still holds a role there
            f = current[0]
            return Answer(
                f"No — {person.name} is still {relations.label(f.relation)} of {f.subject}.", (f,), (), (f,)
            )
        f = sorted(ended, key=lambda f: dates.sort_key(f.end or f.start), reverse=True)[0]
        now = compose._current(
            self.a.store.facts_about(f.subject_id, scopes, relations.family_members(_family(f))), today
        )
        word = "Yes" if asks_left or forms.asks_ever(reading.words) else "No"
        text = (
            f"{word} — {person.name} was {relations.label(f.relation)} of {f.subject} ({compose._when(f)})."
        )
        fields = (Field("Now", compose._holders(now)),) if now else ()
        # 'is he still CEO?' -> no; and where the person is now, when the base says
        elsewhere = [
            g
            for g in compose._current(self._roles_of(person, scopes), today)
            if _family(g) != "founder" and not _at(g, org)
        ]
        if elsewhere:
            said = "; ".join(
                f"{relations.label(g.relation)} of {g.subject}"
                + (f" (since {dates.human(g.start)})" if g.start else "")
                for g in elsewhere[:2]
            )
            fields = (*fields, Field(f"{person.name} now", said))
        return Answer(text, (f, *now, *elsewhere[:2]), fields, (f,))

    def _from_the_start(
        self, person: Entity, org: Entity, held: Sequence[Fact], scopes: list[str]
    ) -> Answer | None:
        """'Was Altman OpenAI's CEO from day one': the role's start against the organization's founding."""
        dated = [f for f in held if f.start]
        founded = [
            f
            for f in self.a.store.facts_about(org.id, scopes, relations.family_members("founder"))
            if f.start
        ]
        if not dated or not founded:
            return None
        f = min(dated, key=_start)
        born = min(founded, key=_start)
        label = relations.label(f.relation)
        assert f.start is not None and born.start is not None
        if f.start[:4] > born.start[:4]:
            text = (
                f"No — {person.name} became {label} of {f.subject} {_on(f.start)}; "
                f"{org.name} was founded {_on(born.start)}."
            )
        else:
            text = f"Yes — {person.name} has been {label} of {f.subject} since {dates.human(f.start)}, its founding."
        return Answer(text, (f, born), (), (f, born))

    def _yes_no_link(self, a: Entity, b: Entity, family: str | None, scopes: list[str]) -> Answer | None:
        keys = wording.names_of(b)
        linked = compose_unique(
            f
            for f in self.a.related(a, scopes)
            if f.object_id == b.id
            or f.subject_id == b.id
            or any(_in(f"{f.object} {f.statement}", k) for k in keys)
        )
        if not linked:
            return compose.declined(messages.NOT_LINKED.format(a=a.name, b=b.name))

        # the pair's own facts (one the subject, the other the object itself) before facts that mention both
        def own(f: Fact) -> int:
            ends = {a.id, b.id}
            if f.subject_id in ends and (
                f.object_id in ends or any(fold(f.object).startswith(k) for k in [*keys, *wording.names_of(a)])
            ):
                return 2
            return 1 if f.subject_id in ends else 0

        linked.sort(key=lambda f: (own(f), dates.sort_key(f.start)))
        if family is not None and family not in relations.ROLE_FAMILIES:
            members = relations.family_members(family)
            fitting = [f for f in linked if f.relation in members]
            if not fitting:
                f = linked[-1]
                text = f"No — not as {relations.label(members[0])} on record. What I have: {f.statement}"
                return Answer(text, (f,), (), (f,))
            linked = fitting
        done = [f for f in linked if not FAILED.search(f"{f.object} {f.statement}")]
        if not done:
            f = linked[-1]
            return Answer(f"No — {f.statement}", (f,), (), (f,))
        f = done[-1]
        fields = tuple(Field(dates.human(g.start) if g.start else "undated", g.statement) for g in done[:-1])
        return Answer(f"Yes — {f.statement}", tuple(done), fields, (f,))

    # -- comparisons --------------------------------------------------------------------------------------

    def compare(
        self,
        reading: Reading,
        named: Sequence[tuple[Mention, Entity]],
        metric: str,
        scopes: list[str],
        unnamed: tuple[str, list[Fact]] | None = None,
        versions: dict[int, tuple[str, list[Fact]]] | None = None,
    ) -> Answer:
        """Both sides' facts, with dates (or amounts); `unnamed`: a side known only as facts' objects
        ('Qwen3' in 'DeepSeek-R1 vs Qwen3'); `versions`: a side named with a version ('Mistral 7B') is
        that version's facts only."""
        joiner = next(i for i, w in enumerate(reading.words) if w in forms.COMPARE_JOINERS)
        left = [e for m, e in named if m.start < joiner]
        right = [e for m, e in named if m.start > joiner]
        if unnamed is not None:
            side = [named[0][1]][:2]
            pairs = [(self._side_name(side), self._side_facts(side, reading, scopes)), unnamed]
            if named[0][0].start > joiner:
                pairs.reverse()
            if metric == "order":
                return self._compare_order(reading, pairs)
            return compose.declined(messages.CANT_COMPARE.format(what="single amount", name=unnamed[0]))
        if not left or not right:
            left, right = [named[0][1]], [named[1][1]]
        sides = [left[:2], right[:2]]
        versions = versions or {}
        if metric == "order":
            pairs = []
            for s in sides:
                v = versions.get(s[0].id) if len(s) == 1 else None
                pairs.append(
                    v if v is not None else (self._side_name(s), self._side_facts(s, reading, scopes))
                )
            return self._compare_order(reading, pairs)
        versioned = [versions[s[0].id][0] for s in sides if len(s) == 1 and s[0].id in versions]
        if versioned:  # amounts of one version are not told apart from the maker's other amounts
            return compose.declined(messages.CANT_COMPARE.format(what="single amount", name=versioned[0]))
        return self._compare_size(sides, scopes, worth=bool(VALUE_WORDS & set(reading.words)))

    def _side_name(self, side: Sequence[Entity]) -> str:
        return " in ".join(e.name for e in side) if len(side) == 2 else side[0].name

    def _side_facts(self, side: Sequence[Entity], reading: Reading, scopes: list[str]) -> list[Fact]:
        if len(side) == 2:
            a, b = side
            keys = wording.names_of(b)
            return [
                f
                for f in self.a.related(a, scopes)
                if f.object_id == b.id
                or f.subject_id == b.id
                or any(_in(f"{f.object} {f.statement}", k) for k in keys)
            ]
        e = side[0]
        family = reading.family
        if e.kind == "person":
            roles = self._roles_of(e, scopes)
            fam = family if family in SUCCESSIVE_FAMILIES else "ceo"
            return [f for f in roles if f.relation in relations.family_members(fam)]
        if e.kind == "product":
            return [f for f in self.a.related(e, scopes) if f.relation == "released"] or self.a.related(
                e, scopes
            )
        words = [w for w in reading.unknown if len(w) >= 3]
        if words:  # "which IPO'd first": the event itself (named in the object), else any fact saying so
            # ('the Mellanox buy': the deal is Nvidia's fact, naming Mellanox)
            facts = compose_unique(self.a.related(e, scopes))
            for text_of in (lambda f: f.object, lambda f: f"{f.object} {f.statement}"):
                hits = [f for f in facts if all(_stem(w, text_of(f)) for w in words)]
                if hits:
                    return hits
        if family == "released":
            return self.a.store.facts_about(e.id, scopes, ("released",))
        if family in ("acquired", "invested_in"):  # 'the Mellanox buy': the deal, whichever side it is on
            members = relations.family_members(family)
            deals = [f for f in compose_unique(self.a.related(e, scopes)) if f.relation in members]
            if deals:
                return deals
        founded = self.a.store.facts_about(e.id, scopes, relations.family_members("founder"))
        return founded or [f for f in self.a.store.facts_about(e.id, scopes) if "formed" in f.statement]

    def order_yes_no(
        self, reading: Reading, named: Sequence[tuple[Mention, Entity]], before: bool, scopes: list[str]
    ) -> Answer:
        """'Was DeepMind around before OpenAI': Yes or No from both dates (founding, or first release)."""
        plain = Reading("", [], [], family=reading.family)
        dated: list[tuple[str, Fact]] = []
        for _, e in named[:2]:
            facts = [f for f in self._side_facts([e], plain, scopes) if f.start]
            if not facts:
                return compose.declined(messages.CANT_COMPARE.format(what="date", name=e.name))
            dated.append((e.name, min(facts, key=lambda f: dates.sort_key(f.start))))
        (n1, f1), (n2, f2) = dated
        s1, s2 = f1.start or "", f2.start or ""
        if s1 == s2 or (s1[:4] == s2[:4] and 4 in (len(s1), len(s2))):
            text = f"I can't tell which came first: both {n1} and {n2} date from {dates.human(min(s1, s2))}."
            return Answer(text, (f1, f2), _dated_fields(dated), (f1, f2), declined=True)
        first = dates.sort_key(s1) < dates.sort_key(s2)
        verdict = "Yes" if first == before else "No"
        order = "came before" if first else "came after"
        text = f"{verdict} — {n1} ({dates.human(s1)}) {order} {n2} ({dates.human(s2)})."
        return Answer(text, (f1, f2), _dated_fields(dated), (f1, f2))

    def _compare_order(self, reading: Reading, sides: Sequence[tuple[str, list[Fact]]]) -> Answer:
        dated: list[tuple[str, Fact]] = []
        for name, side_facts in sides:
            facts = [f for f in side_facts if f.start]
            if not facts:
                return compose.declined(messages.CANT_COMPARE.format(what="date", name=name))
            dated.append((name, min(facts, key=lambda f: dates.sort_key(f.start))))
        later_wins = any(w in _LATER_WINS for w in reading.words)
        (n1, f1), (n2, f2) = dated
        k1, k2 = dates.sort_key(f1.start), dates.sort_key(f2.start)
        if f1.start == f2.start or (
            f1.start
            and f2.start
            and f1.start[:4] == f2.start[:4]
            and (len(f1.start) == 4 or len(f2.start) == 4)
        ):
            text = f"I can't tell which came first: both {n1} and {n2} date from {dates.human(min(f1.start or '', f2.start or ''))}."
            return Answer(text, (f1, f2), _dated_fields(dated), (f1, f2), declined=True)
        first, second = (dated[0], dated[1]) if k1 < k2 else (dated[1], dated[0])
        winner = second if later_wins else first
        words = set(reading.words)
        if later_wins:
            lead = f"{winner[0]} came later"
        elif "longer" in words:
            lead = f"{winner[0]} has held it longer"
        elif words & {"older", "oldest"}:
            lead = f"{winner[0]} is older"
        else:
            lead = f"{winner[0]} came first"
        text = (
            f"{lead}: {first[0]} ({dates.human(first[1].start or '')}), "
            f"then {second[0]} ({dates.human(second[1].start or '')})."
        )
        return Answer(text, (f1, f2), _dated_fields(dated), (f1, f2))

    def _compare_size(self, sides: list[list[Entity]], scopes: list[str], worth: bool) -> Answer:
        """Money put in against money put in, valuations against valuations: a stake worth $135 billion
        is not what Microsoft invested."""
        sized: list[tuple[str, Amount, Fact]] = []
        for side in sides:
            name = self._side_name(side)
            best: tuple[Amount, Fact] | None = None
            for f in self._side_facts(side, Reading("", [], []), scopes):
                for amt in amounts(f.statement, worth=worth):
                    if best is None or amt.value > best[0].value:
                        best = (amt, f)
            if best is None or len(side) < 2:
                # one entity alone has many amounts (rounds, valuations): no single figure to set against another
                return compose.declined(messages.CANT_COMPARE.format(what="single amount", name=name))
            sized.append((name, *best))
        (_n1, a1, f1), (n2, a2, f2) = sized
        if a1.currency != a2.currency:
            return compose.declined(messages.CANT_COMPARE.format(what="amount in the same currency", name=n2))
        big, small = (sized[0], sized[1]) if a1.value >= a2.value else (sized[1], sized[0])
        text = f"{big[0]} was larger: {big[1].human()} against {small[1].human()}."
        fields = tuple(
            Field(dates.human(f.start) if f.start else "undated", f.statement) for _, _, f in sized
        )
        return Answer(text, (f1, f2), fields, (f1, f2))

    # -- totals -------------------------------------------------------------------------------------------

    def total(
        self, reading: Reading, named: Sequence[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        if len(named) == 1 and named[0][1].kind == "organization":
            return self._raised_total(named[0][1], scopes)
        if len(named) < 2:
            return None
        a, b = named[0][1], named[1][1]
        keys_b, keys_a = wording.names_of(b), wording.names_of(a)
        linked = compose_unique(
            f
            for f in [*self.a.related(a, scopes), *self.a.related(b, scopes)]
            if f.relation == "invested_in"
            and (
                (f.subject_id == a.id and (f.object_id == b.id or any(_in(f.object, k) for k in keys_b)))
                or (f.subject_id == b.id and (f.object_id == a.id or any(_in(f.object, k) for k in keys_a)))
            )
        )
        if not linked:
            return None
        linked.sort(key=lambda f: dates.sort_key(f.start))
        stated = [f for f in linked if re.search(r"\btotal\b", f.statement, re.I) and amounts(f.statement)]
        if stated:
            f = stated[-1]
            when = dates.human(f.start) if f.start else "undated"
            text = f"Latest stated total ({when}): {f.statement}"
            fields = tuple(
                Field(dates.human(g.start) if g.start else "undated", g.statement)
                for g in linked
                if g is not f
            )
            return Answer(text, (f, *[g for g in linked if g is not f]), fields, (f,))
        tranches = [(f, amounts(f.statement)) for f in linked]
        listed = tuple(Field(dates.human(f.start) if f.start else "undated", f.statement) for f in linked)
        if any(not amt for _, amt in tranches) or any(not f.start for f in linked):
            return Answer(messages.NO_TOTAL, tuple(linked), listed, (), declined=True)
        firsts = [amt[0] for _, amt in tranches]
        if len({x.currency for x in firsts}) != 1:
            return Answer(messages.NO_TOTAL, tuple(linked), listed, (), declined=True)
        total = Amount(firsts[0].currency, sum(x.value for x in firsts))
        span = f"{dates.human(linked[0].start or '')} to {dates.human(linked[-1].start or '')}"
        text = f"Sum of the {len(linked)} dated tranches on record ({span}): {total.human()}."
        if len(linked) == 1:
            text = f"One tranche on record ({dates.human(linked[0].start or '')}): {firsts[0].human()}."
        return Answer(text, tuple(linked), listed, tuple(linked))

    def _raised_total(self, org: Entity, scopes: list[str]) -> Answer | None:
        """'How much has Mistral raised in total': a stated total, else the rounds (never summed: one round
        has many investors, each stored on its own)."""
        rounds = sorted(
            (f for f in compose_unique(self.a.naming(org, scopes)) if f.relation == "invested_in"),
            key=lambda f: dates.sort_key(f.start),
        )
        if not rounds:
            return None
        # the company's own total ('total funding', 'raised … in total'), not one investor's ('its total')
        own = re.compile(
            r"total (funding|raised|capital)|raised (a total|\S+ in total)|funding to date", re.I
        )
        stated = [f for f in rounds if own.search(f.statement) and amounts(f.statement)]
        listed = tuple(Field(dates.human(f.start) if f.start else "undated", f.statement) for f in rounds)
        if stated:
            f = stated[-1]
            when = dates.human(f.start) if f.start else "undated"
            others = tuple(g for g in listed if g.value != f.statement)
            return Answer(f"Latest stated total ({when}): {f.statement}", tuple(rounds), others, (f,))
        text = messages.NO_RAISED_TOTAL.format(name=org.name)
        return Answer(text, tuple(rounds), listed[-compose.MAX_LIST :], (), declined=True)

    # -- succession ---------------------------------------------------------------------------------------

    def _successor_in_prose(
        self, person: Entity, orgs: Sequence[Entity], family: str | None, direction: str, scopes: list[str]
    ) -> Answer | None:
        """A tenure stored only in prose: TSMC's chair fact for Mark Liu says he was chairman 'from founder
        Morris Chang's retirement in June 2018'. With the organization and the role both asked, the first
        dated holder of that role whose statement names the person answers 'who followed X as chair'."""
        if direction != "successor" or not orgs or family is None or family not in SUCCESSIVE_FAMILIES:
            return None
        surname = fold(person.name).split()[-1]
        told = sorted(
            (
                f
                for f in self.a.store.facts_about(orgs[0].id, scopes, relations.family_members(family))
                if f.start
                and f.object_id != person.id
                and (_in(f.statement, surname) or _in(f.statement, surname + "s"))  # 'Chang's'
                and not _in(f.object, surname)
            ),
            key=_start,
        )
        if not told:
            return None
        f = told[0]
        return Answer(f.statement, (f,), (), (f,))

    def succession(
        self,
        reading: Reading,
        named: Sequence[tuple[Mention, Entity]],
        direction: str,
        scopes: list[str],
        today: date,
    ) -> Answer | None:
        people = [e for _, e in named if e.kind == "person"]
        orgs = [e for _, e in named if e.kind == "organization"]
        if not people:
            return None
        person = people[0]
        family = self._explicit_family(reading)
        roles = [f for f in self._roles_of(person, scopes) if _family(f) in SUCCESSIVE_FAMILIES]
        if orgs:
            roles = [f for f in roles if _at(f, orgs[0])]
        if family is not None:
            roles = [f for f in roles if f.relation in relations.family_members(family)]
        role_said = ""
        if family is not None:
            role_said = f" as {relations.label(relations.family_members(family)[0])}"
        if orgs:
            role_said += f" at {orgs[0].name}"
        missing = messages.NO_SUCCESSOR if direction == "successor" else messages.NO_PREDECESSOR
        if not roles:
            told = self._successor_in_prose(person, orgs, family, direction, scopes)
            return told or compose.declined(missing.format(name=person.name, role=role_said))
        if direction == "successor":
            ended = [f for f in roles if f.end] or roles
            role = max(ended, key=lambda f: dates.sort_key(f.end or f.start))
        else:
            role = max(roles, key=_start)
        peers = [
            f
            for f in self.a.store.facts_about(
                role.subject_id, scopes, relations.family_members(_family(role))
            )
            if f.id != role.id
            and f.object_id != person.id
            and fold(f.object) != fold(person.name)
            and (not _role_word(f) or not _role_word(role) or fold(_role_word(f)) == fold(_role_word(role)))
        ]
        surname = fold(person.name).split()[-1]
        said = f"{person.name} ({relations.label(role.relation)} of {role.subject}, {compose._when(role)})"
        if direction == "successor":
            began = dates.sort_key(role.start) if role.start else None
            named_after = [
                f
                for f in peers
                if compose.SUCCESSION_WORDS.search(f.statement)
                and _in(f.statement, surname)
                # a holder from before (whose statement names their successor) did not come after
                and (began is None or not f.start or dates.sort_key(f.start) > began)
            ]
            cut = dates.sort_key(role.end or role.start) if (role.end or role.start) else None
            later = sorted(
                [f for f in peers if f.start and cut is not None and dates.sort_key(f.start) >= cut],
                key=_start,
            )
            chain = compose_unique([*named_after, *later])[:3]
            chain.sort(key=_start)
            if not chain:
                return compose.declined(missing.format(name=person.name, role=role_said))
            steps: dict[str | None, list[Fact]] = {}
            for f in chain:  # co-holders who started together are one step: 'A and B (interim co-CEOs, …)'
                steps.setdefault(f.start, []).append(f)
            text = f"After {said}: " + "; then ".join(compose._holders(g) for g in steps.values()) + "."
            return Answer(text, (role, *chain), (), tuple(chain))
        cut = _start(role)
        earlier = sorted(
            [f for f in peers if (f.start or f.end) and _start(f) < cut and role.start],
            key=_start,
            reverse=True,
        )
        if earlier:
            text = f"Before {said}: {compose._holders(earlier[:1])}."
            return Answer(text, (role, earlier[0]), (), (earlier[0],))
        if compose.TOOK_OVER.search(role.statement):
            return Answer(role.statement, (role,), (), (role,))
        return compose.declined(missing.format(name=person.name, role=role_said))

    # -- a person's earlier roles -------------------------------------------------------------------------

    def earlier_roles(
        self, reading: Reading, named: Sequence[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        people = [e for _, e in named if e.kind == "person"]
        if not people:
            return None
        person = people[0]
        cue = next((i for i, w in enumerate(reading.words) if w in forms.EARLIER_CUES), -1)
        # 'what did X work on at Google before Groq': the landmark is the one after 'before'
        orgs = [e for m, e in named if e.kind != "person" and m.start > cue] or [
            e for _, e in named if e.kind != "person"
        ]
        mine = compose_unique([*self.a.naming(person, scopes), *self.a.store.facts_about(person.id, scopes)])
        family = self._explicit_family(reading) or (reading.family if reading.family == "founder" else None)
        marks = [f for f in mine if not orgs or _at(f, orgs[0])] or [
            f for f in mine if orgs and any(_in(f"{f.object} {f.statement}", n) for n in wording.names_of(orgs[0]))
        ]
        if family is not None:
            marks = [f for f in marks if f.relation in relations.family_members(family)] or marks
        if not marks:
            return None
        landmark = min(marks, key=lambda f: dates.sort_key(f.start or f.end or f.as_of))
        then = landmark.subject if landmark.subject_id != person.id else (orgs[0].name if orgs else "that")
        cut = dates.sort_key(landmark.start) if landmark.start else None
        earlier = [
            f
            for f in mine
            if f.id != landmark.id
            and cut is not None
            and (
                (f.start and dates.sort_key(f.start) < cut)
                or (not f.start and f.end and dates.sort_key(f.end) <= cut)
            )
            and not _at(f, self.a.entity(landmark.subject_id))
        ]
        earlier.sort(key=lambda f: dates.sort_key(f.start or f.end), reverse=True)
        at_org = [f for f in marks if f.subject_id == landmark.subject_id] or [landmark]
        prose = [
            f
            for f in at_org
            if prior_trace(f.statement, f.subject, person.name)
            or self._names_other_org(f, person, landmark, scopes)
        ]
        if not earlier and not prose and cut is not None:
            # told only in another organization's statement: 'eight Google researchers, including intern
            # Aidan Gomez, published …' (2017), before Cohere (2019)
            prose = [
                f
                for f in self.a.store.search(person.name, scopes, limit=20, match_all=True)
                if f.id != landmark.id
                and f.start
                and dates.sort_key(f.start) < cut
                and _in(f.statement, fold(person.name))
                and not _at(f, self.a.entity(landmark.subject_id))
            ]
            prose.sort(key=lambda f: dates.sort_key(f.start), reverse=True)
        if not earlier and not prose:
            return compose.declined(messages.NO_EARLIER.format(name=person.name, then=then))
        parts = []
        for f in earlier[: compose.MAX_LIST]:
            where = f.subject if f.subject_id != person.id else f.object
            label = relations.label(f.relation) if _family(f) in relations.ROLE_FAMILIES else ""
            when = (f.start or "") if _family(f) == "founder" else compose._when(f)
            parts.append(f"{label} of {where} ({when})" if label else compose._dated(f))
        when = f" ({dates.human(landmark.start)})" if landmark.start else ""
        if parts:
            text = f"Before {then}{when}, {person.name} was " + "; ".join(parts) + "."
        else:
            text = prose[0].statement
        fields = tuple(
            Field("On record", f.statement) for f in prose[: 2 if parts else 1] if parts or f is not prose[0]
        )
        return Answer(text, (*earlier, *prose), fields, tuple([*earlier[:2], *prose[:1]]))

    def _names_other_org(self, f: Fact, person: Entity, landmark: Fact, scopes: list[str]) -> bool:
        """The statement names an organization besides the landmark's: a trace of where they were before."""
        words = re.findall(r"[^\W_]+", f.statement)
        folded = [fold(w) for w in words]
        for m in self.a.index.find(folded, scopes):
            e = self.a.entity(m.entity_id)
            # a name in prose is capitalized: 'together with' is not Together AI
            proper = len(folded) == len(words) and words[m.start][:1].isupper()
            if (
                proper
                and e.kind == "organization"
                and e.id not in (landmark.subject_id, person.id, f.subject_id)
            ):
                return True
        return False


def prior_trace(statement: str, landmark_org: str, person: str = "") -> bool:
    """The statement says where someone was before, not only the role they moved into. With several
    people in it ('… with fellow Tsinghua alumni Zhou Xinyu'), the trace must stand next to the person."""
    here = set(fold(landmark_org).split())
    surname = person.split()[-1] if person.split() else ""
    for m in PRIOR.finditer(statement):
        if surname and _about_someone_else(statement[m.end() :], surname):
            continue
        if m.group(1):
            return True
        named = [
            w
            for w in fold(m.group(0)).split()
            if w != "s"  # "AMD's chief operating officer": the possessive, not another name
            and w
            not in (
                "head",
                "founder",
                "chief",
                "ceo",
                "cto",
                "cfo",
                "coo",
                "president",
                "of",
                "co",
                "executive",
            )
        ]
        if named and not set(named) <= here:
            return True
    return False


def _about_someone_else(after: str, surname: str) -> bool:
    """The words right after a trace ('alumni Zhou Xinyu') name another person than the one asked about."""
    nxt = re.findall(r"[^\W_]+", after)[:4]
    if surname in nxt:
        return False
    return any(a[:1].isupper() and b[:1].isupper() for a, b in itertools.pairwise(nxt))


def _succession_cue_only(reading: Reading) -> bool:
    succession_words = {
        "took over",
        "replaced",
        "succeeded",
        "successor",
        "step down",
        "stepped down",
        "interim",
    }
    return reading.cue in succession_words


def _stem(word: str, text: str) -> bool:
    folded = fold(text).split()
    return (
        any(t.startswith(word[: max(4, len(word) - 2)]) for t in folded) if len(word) > 4 else word in folded
    )


def _prefixed(word: str, answer: Answer) -> Answer:
    return Answer(
        f"{word} — {compose.headline(answer)}",
        answer.facts,
        answer.fields[1:] if answer.text.rstrip().endswith(":") else answer.fields,
        answer.headline_facts,
    )


def _dated_fields(dated: Sequence[tuple[str, Fact]]) -> tuple[Field, ...]:
    return tuple(Field(name, compose._dated(f) if f.start else f.statement) for name, f in dated)


def compose_unique(facts: Iterable[Fact]) -> list[Fact]:
    seen: dict[int, Fact] = {}
    for f in facts:
        seen.setdefault(f.id, f)
    return list(seen.values())
