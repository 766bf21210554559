"""Admins changing facts (add, edit, end, remove/restore, undo) and looking at them (history, search)."""

from __future__ import annotations

from dataclasses import replace

from factbot.bot.answering import compose
from factbot.bot.domain import dates, messages, relations, validation
from factbot.bot.domain.errors import BadArgument, BotError, NotFound
from factbot.bot.domain.model import Fact, FactDraft, visible_scopes
from factbot.bot.domain.port import (
    AddFact,
    EditFact,
    EndFact,
    Field,
    Reply,
    ReplyKind,
    Request,
)
from factbot.bot.domain.text import clean_input, fold
from factbot.bot.storage.store import EDITABLE
from factbot.bot.usecases import curation, permissions
from factbot.bot.usecases.services import (
    Services,
    changeable,
    confirm,
    resolve_entity,
    subject_for_new_fact,
)


def add(ctx: Services, request: Request, cmd: AddFact) -> Reply:
    scope = permissions.scope_for_new_fact(request)
    draft = FactDraft(
        subject=cmd.subject,
        relation=cmd.relation,
        object=cmd.object,
        start=cmd.start,
        end=cmd.end,
        source_url=cmd.source_url,
        statement=cmd.statement,
    )
    curation.check(draft)  # a bad field is reported before any talk of entities
    with ctx.store.write():
        known, subject_name = subject_for_new_fact(ctx, cmd.subject, scope)
        contained = "" if known else _named_inside(ctx, subject_name, scope)
        values = curation.prepare(
            ctx.store, replace(draft, subject=subject_name), scope, request.actor, ctx.today()
        )
        duplicate = ctx.store.find_duplicate(
            values["subject_id"], values["relation"], values["object"], values["start"], scope
        )
        if duplicate is not None:
            hint = " (removed; bring it back with fact restore)" if ctx.store.fact(duplicate).removed else ""
            raise BadArgument(messages.ALREADY_STORED.format(id=duplicate, hint=hint))
        fact_id = ctx.store.add_fact(values, request.actor)
    fact = ctx.store.fact(fact_id)
    subject = ctx.store.entity(fact.subject_id)
    if known is not None:
        about = messages.ADDED_ABOUT.format(name=subject.name, kind=subject.kind)
    else:
        template = messages.ADDED_NOT_THE_SAME if contained else messages.ADDED_NEW_ENTITY
        about = template.format(kind=subject.kind, name=subject.name, other=contained)
    text = messages.ADDED.format(id=fact_id, statement=fact.statement) + " " + about
    return confirm(text, fact)


def _named_inside(ctx: Services, name: str, scope: str) -> str:
    """A known entity named inside a new entity's name ('Anthropic' in 'Anthropic Foundation'), to say it
    is not that one; empty when there is none."""
    for mention in ctx.answerer.index.find(fold(name).split(), visible_scopes(scope)):
        return ctx.answerer.entity(mention.entity_id).name
    return ""


def edit(ctx: Services, request: Request, cmd: EditFact) -> Reply:
    fact = changeable(ctx, request, cmd.fact_id)
    changes: dict[str, str] = {}
    for field_name, raw in cmd.changes:
        name = field_name.strip().lower()
        if name not in EDITABLE:
            raise BadArgument(messages.CANNOT_EDIT.format(name=name[:30], fields=", ".join(EDITABLE)))
        changes[name] = raw
    if not changes:
        raise BadArgument(messages.SAY_WHAT_TO_CHANGE)
    merged: dict[str, object] = {k: getattr(fact, k) for k in EDITABLE} | changes
    start, end = validation.date_range(_s(merged["start"]), _s(merged["end"]))
    clean: dict[str, object] = {}
    for name, value in changes.items():
        text: str | None = value
        if name == "relation":
            clean[name] = validation.relation(text or "")
        elif name in ("start", "end"):
            clean[name] = start if name == "start" else end
        elif name == "as_of":
            clean[name] = dates.parse(text or "", "as_of")
        elif name == "source_url":
            clean[name] = curation.source(text)
        else:
            clean[name] = validation.text_field(text, name, required=name in ("object", "statement"))
    if "object" in clean:
        clean["object_id"] = curation.link_object(ctx.store, str(clean["object"]), None, fact.scope)
        if clean["object_id"] == fact.subject_id:
            raise BadArgument(messages.SAME_SUBJECT_OBJECT)
    how = _restate(fact, clean)
    with ctx.store.write():
        ctx.store.update_fact(fact.id, clean, request.actor)
        if how in ("flagged", "cleared", "rewritten"):
            ctx.store.flag_for_rewrite(fact.id, how == "flagged")
    updated = ctx.store.fact(fact.id)
    text = messages.EDITED.format(id=fact.id, statement=updated.statement)
    return confirm(_with_restated(text, how), updated)


def _restate(fact: Fact, changes: dict[str, object]) -> str:
    """Keep the sentence true when what the fact says changes without a new statement (the old sentence
    stays in the history either way). A new relation or object: the sentence is regenerated from the
    fields, so answers and search never keep the old name ("rewritten"). New dates under the sentence the
    bot generated: regenerated quietly (""). New dates under a hand-written sentence: kept, and the fact is
    flagged for rewriting ("flagged"; `fact stale` lists it until someone sets statement=). "cleared": a
    flagged fact got a new sentence."""
    if "statement" in changes:
        return "cleared" if fact.needs_rewrite else ""
    if not any(k in changes for k in ("relation", "object", "start", "end")):
        return ""
    merged = {k: changes.get(k, getattr(fact, k)) for k in ("relation", "object", "start", "end")}
    old_default = curation.default_statement(fact.subject, fact.relation, fact.object, fact.start, fact.end)
    custom = fact.statement != old_default
    if custom and not any(k in changes for k in ("relation", "object")):
        return "flagged"
    changes["statement"] = curation.default_statement(
        fact.subject, str(merged["relation"]), str(merged["object"]), _s(merged["start"]), _s(merged["end"])
    )
    return "rewritten" if custom else ("cleared" if fact.needs_rewrite else "")


