"""What every command handler works with (the store, the question reader, today) and the small steps they share:
resolving a typed name to an entity, loading a fact the asker may change, confirming a change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from factbot.bot.answering import compose
from factbot.bot.answering.answerer import Answerer
from factbot.bot.domain import messages, validation
from factbot.bot.domain.errors import BadArgument, NotFound
from factbot.bot.domain.model import Entity, Fact, visible_scopes
from factbot.bot.domain.port import (
    Reply,
    ReplyKind,
    Request,
)
from factbot.bot.domain.text import clean_input, fold
from factbot.bot.storage.best_effort import BestEffortLog
from factbot.bot.storage.store import Store
from factbot.bot.usecases import permissions
from factbot.bot.usecases.conversation import Conversations


@dataclass
class Services:
    """The core's collaborators, built once by Core and passed to every handler."""

    store: Store
    answerer: Answerer
    today: Callable[[], date]
    log_questions: bool
    stale_after_days: int
    log: BestEffortLog  # the question log and votes: written best-effort, never in an answer's way
    conversations: Conversations = field(default_factory=Conversations)  # follow-ups, in memory only


def resolve_entity(ctx: Services, name: str, scope: str) -> Entity:
    """The entity a typed name means (typos forgiven), or NotFound with the closest names."""
    cleaned = clean_input(name, limit=200)
    if not fold(cleaned):
        raise BadArgument(messages.NAME_AN_ORGANIZATION)
    scopes = visible_scopes(scope)
    exact = ctx.store.find_entity(cleaned, scopes)
    if exact:
        return exact
    ctx.answerer.refresh()
    index = ctx.answerer.index
    words = fold(cleaned).split()
    mentions = index.find(words, scopes)
    if mentions:
        best = max(mentions, key=lambda m: (m.end - m.start, m.score))
        if best.end - best.start >= len(words) - 1 and best.score >= 0.75:
            return ctx.answerer.entity(best.entity_id)
    near = [ctx.answerer.entity(e).name for e in index.near(words, scopes)]
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise NotFound(messages.UNKNOWN_ORG.format(name=cleaned[:60]) + hint)


def subject_for_new_fact(ctx: Services, name: str, scope: str) -> tuple[Entity | None, str]:
    """The entity a new fact's subject names, by its exact name or alias (case, accents and spacing aside),
    or (None, the cleaned name) for a new entity. A look-alike never silently becomes an existing entity:
    a name that is only a misspelling of a known one is refused with 'did you mean' ('Anthropik'), and a
    known name with more words ('Anthropic Foundation') is a new entity of its own."""
    cleaned = clean_input(name, limit=200)
    exact = ctx.store.find_entity(cleaned, visible_scopes(scope)) if fold(cleaned) else None
    if exact is not None:
        return exact, exact.name
    words = fold(cleaned).split()
    mentions = ctx.answerer.index.find(words, visible_scopes(scope)) if words else []
    if len(mentions) == 1 and (mentions[0].start, mentions[0].end) == (0, len(words)):
        near = ctx.answerer.entity(mentions[0].entity_id)
        raise BadArgument(messages.LOOK_ALIKE.format(name=cleaned[:60], near=near.name))
    return None, cleaned


def changeable(ctx: Services, request: Request, fact_id: int) -> Fact:
    permissions.check_may_change_anything(request)
    fact = ctx.store.fact(validation.fact_id(fact_id), permissions.scopes_to_change(request))
    permissions.check_may_change(request, fact)
    return fact


def confirm(text: str, fact: Fact) -> Reply:
    return Reply(
        text=text,
        kind=ReplyKind.CONFIRMATION,
        ephemeral=True,
        fact_ids=(fact.id,),
        sources=compose.sources([fact]),
    )
