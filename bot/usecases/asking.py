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
from factbot.bot.usecases.conversation import Reader
from factbot.bot.usecases.freshness import with_freshness
from factbot.bot.usecases.services import Services, resolve_entity


def ask(ctx: Services, request: Request, cmd: Ask) -> Reply:
    question = clean_input(cmd.question)
    if not fold(question):
        raise BadArgument(messages.EMPTY_QUESTION)
    scopes = visible_scopes(request.scope)
    key = conversation_key(request)
    reader = Reader(ctx.answerer, ctx.store, scopes)
    focus = ctx.conversations.get(key) if key else None
    understood = reader.understand(question, focus)
    if understood.clarify is not None:
        reply = understood.clarify
    else:
        reply = ctx.answerer.answer(understood.question, scopes, ctx.today())
        if understood.rewritten and not reply.answered and reader.names_something(question):
            # The follow-up reading found nothing, but the question names its own subject: take it as asked.
            alone = ctx.answerer.answer(question, scopes, ctx.today())
            if alone.answered:
                understood, reply = replace(understood, question=question, rewritten=False, note=""), alone
        if understood.rewritten:
            reply = replace(reply, explanation=(f"read as: {understood.question}", *reply.explanation))
        if understood.note and reply.answered:
            reply = replace(reply, text=f"{understood.note} {reply.text}")
    if key:
        ctx.conversations.put(key, reader.remember(focus, understood, reply))
    if ctx.log_questions and reply.kind != "help":
        ctx.log.question(
            question, reply.answered, reply.fact_ids, reply.confidence, request.platform, request.text_scope
        )
    # Only a claim about today ("X has been CEO since …") can have gone stale; past events cannot.
    reply = with_freshness(ctx, reply, ctx.answerer.checked(reply))
    return reply if cmd.explain else replace(reply, explanation=())


def conversation_key(request: Request) -> str | None:
    """The memory key: the adapter's conversation within its platform and workspace (DMs have none)."""
    if request.conversation is None:
        return None
    return f"{request.platform}:{request.workspace_id or '-'}:{request.conversation}"


def leadership(ctx: Services, request: Request, name: str, picture: bool = False) -> Reply:
    org = resolve_entity(ctx, name, request.scope)
    key = conversation_key(request)
    if key:
        reader = Reader(ctx.answerer, ctx.store, visible_scopes(request.scope))
        ctx.conversations.put(key, reader.remember_org(ctx.conversations.get(key), org))
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


def help(topic: str, platform: str = "console") -> Reply:
    if topic.strip().lower() in ("fact", "facts"):
        text = messages.FACT_HELP.format(
            editable=", ".join(EDITABLE), relations=", ".join(relations.RELATIONS)
        )
    else:
        text = help_text(platform)
    return Reply(text=text, kind=ReplyKind.HELP, ephemeral=True)


def help_text(platform: str) -> str:
    """The general help, ending with how to ask on this platform."""
    return messages.HELP + "\n" + messages.PLATFORM_HELP.get(platform, messages.PLATFORM_HELP["console"])
