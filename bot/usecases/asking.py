"""Questions and look-ups: ask, leadership, autocomplete and help."""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz, process

from factbot.bot.answering import compose, timeline
from factbot.bot.domain import messages, relations
from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.model import visible_scopes
from factbot.bot.domain.port import (
    Ask,
    Complete,
    Reply,
    ReplyKind,
    Request,
)
from factbot.bot.domain.text import clean_input, fold
from factbot.bot.storage.store import EDITABLE
from factbot.bot.usecases.freshness import with_freshness
from factbot.bot.usecases.services import Services, resolve_entity


def ask(ctx: Services, request: Request, cmd: Ask) -> Reply:
    question = clean_input(cmd.question)
    if not fold(question):
        raise BadArgument(messages.EMPTY_QUESTION)
    reply = ctx.answerer.answer(question, visible_scopes(request.scope), ctx.today())
    if ctx.log_questions and reply.kind != "help":
        ctx.store.log_question(
            question, reply.answered, reply.fact_ids, reply.confidence, request.platform, request.scope
        )
    # Only a claim about today ("X has been CEO since …") can have gone stale; past events cannot.
    reply = with_freshness(ctx, reply, ctx.answerer.checked(reply))
    return reply if cmd.explain else replace(reply, explanation=())


def leadership(ctx: Services, request: Request, name: str, picture: bool = False) -> Reply:
    org = resolve_entity(ctx, name, request.scope)
    facts = ctx.store.facts_about(org.id, visible_scopes(request.scope))
    reply = with_freshness(ctx, compose.leadership(org, facts, ctx.today()))
    if picture:  # an addition to the text: None when matplotlib is missing or nothing is dated
        reply = replace(reply, image=timeline.render(org.name, facts, ctx.today()))
    return reply


def complete(ctx: Services, request: Request, cmd: Complete) -> Reply:
    """Entity names for an autocomplete box: prefix matches first, then typo-tolerant ones."""
    typed = fold(clean_input(cmd.text, limit=100))
    names = sorted(
        {e.name for e in ctx.store.entities(visible_scopes(request.scope)) if cmd.kind in (None, e.kind)},
        key=str.casefold,
    )
    limit = max(1, min(cmd.limit, 25))
    if not typed:
        return Reply(text="", suggestions=tuple(names[:limit]), kind=ReplyKind.LIST, ephemeral=True)
    starts = [n for n in names if fold(n).startswith(typed)]
    inside = [n for n in names if typed in fold(n) and n not in starts]
    close = [
        name
        for name, score, _ in process.extract(
            typed, [fold(n) for n in names], scorer=fuzz.WRatio, limit=limit, score_cutoff=70
        )
    ]
    by_folded = {fold(n): n for n in names}
    ranked = list(dict.fromkeys([*starts, *inside, *(by_folded[c] for c in close)]))
    return Reply(text="", suggestions=tuple(ranked[:limit]), kind=ReplyKind.LIST, ephemeral=True)


def help(topic: str) -> Reply:
    if topic.strip().lower() in ("fact", "facts"):
        text = messages.FACT_HELP.format(
            editable=", ".join(EDITABLE), relations=", ".join(relations.RELATIONS)
        )
    else:
        text = messages.HELP
    return Reply(text=text, kind=ReplyKind.HELP, ephemeral=True)
