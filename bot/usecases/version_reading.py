"""Versions and products of what a conversation is about: 'and v3?' after DeepSeek-R1 is DeepSeek v3, 'and
3.1?' after Llama 3 is Llama 3.1 (one the base may lack), 'when did k2 come out' after Moonshot AI is Kimi
K2 -- the product named in full, so it is read as that product, never as the one before."""

from __future__ import annotations

import re
from dataclasses import replace

from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import relations
from factbot.bot.domain.text import fold
from factbot.bot.usecases.conversation_lookups import Lookups
from factbot.bot.usecases.conversation_state import VERSION, Focus, without_version_tail
from factbot.bot.usecases.followup_words import FRAGMENT_WORDS


class VersionReading(Lookups):
    """Product and version fragments completed from the products in focus."""

    def _product_of_talked_about(self, question: str, reading: Reading, focus: Focus) -> str | None:
        """'when did k2 come out' after Moonshot AI: the one product of the company talked about whose
        name holds the word (Kimi K2); 'when did large come out' after Mistral AI, where none does: its
        products' family name before the word ('Mistral large'), so it is read as a product the base
        lacks, never as some other company's 'large language model'."""
        if reading.mentions or not (reading.family == "released" or reading.asks_when) or focus.org is None:
            return None
        words = [w for w in reading.unknown if w not in FRAGMENT_WORDS and len(w) >= 2]
        if len(words) != 1:
            return None
        word = words[0]
        if word in _NO_PRODUCT:
            # 'when did the first version come out' after Qwen: the first Qwen, never another product
            topic = self.entity(focus.topic) if focus.topic is not None else None
            if topic is None or topic.kind != "product" or not set(reading.words) & _FIRST:
                return None
            named: str | None = topic.name
        else:
            named = self._named_product(word, focus.org)
        if named is None:
            return None
        found = re.search(rf"\b{re.escape(word)}\b", question, re.IGNORECASE)
        if found is None:
            return None
        return f"{question[: found.start()]}{named}{question[found.end() :]}"

    def _named_product(self, word: str, org: int) -> str | None:
        """The product of the organization whose name holds the word, or its family name and the word."""
        made = self.store.facts_about(org, self.scopes, relations.family_members("released"))
        products = list(dict.fromkeys(f.object for f in made))
        holding = [p for p in products if word in fold(p).split()]
        if len(holding) == 1:
            return holding[0]
        stems = {_FAMILY_STEM.split(p, maxsplit=1)[0] for p in (holding or products)}
        if len(stems) != 1 or fold(next(iter(stems))) == word:
            return None  # ('gpt' of 'GPT 3' is the family itself)
        return f"{stems.pop()} {word}"

    def _other_version(self, question: str, reading: Reading, focus: Focus, lead: int) -> str | None:
        """'and v3?' after DeepSeek-R1, 'and 3.1?' after Llama 3: a version of the product family just
        talked about, named in full ('and DeepSeek v3?') so it is read as that product -- or as one the
        base does not hold, never as the one before."""
        fragment = reading.words[lead:]
        if not lead or not fragment or len(fragment) > 3 or not VERSION.match(fragment[0]):
            return None
        products = [e for e in (self.entity(t) for t in reversed(focus.things)) if e.kind == "product"]
        if not products:
            return None
        family = _FAMILY_STEM.split(products[0].name, maxsplit=1)[0]
        rest = _LEAD_TEXT.sub("", question, count=1).rstrip(" ?!.")
        if not family or not rest or not rest[0].isalnum():
            return None
        named = f"{family} {rest}"
        frame = focus.frame
        asked = [e for e in frame.entities if e.kind == "product"] if frame is not None else []
        if frame is not None and asked:
            # the last question again, about this version: 'when did Llama 3.1 come out'
            slot = frame.entities.index(asked[0])
            entities = (*frame.entities[:slot], replace(asked[0], name=named), *frame.entities[slot + 1 :])
            return replace(
                frame, tokens=without_version_tail(frame.tokens, slot), entities=entities
            ).render()
        return f"{' '.join(reading.words[:lead])} {named}"


# 'DeepSeek-R1' -> 'DeepSeek', 'Llama 3 (8B and 70B)' -> 'Llama', 'GPT-4o' -> 'GPT'
_FAMILY_STEM = re.compile(r"[\s\-]+(?=[A-Za-z]?\d)")
_LEAD_TEXT = re.compile(r"^\W*(?:what|how)?\s*(?:about|and|also|so|ok|okay|or)\b\W*", re.IGNORECASE)


# words of a question about a release that name no product of their own
_NO_PRODUCT = frozenset("version versions model models release releases edition generation one thing".split())
_FIRST = frozenset({"first", "original", "earliest"})