def end(ctx: Services, request: Request, cmd: EndFact) -> Reply:
    fact = changeable(ctx, request, cmd.fact_id)
    if fact.end and not cmd.end:
        raise BadArgument(messages.ALREADY_ENDED.format(id=fact.id, end=dates.human(fact.end)))
    end = dates.parse(cmd.end, "end") if cmd.end else ctx.today().isoformat()
    validation.date_range(fact.start, end)
    changes: dict[str, object] = {"end": end}
    how = _restate(fact, changes)
    with ctx.store.write():
        ctx.store.update_fact(fact.id, changes, request.actor, action="end")
        if how in ("flagged", "cleared", "rewritten"):
            ctx.store.flag_for_rewrite(fact.id, how == "flagged")
    updated = ctx.store.fact(fact.id)
    text = messages.ENDED.format(id=fact.id, end=dates.human(end), statement=updated.statement)
    return confirm(_with_restated(text, how), updated)


def _with_restated(text: str, how: str) -> str:
    if how == "rewritten":
        return f"{text} {messages.RESTATED}"
    if how == "flagged":
        return f"{text} {messages.REWRITE_FLAGGED}"
    return text


def remove(ctx: Services, request: Request, fact_id: int, removed: bool) -> Reply:
    fact = changeable(ctx, request, fact_id)
    if fact.removed == removed:
        raise BadArgument((messages.ALREADY_REMOVED if removed else messages.NOT_REMOVED).format(id=fact_id))
    ctx.store.set_removed(fact_id, removed, request.actor)
    template = messages.REMOVED if removed else messages.RESTORED
    return confirm(template.format(id=fact_id, statement=fact.statement), fact)


def undo(ctx: Services, request: Request) -> Reply:
    permissions.check_may_change_anything(request)
    entry = ctx.store.last_change(request.actor)
    if entry is None:
        raise NotFound(messages.NOTHING_TO_UNDO)
    fact = ctx.store.fact(entry.fact_id)
    permissions.check_may_change(request, fact)
    later = ctx.store.changed_since(entry, request.actor)
    if later is not None:
        raise BadArgument(messages.CHANGED_SINCE.format(id=entry.fact_id, actor=_actor_label(later, request)))
    ctx.store.undo(entry, request.actor)
    return confirm(messages.UNDONE.format(action=entry.action, id=entry.fact_id), fact)


def history(ctx: Services, request: Request, fact_id: int) -> Reply:
    fact = ctx.store.fact(validation.fact_id(fact_id), permissions.scopes_to_change(request))
    lines = []
    for h in ctx.store.history(fact.id):
        change = _describe_change(h.old, h.new)
        undone = " (undone)" if h.undone_by else ""
        lines.append(Field(f"{h.at} · {h.action} by {_actor_label(h.actor, request)}{undone}", change or "—"))
    state = ("removed" if fact.removed else "live") + (", sentence to re-check" if fact.needs_rewrite else "")
    ctx.log.flush()
    asked = ctx.store.ask_counts([fact.id])[fact.id]
    up, down = ctx.store.feedback_counts(fact.id)
    text = f"Fact #{fact.id} ({state}) · as of {fact.as_of} · asked {asked}× · 👍 {up} 👎 {down}: {fact.statement}"
    return Reply(
        text=text,
        fields=tuple(lines),
        kind=ReplyKind.LIST,
        ephemeral=True,
        fact_ids=(fact.id,),
        sources=compose.sources([fact]),
    )


def search(ctx: Services, request: Request, text: str) -> Reply:
    cleaned = clean_input(text, limit=200)
    if not fold(cleaned):
        raise BadArgument(messages.SAY_WHAT_TO_SEARCH)
    scopes = visible_scopes(request.scope)
    found = ctx.store.search(cleaned, scopes, limit=10, match_all=True) or ctx.store.search(
        cleaned, scopes, limit=10
    )
    try:
        entity = resolve_entity(ctx, cleaned, request.scope)
        about = ctx.store.facts_about(entity.id, scopes)
        found = list({f.id: f for f in [*about, *found]}.values())[:15]
    except BotError:
        pass
    if not found:
        return Reply(
            text=messages.NO_SEARCH_RESULTS.format(text=cleaned[:60]), kind=ReplyKind.LIST, ephemeral=True
        )
    fields = tuple(
        Field(
            f"#{f.id} {f.subject} · {relations.label(f.relation)} · {f.object}",
            f"{dates.span(f.start, f.end)} · as of {f.as_of} · {f.scope}",
        )
        for f in found
    )
    return Reply(
        text=f"{len(found)} facts match {cleaned[:60]!r}:",
        fields=fields,
        kind=ReplyKind.LIST,
        ephemeral=True,
        fact_ids=tuple(f.id for f in found),
    )


def _actor_label(actor: str, request: Request) -> str:
    """Who made a change, as this reader may see it: the operator's OS account name stays on the
    operator's machine (members read "the operator")."""
    if actor.startswith("console:") and request.platform != "console":
        return "the operator"
    return actor


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def _describe_change(old: dict[str, object] | None, new: dict[str, object] | None) -> str:
    if old is None and new is not None:
        return f"added: {new.get('statement') or new.get('object')}"
    keys = sorted(set(old or {}) | set(new or {}))
    return "; ".join(f"{k}: {(old or {}).get(k)!r} → {(new or {}).get(k)!r}" for k in keys)
