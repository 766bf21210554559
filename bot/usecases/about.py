"""Knowledge offered without a question: what factbot knows about the names in a message someone is
reading (Slack's message shortcut, Discord's "Ask factbot" menu), and the latest leadership changes."""

from __future__ import annotations

from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, visible_scopes
from factbot.bot.domain.port import AboutText, Field, RecentChanges, Reply, ReplyKind, Request, Source
from factbot.bot.domain.text import clean_input, fold
from factbot.bot.usecases.services import Services

MAX_ENTITIES = 3
MAX_TEXT = 4000
# A name found inside running text must match exactly: typo-tolerance there finds names nobody wrote.
_EXACT = 1.0
_ROLES = tuple(
    r.name
    for r in relations.RELATIONS.values()
    if r.family in relations.ROLE_FAMILIES and r.family != "founder"
)


def about_text(ctx: Services, request: Request, cmd: AboutText) -> Reply:
    """One short answer per organization, person or product the text names (at most three), privately."""
    scopes = visible_scopes(request.scope)
    words = fold(clean_input(cmd.text, limit=MAX_TEXT)).split()
    index = ctx.answerer.index
    found: list[Entity] = []
    for m in index.find(words, scopes):
        entity = ctx.answerer.entity(m.entity_id)
        if m.score >= _EXACT and len(fold(m.surface)) > 2 and all(e.id != entity.id for e in found):
            found.append(entity)
    fields: list[Field] = []
    sources: list[Source] = []
    fact_ids: list[int] = []
    for entity in found:
        if len(fields) >= MAX_ENTITIES:
            break
        reply = ctx.answerer.answer(_question_for(entity), scopes, ctx.today())
        if not reply.answered:
            continue
        fields.append(Field(entity.name, reply.text))
        sources += [s for s in reply.sources[:1] if s not in sources]
        fact_ids += [i for i in reply.fact_ids if i not in fact_ids]
    if not fields:
        return Reply(text=messages.ABOUT_NOTHING, kind=ReplyKind.UNKNOWN, ephemeral=True)
    names = ", ".join(f.name for f in fields)
    return Reply(
        text=messages.ABOUT_INTRO.format(names=names),
        fields=tuple(fields),
        sources=tuple(sources),
        answered=True,
        confidence=1.0,
        fact_ids=tuple(fact_ids),
        ephemeral=True,
        kind=ReplyKind.ANSWER,
    )


def _question_for(entity: Entity) -> str:
    if entity.kind == "person":
        return messages.PERSON_QUESTION.format(name=entity.name)
    if entity.kind == "product":
        return messages.PRODUCT_QUESTION.format(name=entity.name)
    return relations.question_for("ceo", entity.name)


def recent_changes(ctx: Services, request: Request, cmd: RecentChanges) -> Reply:
    """Who took which role most recently, newest first."""
    limit = max(1, min(cmd.limit, 10))
    facts = ctx.store.recently_started(_ROLES, visible_scopes(request.scope), ctx.today().isoformat(), limit)
    if not facts:
        return Reply(text=messages.NO_RECENT_CHANGES, kind=ReplyKind.LIST)
    fields = tuple(
        Field(
            f.subject,
            f"{f.object} — {relations.label(f.relation)} since {dates.human(f.start or '')}",
        )
        for f in facts
    )
    return Reply(
        text=messages.RECENT_CHANGES,
        fields=fields,
        kind=ReplyKind.LIST,
        fact_ids=tuple(f.id for f in facts),
        sources=tuple(Source(f.source_title or f.source_url, f.source_url, f.as_of) for f in facts[:3]),
    )
