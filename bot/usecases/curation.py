"""Turning what a person typed into stored facts: validation, entity resolution, defaults.

Shared by chat commands, the seed loader and the importer, so a fact is checked the same way however it
arrives. Permissions are not decided here (see bot.permissions).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from factbot.bot.domain import dates, messages, relations, sources, validation
from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.model import FactDraft, visible_scopes
from factbot.bot.storage.store import Store

_PERSON_ROLES = relations.ROLE_FAMILIES


def check(draft: FactDraft) -> dict[str, Any]:
    """The checks that need no database: subject, relation, object, dates and source, cleaned.

    Proposals use these alone (nothing is created until an admin approves); `prepare` builds on them."""
    start, end = validation.date_range(draft.start, draft.end)
    source_url = source(draft.source_url, draft.allow_weak_source)
    return {
        "subject": validation.text_field(draft.subject, "subject", required=True),
        "relation": validation.relation(draft.relation),
        "object": validation.text_field(draft.object, "object", required=True),
        "start": start,
        "end": end,
        "source_url": source_url,
    }


def source(url: str | None, allow_weak: bool = False) -> str:
    """A checked source URL; a host on the weak-source list is refused (with the reason) unless allowed."""
    cleaned = validation.url(url)
    refused = None if allow_weak else sources.refusal(cleaned)
    if refused:
        raise BadArgument(refused)
    return cleaned


class Entities(Protocol):
    """Where names are resolved to entities: the Store itself, or a storage batch writer during an import."""

    def find_entity_id(self, name: str, scopes: Sequence[str]) -> int | None: ...

    def ensure_entity(self, name: str, kind: str, scope: str, actor: str, description: str = "") -> int: ...


def prepare(store: Store, draft: FactDraft, scope: str, actor: str, today: date) -> dict[str, Any]:
    """Validate a draft and resolve its subject/object to entities; returns the row values to store."""
    return resolve(store, fields(draft, actor, today), draft, scope, actor)


def fields(draft: FactDraft, actor: str, today: date) -> dict[str, Any]:
    """Every check and default that needs no database (so a bulk import can resolve names per batch)."""
    checked = check(draft)
    subject, rel, obj = checked["subject"], checked["relation"], checked["object"]
    start, end, source_url = checked["start"], checked["end"], checked["source_url"]
    as_of = dates.parse_optional(draft.as_of, "as_of") or today.isoformat()
    statement = validation.text_field(draft.statement, "statement") or default_statement(
        subject, rel, obj, start, end
    )
    source_title = validation.text_field(draft.source_title, "source_title") or (
        validation.source_title_for(source_url) or f"added by {actor}"
    )
    note = validation.text_field(draft.note, "note")
    return {
        "subject": subject,
        "relation": rel,
        "object": obj,
        "start": start,
        "end": end,
        "statement": statement,
        "source_url": source_url,
        "source_title": source_title,
        "as_of": as_of,
        "note": note,
    }


def resolve(
    entities: Entities, values: dict[str, Any], draft: FactDraft, scope: str, actor: str
) -> dict[str, Any]:
    """The checked fields with their subject and object resolved to entities (created when new)."""
    subject, rel, obj = values["subject"], values["relation"], values["object"]
    subject_id = entities.ensure_entity(subject, validation.kind(draft.subject_kind), scope, actor)
    object_id = link_object(entities, obj, draft.object_entity, scope)
    if object_id is None and relations.RELATIONS[rel].family in _PERSON_ROLES and _looks_like_one_name(obj):
        object_id = entities.ensure_entity(obj, "person", scope, actor)
    if object_id == subject_id:
        raise BadArgument(messages.SAME_SUBJECT_OBJECT)
    return {
        "subject_id": subject_id,
        "relation": rel,
        "object": obj,
        "object_id": object_id,
        **{
            k: values[k] for k in ("start", "end", "statement", "source_url", "source_title", "as_of", "note")
        },
        "scope": scope,
    }


def link_object(entities: Entities, obj: str, explicit: str | None, scope: str) -> int | None:
    """The entity an object names: 'OpenAI ($1 billion)' -> OpenAI; multi-name text links to none."""
    scopes = visible_scopes(scope)
    for candidate in object_candidates(obj, explicit):
        found = entities.find_entity_id(candidate, scopes)
        if found is not None:
            return found
    if explicit:
        raise BadArgument(messages.NO_ENTITY_CALLED.format(name=explicit[:60]))
    return None


def object_candidates(obj: str, explicit: str | None = None) -> list[str]:
    """The names an object may be, in the order they are tried."""
    return [c for c in (explicit, obj, obj.split(" (")[0] if " (" in obj else None) if c]


def default_statement(subject: str, rel: str, obj: str, start: str | None, end: str | None) -> str:
    when = f" ({dates.span(start, end)})" if start or end else ""
    family = relations.RELATIONS[rel].family
    if family in _PERSON_ROLES:
        return f"{obj} — {relations.label(rel)} of {subject}{when}."
    if rel == "other":
        return f"{subject}: {obj}{when}."
    return f"{subject} {relations.label(rel)} {obj}{when}."


def _looks_like_one_name(text: str) -> bool:
    return "," not in text and " and " not in text and "(" not in text and 1 <= len(text.split()) <= 4
