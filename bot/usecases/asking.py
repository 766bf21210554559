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
    reader = Reader(ctx.answerer, ctx.store, scopes, ctx.today())
    focus = ctx.conversations.get(key) if key else None
    understood = reader.understand(question, focus)
    if understood.clarify is not None:
        reply = understood.clarify
    else:
        reply = ctx.answerer.answer(understood.question, scopes, ctx.today())
        reply = reader.fit(understood, reply, focus)
        if (
            understood.rewritten
            and not understood.about
            and not understood.besides  # 'what else does altman run': not what he runs, which was said
            and not reply.answered
            and reader.stands_alone(question)
        ):
            # The follow-up reading found nothing, but the question names its own subject and asks
            # something of it: take it as asked (a bare 'and arm?' is not answered as 'who is Arm', nor
            # 'what was her job at openai' as a question about OpenAI).
            alone = ctx.answerer.answer(question, scopes, ctx.today())
            if alone.answered:
                understood, reply = replace(understood, question=question, rewritten=False, note=""), alone
        if understood.rewritten:
            reply = replace(reply, explanation=(f"read as: {understood.question}", *reply.explanation))
        if understood.note and reply.answered:
            reply = replace(reply, text=f"{understood.note} {reply.text}")
    if key:
        ctx.conversations.put(key, reader.remember(focus, understood, reply, typed=question))
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
        reader = Reader(ctx.answerer, ctx.store, visible_scopes(request.scope), ctx.today())
        ctx.conversations.put(key, reader.remember_org(ctx.conversations.get(key), org))
    facts = ctx.store.facts_about(org.id, visible_scopes(request.scope))
    reply = with_freshness(ctx, compose.leadership(org, facts, ctx.today()))
    if picture:  # an addition to the text: None when matplotlib is missing or nothing is dated
        reply = replace(reply, image=timeline.render(org.name, facts, ctx.today()))
    return reply


def complete(ctx: Services, request: Request, cmd: Complete) -> Reply:
    """Entity names for an autocomplete box, from the name index (a few bounded look-ups at any size):
    names starting with what was typed first, then names with a later word starting with it, then
    typo-tolerant ones (words that start about the same and look alike)."""
    typed = fold(clean_input(cmd.text, limit=100))
    limit = max(1, min(cmd.limit, 25))
    scopes = visible_scopes(request.scope)
    store = ctx.store
    if not typed:
        names = store.first_names(scopes, cmd.kind, limit)
        return Reply(
            text="", suggestions=tuple(sorted(names, key=str.casefold)), kind=ReplyKind.LIST, ephemeral=True
        )
    starts = sorted(store.names_starting(typed.replace(" ", ""), scopes, cmd.kind, limit), key=str.casefold)
    words = typed.split()
    last = words[-1]
    inside: list[str] = []
    close: list[str] = []
    if len(starts) < limit:
        # A later word of the name starts with the last word typed: 'labs' -> 'Velmora Labs'.
        later = store.words_starting(last, _CANDIDATE_WORDS)
        inside = [n for n in _names_with_words(ctx, later, scopes, cmd.kind) if fold(n).find(typed) > 0]
        inside = sorted(set(inside) - set(starts), key=str.casefold)
    if len(starts) + len(inside) < limit and len(last) >= 3:
        # Typos: words beginning like the typed one (first letter and one of the next two), scored.
        pool = {
            w for head in {last[:2], last[0] + last[2]} for w in store.words_starting(head, _CANDIDATE_WORDS)
        }
        scored = process.extract(last, list(pool), scorer=fuzz.WRatio, limit=limit, score_cutoff=70)
        best = [w for w, _score, _ in sorted(scored, key=lambda s: (-s[1], s[0]))]
        close = _names_with_words(ctx, best, scopes, cmd.kind)
    ranked = list(dict.fromkeys([*starts, *inside, *close]))
    return Reply(text="", suggestions=tuple(ranked[:limit]), kind=ReplyKind.LIST, ephemeral=True)


_CANDIDATE_WORDS = 500


def _names_with_words(ctx: Services, words: list[str], scopes: list[str], kind: str | None) -> list[str]:
    """Primary names of the entities whose names hold these words, in the order of the words."""
    ids: list[int] = []
    for word in words:
        ids.extend(ctx.store.postings(word))
        if len(ids) > 2000:
            break
    ids = list(dict.fromkeys(ids))
    found = ctx.store.entity_names(ids, scopes, kind)
    return list(dict.fromkeys(found[i] for i in ids if i in found))


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
