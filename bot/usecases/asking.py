"""Questions and look-ups: ask, leadership, autocomplete and help."""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz, process

from factbot.bot.answering import compose
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
    reply = with_freshness(ctx, reply)
    return reply if cmd.explain else replace(reply, explanation=())


def leadership(ctx: Services, request: Request, name: str) -> Reply:
    org = resolve_entity(ctx, name, request.scope)
    facts = ctx.store.facts_about(org.id, visible_scopes(request.scope))
    return with_freshness(ctx, compose.leadership(org, facts, ctx.today()))


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
        return Reply(text="", suggestions=tuple(sorted(names, key=str.casefold)), kind=ReplyKind.LIST, ephemeral=True)
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
        pool = {w for head in {last[:2], last[0] + last[2]} for w in store.words_starting(head, _CANDIDATE_WORDS)}
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


def help(topic: str) -> Reply:
    if topic.strip().lower() in ("fact", "facts"):
        text = messages.FACT_HELP.format(
            editable=", ".join(EDITABLE), relations=", ".join(relations.RELATIONS)
        )
    else:
        text = messages.HELP
    return Reply(text=text, kind=ReplyKind.HELP, ephemeral=True)
