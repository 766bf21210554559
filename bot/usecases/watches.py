"""Channels that follow an organization, and the weekly digest: the commands that set them up, and the
collecting of notes into the outbox that the long-running bots poll and post (adapters/watch_poster.py).

Notes come from the facts' history, so every way a fact changes (a chat command, an import, an approved
proposal, another process) is seen. Each watch keeps a cursor into the history and each note a unique key,
so one change is noted once per channel however often and from however many processes this runs.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.errors import BadArgument, NotFound
from factbot.bot.domain.model import Fact, HistoryEntry, OutboxItem, Watch, visible_scopes
from factbot.bot.domain.port import Reply, ReplyKind, Request, SetDigest, WatchOrg
from factbot.bot.domain.validation import source_title_for
from factbot.bot.storage.store import Store
from factbot.bot.usecases import permissions
from factbot.bot.usecases.services import Services, resolve_entity

DIGEST_RELATIONS = frozenset({*relations.CEO_RELATIONS, *relations.LEADERSHIP_ROLES, "board_member"})
MAX_DIGEST_LINES = 20
# Changes worth telling a channel about; a re-check (verify) that only moves the as-of date is not one.
_NOTED_FIELDS = {"relation", "object", "start", "end", "statement", "removed"}


def watch(ctx: Services, request: Request, cmd: WatchOrg) -> Reply:
    channel = _channel(request)
    if not cmd.organization.strip():
        names = [
            ctx.store.entity(w.entity_id).name
            for w in ctx.store.watches("watch", request.platform, channel)
            if w.entity_id is not None
        ]
        text = messages.WATCH_LIST.format(names=", ".join(names)) if names else messages.NO_WATCHES
        return Reply(text=text, kind=ReplyKind.LIST, ephemeral=True)
    org = resolve_entity(ctx, cmd.organization, request.scope)
    if not cmd.on:
        if not ctx.store.remove_watch("watch", request.platform, channel, org.id):
            raise NotFound(messages.NOT_WATCHING.format(name=org.name))
        return _done(messages.UNWATCHED.format(name=org.name))
    _, new = ctx.store.add_watch(_values(request, channel, "watch", org.id))
    return _done((messages.WATCHING if new else messages.ALREADY_WATCHING).format(name=org.name))


def digest(ctx: Services, request: Request, cmd: SetDigest) -> Reply:
    cadence = cmd.cadence.strip().lower()
    if cadence not in ("weekly", "off"):
        raise BadArgument(messages.DIGEST_USAGE)
    channel = _channel(request)
    if cadence == "off":
        if not ctx.store.remove_watch("digest", request.platform, channel, None):
            raise NotFound(messages.DIGEST_NOT_ON)
        return _done(messages.DIGEST_OFF)
    values = {**_values(request, channel, "digest", None), "period": week_of(ctx.today())}
    _, new = ctx.store.add_watch(values)
    return _done(messages.DIGEST_ON if new else messages.DIGEST_ALREADY)


def collect(store: Store, now: datetime) -> int:
    """Turn new history into notes for every watch, and post each due digest; returns notes queued."""
    queued = 0
    with store.write():
        watches = store.watches("watch")
        if watches:
            queued += _collect_watches(store, watches)
        for d in store.watches("digest"):
            queued += _collect_digest(store, d, now)
    return queued


def pending(store: Store, platform: str, limit: int = 50) -> list[OutboxItem]:
    return store.undelivered(platform, limit)


def delivered(store: Store, item_ids: list[int]) -> None:
    store.mark_delivered(item_ids)


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# -- notes --------------------------------------------------------------------------------------------------


def note(fact: Fact, entry: HistoryEntry) -> str | None:
    """One line for a channel about one change of a fact, with its source; None when not worth a note."""
    changed = set((entry.new or {}).keys()) | set((entry.old or {}).keys())
    if entry.action not in ("add", "undo") and not changed & _NOTED_FIELDS:
        return None
    new = entry.new or {}
    match entry.action:
        case "add":
            what = "added"
        case "end":
            what = f"ended {dates.human(str(new.get('end')))}" if new.get("end") else "ended"
        case "remove":
            what = "retired"
        case "restore":
            what = "restored"
        case "undo":
            what = "a change was undone"
        case _:
            what = "changed (" + ", ".join(sorted(changed & _NOTED_FIELDS)) + ")"
    source = ""
    if fact.source_url:
        title = fact.source_title or source_title_for(fact.source_url) or "source"
        source = f" Source: {title} — {fact.source_url}"
    statement = " ".join(fact.statement.split())
    return f"{fact.subject}: {what} — {statement}{source}"


def _collect_watches(store: Store, watches: list[Watch]) -> int:
    queued = 0
    cursor = min(w.cursor for w in watches)
    facts: dict[int, Fact] = {}
    newest = cursor
    while True:
        entries = store.history_since(cursor)
        if not entries:
            break
        for entry in entries:
            newest = max(newest, entry.id)
            fact = facts.get(entry.fact_id) or store.fact(entry.fact_id)
            facts[entry.fact_id] = fact
            for w in watches:
                if entry.id <= w.cursor or w.entity_id != fact.subject_id:
                    continue
                if fact.scope not in visible_scopes(w.scope):
                    continue
                text = note(fact, entry)
                if text and store.queue_note(w, f"watch:{w.id}:{entry.id}", text):
                    queued += 1
        cursor = entries[-1].id
    for w in watches:
        if newest > w.cursor:
            store.set_watch_progress(w.id, cursor=newest)
    return queued


def _collect_digest(store: Store, d: Watch, now: datetime) -> int:
    this_week = week_of(now.date())
    if d.period and d.period >= this_week:
        return 0
    monday = now.date() - timedelta(days=now.date().weekday())
    start = monday - timedelta(days=7)
    week = week_of(start)
    lines: list[str] = []
    seen: set[int] = set()
    scopes = visible_scopes(d.scope)
    for entry in store.history_between(_stamp(start), _stamp(monday)):
        fact = store.fact(entry.fact_id)
        if fact.relation not in DIGEST_RELATIONS or fact.scope not in scopes:
            continue
        text = note(fact, entry)
        if text and entry.id not in seen:
            seen.add(entry.id)
            lines.append(f"• {text}")
    shown = {
        "start": dates.human(start.isoformat()),
        "end": dates.human((monday - timedelta(days=1)).isoformat()),
    }
    if lines:
        more = len(lines) - MAX_DIGEST_LINES
        body = "\n".join(lines[:MAX_DIGEST_LINES]) + (f"\n… and {more} more" if more > 0 else "")
        text = messages.DIGEST_HEAD.format(**shown) + "\n" + body
    else:
        text = messages.DIGEST_NONE.format(**shown)
    queued = int(store.queue_note(d, f"digest:{d.id}:{week}", text))
    store.set_watch_progress(d.id, period=this_week)
    return queued


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+00:00"


def _channel(request: Request) -> str:
    permissions.check_may_change_anything(request)
    if not request.channel_id:
        raise BadArgument(messages.WATCH_NEEDS_CHANNEL)
    return request.channel_id


def _values(request: Request, channel: str, kind: str, entity_id: int | None) -> dict[str, object]:
    return {
        "kind": kind,
        "platform": request.platform,
        "workspace_id": request.workspace_id,
        "channel_id": channel,
        "scope": request.scope,
        "entity_id": entity_id,
        "added_by": request.actor,
    }


def _done(text: str) -> Reply:
    return Reply(text=text, kind=ReplyKind.CONFIRMATION, ephemeral=True)
