"""'What came after GPT-4o', 'what did OpenAI put out before GPT-4': the maker's release just after (or
before) the product's own, from the dated releases on record -- never the product's own launch again."""

from __future__ import annotations

from collections.abc import Sequence

from factbot.bot.answering import compose, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import mentions
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import GENERIC_WORDS, Reading
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact

_AFTER = frozenset({"after", "following", "since"})
_BEFORE = frozenset({"before", "preceding", "prior"})


def direction(reading: Reading, at: int) -> str | None:
    """'after' or 'before' when the word right before the product says which side of it is asked."""
    before = reading.words[at - 1] if at > 0 else ""
    if before == "to" and at > 1 and reading.words[at - 2] == "prior":
        before = "prior"
    if not {"what", "whats", "which"} & set(reading.words):
        return None
    if before in _AFTER:
        return "after"
    if before in _BEFORE:
        return "before"
    return None


def _is_of(f: Fact, product: Entity) -> bool:
    return f.object_id == product.id or any(mentions(f.object, n) for n in wording.names_of(product))


def next_to(
    lookup: Lookup, reading: Reading, named: Sequence[tuple[Mention, Entity]], scopes: list[str]
) -> Answer | None:
    """The neighbouring release of the one product named, or a refusal saying none is on record; None
    when the question is not of this shape or the product's own release is not dated on record."""
    products = [(m, e) for m, e in named if e.kind == "product"]
    if len(products) != 1:
        return None
    mention, product = products[0]
    side = direction(reading, mention.start)
    maker = lookup.maker(product, scopes) if side else None
    if side is None or maker is None:
        return None
    releases = sorted(
        (
            f
            for f in lookup.store.facts_about(maker.id, scopes, relations.family_members("released"))
            if f.start
        ),
        key=lambda f: dates.sort_key(f.start),
    )
    own = [f for f in releases if _is_of(f, product)]
    if not own:
        return None
    leftover = [w for w in reading.unknown if len(w) >= 3 and w not in GENERIC_WORDS]
    if leftover:  # 'which o-series model came after o1': a series the record does not mark
        return compose.declined(f"{messages.UNSURE} {messages.NOTHING_ON.format(what=' '.join(leftover))}")
    if side == "after":
        mark = dates.sort_key(own[-1].start)
        later = [f for f in releases if f not in own and dates.sort_key(f.start) > mark]
        pick = later[0] if later else None
    else:
        mark = dates.sort_key(own[0].start)
        earlier = [f for f in releases if f not in own and dates.sort_key(f.start) < mark]
        pick = earlier[-1] if earlier else None
    when = dates.human(own[0].start or "")
    if pick is None:
        return compose.declined(
            f"I have no release by {maker.name} {side} {product.name} ({when}) on record."
        )
    text = f"{side.capitalize()} {product.name} ({when}), {maker.name}'s {'next' if side == 'after' else 'previous'} release on record: {pick.statement}"
    return Answer(text, (pick,), (), (pick,))
