"""The 'did you mean' questions offered beside an answer or a refusal: the ones the base can answer."""

from __future__ import annotations

from factbot.bot.answering.lookup import Lookup
from factbot.bot.domain import messages, relations
from factbot.bot.domain.model import Entity


def suggest(lookup: Lookup, entity: Entity, family: str | None, exclude: str | None = None) -> list[str]:
    if family is not None:
        return [question_for(entity, family)]
    if entity.kind != "organization":
        return [question_for(entity, None)]
    known = {
        relations.RELATIONS[f.relation].family
        for f in lookup.store.facts_about(entity.id, [entity.scope])
        if f.relation in relations.RELATIONS
    }
    return [
        relations.question_for(f, entity.name)
        for f in relations.SUGGESTION_ORDER
        if f in known and f != exclude
    ][:3]


def question_for(entity: Entity, family: str | None) -> str:
    if entity.kind == "person":
        return messages.PERSON_QUESTION.format(name=entity.name)
    if entity.kind == "product":
        return messages.PRODUCT_QUESTION.format(name=entity.name)
    return relations.question_for(family or "ceo", entity.name)
