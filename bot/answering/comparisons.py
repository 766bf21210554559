"""Comparisons answered from both sides' facts with dates or amounts, or refused when one side is missing."""

from __future__ import annotations

from collections.abc import Sequence

from factbot.bot.answering import compose, forms, wording
from factbot.bot.answering.amounts import VALUE_WORDS, Amount, amounts
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import SUCCESSIVE_FAMILIES, mentions, roles_of, stem_said
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Field

_LATER_WINS = frozenset({"newer", "younger", "later", "latest", "newest"})


class Comparisons:
    """Two sides' facts set against each other: which came first, which is larger."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

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

    def _side_name(self, side: Sequence[Entity]) -> str:
        return " in ".join(e.name for e in side) if len(side) == 2 else side[0].name

    def _side_facts(self, side: Sequence[Entity], reading: Reading, scopes: list[str]) -> list[Fact]:
        if len(side) == 2:
            a, b = side
            keys = wording.names_of(b)
            return [
                f
                for f in self.lookup.related(a, scopes)
                if f.object_id == b.id
                or f.subject_id == b.id
                or any(mentions(f"{f.object} {f.statement}", k) for k in keys)
            ]
        e = side[0]
        family = reading.family
        if e.kind == "person":
            roles = roles_of(self.lookup, e, scopes)
            fam = family if family in SUCCESSIVE_FAMILIES else "ceo"
            return [f for f in roles if f.relation in relations.family_members(fam)]
        if e.kind == "product":
            return [
                f for f in self.lookup.related(e, scopes) if f.relation == "released"
            ] or self.lookup.related(e, scopes)
        words = [w for w in reading.unknown if len(w) >= 3]
        if words:  # "which IPO'd first": the event itself (named in the object), else any fact saying so
            # ('the Mellanox buy': the deal is Nvidia's fact, naming Mellanox)
            facts = wording.unique(self.lookup.related(e, scopes))
            for text_of in (lambda f: f.object, lambda f: f"{f.object} {f.statement}"):
                hits = [f for f in facts if all(stem_said(w, text_of(f)) for w in words)]
                if hits:
                    return hits
        if family == "released":
            return self.lookup.store.facts_about(e.id, scopes, ("released",))
        if family in ("acquired", "invested_in"):  # 'the Mellanox buy': the deal, whichever side it is on
            members = relations.family_members(family)
            deals = [f for f in wording.unique(self.lookup.related(e, scopes)) if f.relation in members]
            if deals:
                return deals
        founded = self.lookup.store.facts_about(e.id, scopes, relations.family_members("founder"))
        return founded or [f for f in self.lookup.store.facts_about(e.id, scopes) if "formed" in f.statement]

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
        fields = compose.dated_lines(f for _, _, f in sized)
        return Answer(text, (f1, f2), fields, (f1, f2))


def _dated_fields(dated: Sequence[tuple[str, Fact]]) -> tuple[Field, ...]:
    return tuple(Field(name, compose._dated(f) if f.start else f.statement) for name, f in dated)
