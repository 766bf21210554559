"""Follow-ups about a deal between two organizations (an investment, an acquisition): the deal is what they
carry. "how much" after "When did Amazon first invest in Anthropic?" asks that deal's amount; "and google?"
puts Google in the place of the party of the same kind that it has such a deal with (the investor here);
"how much did amazon put in" after a question about Anthropic's investors carries Anthropic as the target;
"when did it start" after a two-party deal asks when the deal began."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from factbot.bot.domain import relations
from factbot.bot.domain.model import Entity
from factbot.bot.domain.text import fold
from factbot.bot.usecases.conversation_lookups import Lookups
from factbot.bot.usecases.conversation_state import Focus, Frame
from factbot.bot.usecases.followup_words import kind_class

DEAL_FAMILIES = ("invested_in", "acquired")
_VERB = {"invested_in": "invest in", "acquired": "pay to buy"}
_START_VERB = {"invested_in": "invest in", "acquired": "agree to buy"}
_MONEY_WORDS = frozenset(
    "how much big large money was is it that the deal did they pay paid invest invested put in into for "
    "spend spent cost worth total altogether".split()
)
# 'how much did amazon put in': the question stops where its target would be.
_DANGLING = frozenset({"in", "into", "invest", "invested", "pay", "paid", "put", "spend", "spent", "for"})
_ABOUT_IT = frozenset({"what", "whats", "which", "at", "how"})
# 'when?', 'when was that', 'when did it close': when the deal was made.
_WHEN_WORDS = frozenset(
    "when was is did it that this the deal happen happened close closed start started begin began first "
    "announced announce made complete completed done so and".split()
)
# 'what stake', 'at what valuation', 'what were the terms': an aspect of the deal itself
_ASPECTS = frozenset(
    "stake share shares percent percentage valuation value valued price terms size amount premium "
    "multiple equity".split()
)
_FILLER = frozenset("a an of get got take took give gave were are its their was".split())
# 'who led it', 'who led that round': after a question about what a company raised, the round's lead
_ROUND_LEAD = frozenset("who whos led lead leading it that this the round one them".split())
_RAISING = frozenset("raise raised raises raising round rounds funding seed series".split())
_STARTS = frozenset({"start", "started", "begin", "began", "happen", "happened", "first"})


class DealReading(Lookups):
    """Deal follow-ups read against the deal just talked about."""

    def deal_of(self, frame: Frame, parties: Sequence[int] = ()) -> tuple[Entity, Entity, str] | None:
        """(party, other party, family) when the frame's question is about a deal the base holds between
        two of its organizations, or between its one organization and the one party its answer named
        ('who bought MosaicML' -> Databricks): the one whose facts state it first."""
        family = self.frame_family(frame)
        orgs = [e for e in frame.entities if e.kind != "person"]
        if family is None and "deal" in frame.tokens and len(orgs) == 2:
            # 'when did nvidia close the mellanox deal': the one kind of deal the two have on record
            kinds = [k for k in DEAL_FAMILIES if any(self.linked(a, b, k) for a in orgs for b in orgs if a != b)]
            family = kinds[0] if len(kinds) == 1 else None
        if family not in DEAL_FAMILIES:
            return None
        if len(orgs) == 1:
            one = orgs[0]
            others = [self.entity(p) for p in parties if p != one.id]
            linked = [
                o for o in others if self.linked(o, one, family or "") or self.linked(one, o, family or "")
            ]
            if len(linked) != 1:
                return None  # 'who invested in Anthropic' named several: which deal is meant is not known
            orgs.append(linked[0])
        for a in orgs:
            for b in orgs:
                if a.id != b.id and self.linked(a, b, family or ""):
                    return a, b, family or ""
        return None

    def linked(self, a: Entity, b: Entity, family: str) -> bool:
        """The base holds a fact of this family by `a` about `b` (by id, or naming b in its object)."""
        names = [fold(n) for n in (b.name, *b.aliases) if fold(n)]
        for f in self.store.facts_about(a.id, self.scopes, relations.family_members(family)):
            if f.object_id == b.id or any(f" {n} " in f" {fold(f.object)} " for n in names):
                return True
        return False

    def deal_amount(self, words: Sequence[str], focus: Focus, asks: str | None = None) -> str | None:
        """'how much', 'how much did they pay': the amount of the deal just talked about; 'what stake', 'at
        what valuation': that of the deal; 'when?', 'when did that close': when it was made."""
        if focus.frame is None or not words:
            return None
        deal = self.deal_of(focus.frame, focus.parties)
        if deal is None:
            return None
        a, b, family = deal
        if _asks_amount(words) and set(words) <= _MONEY_WORDS:
            return f"how much did {a.name} {_VERB[family]} {b.name}"
        if "when" in words and set(words) <= _WHEN_WORDS:
            first = " first" if set(words) & _STARTS else ""
            return f"when did {a.name}{first} {_START_VERB[family]} {b.name}"
        aspect = set(words) & _ASPECTS and set(words) <= _ABOUT_IT | _ASPECTS | _MONEY_WORDS | _FILLER
        if words[0] in _ABOUT_IT and len(words) <= 5 and aspect and asks in (None, family):
            # 'what stake', 'at what valuation': asks nothing else (not 'which cofounder left')
            asked = [w for w in words if w not in ("it", "that", "this")]
            return " ".join(asked) + f" of {a.name} in {b.name}"
        return None

    def round_lead(self, words: Sequence[str], focus: Focus) -> str | None:
        """'who led it' after 'how much did Cohere raise in 2024': who led that round, not who leads Cohere
        (a round, not the company, is what 'it' took from a question about raising)."""
        frame = focus.frame
        if frame is None or not {"led", "lead"} & set(words) or not set(words) <= _ROUND_LEAD:
            return None
        orgs = [e for e in frame.entities if e.kind != "person"]
        if len(orgs) != 1 or not _RAISING & set(frame.tokens) or self.frame_family(frame) != "invested_in":
            return None
        return " ".join(("who led", f"{orgs[0].name}'s round", *frame.time))

    def other_round(self, words: Sequence[str], focus: Focus) -> str | None:
        """'and the series a?' after 'who led Mistral's seed': the same question about that round."""
        frame = focus.frame
        asked = _round_named(words)
        if frame is None or asked is None or self.frame_family(frame) != "invested_in":
            return None
        if not [e for e in frame.entities if e.kind != "person"]:
            return None
        tokens = list(frame.tokens)
        said = round_span(tokens)
        if said is None:
            tokens += asked
        else:
            tokens[said[0] : said[1]] = asked
        return replace(frame, tokens=tuple(tokens), time=()).render()

    def dangling_target(self, words: Sequence[str], named: Sequence[Entity], focus: Focus) -> str | None:
        """'how much did amazon put in' while Anthropic's investors are talked about: put in Anthropic; 'how
        much did google pay' while Character.AI is talked about: paid for Character.AI."""
        orgs = [e for e in named if e.kind != "person"]
        if len(named) != 1 or len(orgs) != 1 or not _asks_amount(words) or words[-1] not in _DANGLING:
            return None
        # the thing talked about, or (when that is the payer: 'when did noam go back to google') the
        # organization or product talked about just before
        talked = [t for t in (focus.topic, focus.org, *reversed(focus.things)) if t is not None]
        topic = next((t for t in talked if t != orgs[0].id and self.entity(t).kind != "person"), None)
        if topic is None:
            return None
        target = self.entity(topic)
        if self.linked(orgs[0], target, "invested_in"):
            return f"how much did {orgs[0].name} invest in {target.name}"
        # no investment on record: still the amount paid for the thing talked about, never another deal
        return f"how much did {orgs[0].name} pay for {target.name}"

    def slot_for_deal(self, entities: Sequence[Entity], new: Entity, family: str | None) -> int | None:
        """The party a newly named organization stands in for: of those of its kind, the one whose place
        gives a deal the base holds ('and google?' after Amazon's investment in Anthropic: the investor)."""
        same = [i for i, e in enumerate(entities) if kind_class(e) == kind_class(new)]
        products = [i for i, e in enumerate(entities) if e.kind == "product"]
        if not same and family == "released" and new.kind == "organization" and len(products) == 1:
            return products[0]  # "and midjourney?" after 'when was stable diffusion released': its release
        if len(same) < 2 or family not in DEAL_FAMILIES:
            return same[-1] if same else None
        fits = []
        for i in same:
            others = [e for j, e in enumerate(entities) if j != i and kind_class(e) == kind_class(new)]
            if any(self.linked(new, o, family or "") or self.linked(o, new, family or "") for o in others):
                fits.append(i)
        return fits[0] if len(fits) == 1 else same[-1]


_ROUND_FILLER = frozenset("and the what about how its their of".split())


def _round_named(words: Sequence[str]) -> list[str] | None:
    """The round a fragment names and nothing else ('and the series a', 'what about the seed')."""
    rest = [w for w in words if w not in _ROUND_FILLER]
    if rest in (["seed"], ["seed", "round"]):
        return ["seed"]
    if len(rest) in (2, 3) and rest[0] == "series" and re.fullmatch(r"[a-h]\d?", rest[1]) and rest[2:] in ([], ["round"]):
        return rest[:2]
    return None


def round_span(tokens: Sequence[str]) -> tuple[int, int] | None:
    """Where the frame names its round ('seed', 'series b'), if it does."""
    for i, t in enumerate(tokens):
        if t == "seed":
            return i, i + 1
        if t == "series" and i + 1 < len(tokens) and re.fullmatch(r"[a-h]\d?", tokens[i + 1]):
            return i, i + 2
    return None


def _asks_amount(words: Sequence[str]) -> bool:
    return any(a == "how" and b in ("much", "big", "large") for a, b in pairwise(words))
