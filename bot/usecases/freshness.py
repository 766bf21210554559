"""Keeping answers honest about their age: the freshness note, the stale report and re-confirming a fact."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from factbot.bot.domain import dates, messages, relations, validation
from factbot.bot.domain.model import Fact, visible_scopes
from factbot.bot.domain.port import (
    Field,
    Reply,
    ReplyKind,
    Request,
    VerifyFact,
)
from factbot.bot.usecases import curation
from factbot.bot.usecases.services import Services, changeable, confirm


def with_freshness(ctx: Services, reply: Reply, checked: Sequence[str] | None = None) -> Reply:
    """Say so plainly when an answer claims a current state (an open role, "now") checked long ago.

    `checked`: when the facts behind that claim were last confirmed; none means the answer claims nothing
    current (a historical event), so it carries no note. Without it (leadership, a listing of who holds
    what today) the answer's sources count.
    """
    dated = [d for d in checked if d] if checked is not None else [s.as_of for s in reply.sources if s.as_of]
    if not reply.answered or not dated:
        return reply
    oldest = min(dated, key=dates.first_day)
    if (ctx.today() - dates.last_day(oldest)).days <= ctx.stale_after_days:
        return reply
    note = Field("Note", messages.MAY_HAVE_CHANGED.format(when=dates.month_year(oldest)))
    return replace(reply, fields=(*reply.fields, note))


SHOWN = 25  # rows of the stale report
# Roles that go stale while open (a current CEO); a founder stays the founder.
OPEN_ROLES = tuple(
    name
    for name, rel in relations.RELATIONS.items()
    if rel.family in relations.ROLE_FAMILIES - {"founder"}
)


def stale(ctx: Services, request: Request, age: str | None) -> Reply:
    """Facts due for re-checking: open roles first (a current CEO is what goes stale), then the most-asked,
    then the oldest; a fact no dated source confirmed (no as-of) counts as the oldest."""
    days = dates.parse_age(age) if age else ctx.stale_after_days
    cutoff = (ctx.today() - timedelta(days=days)).isoformat()
    ctx.log.flush()  # the questions still waiting count too
    count, facts = ctx.store.stale(cutoff, visible_scopes(request.scope), OPEN_ROLES, limit=SHOWN)
    if not count:
        return Reply(text=messages.NOTHING_STALE.format(days=days), kind=ReplyKind.LIST, ephemeral=True)
    asked = ctx.store.ask_counts([f.id for f in facts])
    facts.sort(
        key=lambda f: (not _open_role(f), -asked[f.id], f.as_of and str(dates.first_day(f.as_of)), f.id)
    )
    facts = facts[:SHOWN]
    fields = tuple(
        Field(
            f"#{f.id} {f.subject} · {relations.label(f.relation)} · {f.object}",
            f"as of {f.as_of or 'no dated source'} · asked {asked[f.id]}×"
            + (" · sentence to re-check" if f.needs_rewrite else ""),
        )
        for f in facts
    )
    text = messages.STALE.format(count=count, days=days)
    return Reply(
        text=text,
        fields=fields,
        kind=ReplyKind.LIST,
        ephemeral=True,
        fact_ids=tuple(f.id for f in facts),
    )


def _open_role(fact: Fact) -> bool:
    return fact.end is None and fact.relation in OPEN_ROLES


def verify(ctx: Services, request: Request, cmd: VerifyFact) -> Reply:
    """Re-confirm a fact today (optionally with a new source); it goes into the history."""
    fact = changeable(ctx, request, cmd.fact_id)
    changes: dict[str, object] = {"as_of": ctx.today().isoformat()}
    if cmd.source_url.strip():
        url = curation.source(cmd.source_url)
        changes |= {"source_url": url, "source_title": validation.source_title_for(url)}
    ctx.store.update_fact(fact.id, changes, request.actor, action="verify")
    updated = ctx.store.fact(fact.id)
    return confirm(messages.VERIFIED.format(id=fact.id, as_of=updated.as_of), updated)
